"""The journal: files written together, all or none, and a crash at any point put right by
the next command (docgen.core.journal). Crashes are real: a child process kills itself
with SIGKILL at a named point (DOCGEN_CRASH_AT)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docgen.core import journal
from docgen.core.digests import sha256
from docgen.core.errors import ResourceError
from docgen.core.journal import CONFLICT_SUFFIX, Transaction, file_digest, recover

from .conftest import ROOT

OLD = {"a.txt": b"old a", "b.txt": b"old b"}
NEW = {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}  # c.txt is a new file


def folder_with_old(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name, data in OLD.items():
        (folder / name).write_bytes(data)
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def crashed_write(tmp_path: Path, crash: str) -> Path:
    """Run the transaction old → new in a child process killed at ``crash``."""
    folder = folder_with_old(tmp_path)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from docgen.testing.crash import install_from_environment
        install_from_environment()
        from docgen.core.journal import Transaction
        folder = Path({str(folder)!r})
        tx = Transaction(Path({str(tmp_path / "state")!r}), [folder], "essai")
        for name, data in {NEW!r}.items():
            old = folder / name
            tx.stage(old, data, __import__("hashlib").sha256(old.read_bytes()).hexdigest()
                     if old.exists() else None)
        tx.commit()
        """
    )
    env = {**os.environ, "DOCGEN_CRASH_AT": crash}
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL, f"not killed at {crash}"
    return folder


def test_commit_replaces_every_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = folder_with_old(tmp_path)
    state = tmp_path / "state"
    with Transaction(state, [folder]) as tx:
        for name, data in NEW.items():
            tx.stage(folder / name, data, file_digest(folder / name))
        assert contents(folder) == OLD  # nothing replaced before the commit
    assert contents(folder) == NEW
    assert not journal.pending(state)
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_an_error_before_the_commit_deletes_what_was_staged(tmp_path: Path) -> None:
    folder = folder_with_old(tmp_path)
    state = tmp_path / "state"
    with pytest.raises(RuntimeError), Transaction(state, [folder]) as tx:
        tx.stage(folder / "a.txt", b"new a", sha256(OLD["a.txt"]))
        raise RuntimeError("rendering failed")
    assert contents(folder) == OLD
    assert list(folder.glob(".docgen-*")) == []
    assert not journal.pending(state)


def test_an_error_during_the_renames_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_with_old(tmp_path)
    real_replace = os.replace
    renames = []

    def failing(src: str, dst: str) -> None:
        if Path(src).name.startswith(".docgen-") and Path(src).suffix == ".tmp":
            renames.append(dst)
            if len(renames) == 2:
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(ResourceError) as error, Transaction(tmp_path / "state", [folder]) as tx:
        for name, data in NEW.items():
            tx.stage(folder / name, data, file_digest(folder / name))
    assert "disque plein : impossible d'écrire le fichier" in error.value.message
    assert contents(folder) == OLD  # a.txt, already replaced, is back; c.txt never came
    assert list(folder.glob(".docgen-*")) == []


def test_a_crash_before_the_commit_is_undone(tmp_path: Path) -> None:
    folder = crashed_write(tmp_path, "stage:3")  # killed while writing the third
    assert len(list(folder.glob(".docgen-*.tmp"))) == 3
    done = recover(tmp_path / "state")
    assert contents(folder) == OLD
    assert list(folder.glob(".docgen-*")) == []
    (message,) = done.messages
    assert "« docgen essai »" in message and "annulée" in message
    assert "3 fichier(s) préparé(s) supprimé(s)" in message
    assert not journal.pending(tmp_path / "state")


@pytest.mark.parametrize("crash", ["journal:2", "rename:1", "rename:2", "rename:3", "cleanup:2"])
def test_a_crash_after_the_commit_is_finished(tmp_path: Path, crash: str) -> None:
    folder = crashed_write(tmp_path, crash)
    done = recover(tmp_path / "state")
    if crash == "journal:2":  # killed while writing the committed journal: not yet valid
        assert contents(folder) == OLD
        assert "annulée" in done.messages[0]
    else:
        assert contents(folder) == NEW
        assert "terminée" in done.messages[0]
    assert list(folder.glob(".docgen-*")) == []
    assert not journal.pending(tmp_path / "state")
    assert recover(tmp_path / "state").messages == ()  # nothing left to do


def test_a_staged_file_lost_after_the_commit_rolls_everything_back(tmp_path: Path) -> None:
    folder = crashed_write(tmp_path, "rename:2")
    assert (folder / "a.txt").read_bytes() == NEW["a.txt"]  # the first rename was done
    content = json.loads((tmp_path / "state" / "journal.json").read_text("utf-8"))
    Path(content["files"][2]["staged"]).write_bytes(b"damaged")
    done = recover(tmp_path / "state")
    assert contents(folder) == OLD  # a.txt restored from its backup, c.txt removed
    assert list(folder.glob(".docgen-*")) == []
    assert "remis comme avant" in done.messages[-1] and "c.txt" in done.messages[-1]


def test_a_file_changed_after_the_crash_is_never_overwritten(tmp_path: Path) -> None:
    folder = crashed_write(tmp_path, "rename:2")
    (folder / "b.txt").write_bytes(b"edited by a colleague after the crash")
    done = recover(tmp_path / "state")
    assert (folder / "b.txt").read_bytes() == b"edited by a colleague after the crash"
    assert (folder / f"b.txt{CONFLICT_SUFFIX}").read_bytes() == NEW["b.txt"]
    assert (folder / "a.txt").read_bytes() == NEW["a.txt"]
    assert (folder / "c.txt").read_bytes() == NEW["c.txt"]
    assert any("b.txt" in m and CONFLICT_SUFFIX in m for m in done.messages)


@pytest.mark.parametrize("second", ["recover:1", "cleanup:1", "cleanup:3"])
def test_a_crash_during_recovery_is_recovered_the_next_time(tmp_path: Path, second: str) -> None:
    folder = crashed_write(tmp_path, "rename:1")
    state = str(tmp_path / "state")
    script = (
        "from pathlib import Path; import docgen.core.journal as j; "
        "from docgen.testing.crash import install_from_environment; "
        f"install_from_environment(); j.recover(Path({state!r}))"
    )
    env = {**os.environ, "DOCGEN_CRASH_AT": second}
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    recover(tmp_path / "state")
    assert contents(folder) == NEW
    assert list(folder.glob(".docgen-*")) == []
    assert not journal.pending(tmp_path / "state")


def test_names_that_are_not_utf8_survive_the_journal(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    target = folder / os.fsdecode(b"caf\xe9.txt")
    tx = Transaction(tmp_path / "state", [folder])
    tx.stage(target, b"x", None)
    tx.commit()
    assert target.read_bytes() == b"x"


def test_a_journal_damaged_by_hand_is_reported_not_guessed(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.json").write_text("{ pas du json", "utf-8")
    with pytest.raises(ResourceError) as error:
        recover(state)
    assert "journal" in error.value.message
