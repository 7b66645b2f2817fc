"""The repository lock (docgen.core.lock): one writer at a time, who holds it said, never
stale after a crash, and nothing created by a command that only reads."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core import lock
from docgen.core.errors import ResourceError
from docgen.core.lock import locked, timeout

from .conftest import CONTRACTS, ROOT


def small_repository(root: Path) -> None:
    """Mayotte's contracts and templates: one convention, quick to build."""
    shutil.copytree(CONTRACTS / "mayotte", root / "contracts" / "mayotte")
    shutil.copytree(ROOT / "templates" / "mayotte", root / "templates" / "mayotte")
    (root / "docgen.toml").write_text("", "utf-8")


def test_a_second_writer_waits_then_says_who_holds_the_repository(tmp_path: Path) -> None:
    state = tmp_path / ".docgen"
    told: list[str] = []
    with locked(state, exclusive=True, command="budget apply"):
        assert (state / "lock").read_text("utf-8") == f"{os.getpid()} budget apply\n"
        busy = locked(state, exclusive=True, command="build", on_wait=told.append, wait=0.3)
        with pytest.raises(ResourceError) as error, busy:
            pass  # pragma: no cover - never reached
    assert told == [f"« docgen budget apply » (pid {os.getpid()})"]
    assert f"« docgen budget apply » (pid {os.getpid()})" in error.value.message
    assert "DOCGEN_LOCK_TIMEOUT" in (error.value.hint or "")
    assert (state / "lock").read_text("utf-8") == ""  # released: it names nobody


def test_readers_share_the_lock_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    state = tmp_path / ".docgen"
    with locked(state, exclusive=True, command="build"):
        pass  # a writer ran here once: its lock file stays
    with locked(state, exclusive=False, command="check"):
        with locked(state, exclusive=False, command="check", wait=0.3):
            pass
        busy = locked(state, exclusive=True, command="build", wait=0.3)
        with pytest.raises(ResourceError) as error, busy:
            pass  # pragma: no cover
    assert "une autre commande docgen" in error.value.message


def test_a_reader_creates_nothing(tmp_path: Path) -> None:
    with locked(tmp_path / ".docgen", exclusive=False, command="check"):
        pass
    assert not (tmp_path / ".docgen").exists()
    (tmp_path / ".docgen" / "schemas").mkdir(parents=True)  # what docgen init writes
    with locked(tmp_path / ".docgen", exclusive=False, command="check"):
        pass
    assert [p.name for p in (tmp_path / ".docgen").iterdir()] == ["schemas"]


def test_the_lock_of_a_killed_command_is_free_at_once(tmp_path: Path) -> None:
    state = tmp_path / ".docgen"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from docgen.core.lock import locked
        with locked(Path({str(state)!r}), exclusive=True, command="build"):
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert (state / "lock").read_text("utf-8").endswith(" build\n")  # written, never released
    with locked(state, exclusive=True, command="build", wait=0):
        pass


def test_timeout_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCGEN_LOCK_TIMEOUT", raising=False)
    assert timeout() == 120
    monkeypatch.setenv("DOCGEN_LOCK_TIMEOUT", "2.5")
    assert timeout() == 2.5
    monkeypatch.setenv("DOCGEN_LOCK_TIMEOUT", "bientôt")
    assert timeout() == 120


def test_a_busy_repository_refuses_clearly_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCGEN_LOCK_TIMEOUT", "0.3")
    with locked(tmp_path / ".docgen", exclusive=True, command="budget apply"):
        result = CliRunner().invoke(main, ["build"])
        assert result.exit_code == 2, result.output
        assert f"occupé par « docgen budget apply » (pid {os.getpid()})" in result.output
        assert "attente" in result.output and "rien n'a été fait" in result.output
        assert not (tmp_path / "build").exists()
        # check only reads: it shares the lock with readers, and waits for a writer too.
        assert CliRunner().invoke(main, ["check"]).exit_code == 2
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_git_status_stays_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git absent")
    small_repository(tmp_path)
    (tmp_path / ".gitignore").write_text("/build/\n", "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    who = ["-c", "user.name=essai", "-c", "user.email=essai@example.org"]
    subprocess.run(["git", *who, "commit", "-qm", "contrats"], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".docgen" / "lock").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""


def test_a_state_folder_created_by_another_command_meanwhile_is_still_the_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two builds start together: the other one creates .docgen/ just after this one looks.
    # Both must still lock the same .docgen/lock, never build/.docgen/ (CI saw it once).
    folder = tmp_path / lock.STATE_DIR
    real_exists, real_is_dir = Path.exists, Path.is_dir

    def created_right_after(check: Callable[[Path], bool]) -> Callable[[Path], bool]:
        def look(self: Path, *args: object, **kwargs: object) -> bool:
            seen = check(self)
            if self == folder and not os.path.isdir(folder):
                os.mkdir(folder)
            return seen

        return look

    monkeypatch.setattr(Path, "exists", created_right_after(real_exists))
    monkeypatch.setattr(Path, "is_dir", created_right_after(real_is_dir))
    assert lock.state_dir(tmp_path, tmp_path / "build") == folder
    assert lock.state_dir(tmp_path, tmp_path / "build") == folder


def test_the_gitignore_of_an_earlier_docgen_names_the_new_runtime_files(tmp_path: Path) -> None:
    state = tmp_path / lock.STATE_DIR
    state.mkdir()
    earlier = "".join(lock._GITIGNORE.splitlines(keepends=True)[:-1])  # one name fewer
    (state / ".gitignore").write_text(earlier, "utf-8")
    lock.prepare(state)
    assert (state / ".gitignore").read_text("utf-8") == lock._GITIGNORE
    own = earlier + "/mes-notes\n"  # a line of its user's: left as it is
    (state / ".gitignore").write_text(own, "utf-8")
    lock.prepare(state)
    assert (state / ".gitignore").read_text("utf-8") == own
