"""docgen as a user installs it: the README's install commands, run as written, give a
``docgen`` that works from a contracts repository anywhere, outside this checkout.

The commands of the README's « Installation » section are run exactly as written, in a
copy of this checkout (without .git, .venv, build/), with ``HOME`` set to a temporary
folder: ``python3 -m pip wheel …`` builds the wheel, ``pipx install dist/…whl`` and
``python3 -m venv ~/.venvs/docgen`` + ``~/.venvs/docgen/bin/pip install dist/…whl``
install it. Each installed ``docgen`` is then used from another temporary folder.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest

from .conftest import ROOT

IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tmp"
)
TIMINGS: dict[str, float] = {}
pytestmark = pytest.mark.slow


def install_commands() -> list[str]:
    """The shell lines of the README's « Installation » section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Installation\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```sh\n(.*?)\n```", section, re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


@dataclass
class Installed:
    source: Path  # the copy of docgen the wheel was built from
    home: Path  # the temporary HOME the README's commands ran with
    env: dict[str, str]
    wheel: Path
    commands: list[str]
    docgens: dict[str, Path] = field(default_factory=dict)  # "pip", "pipx" → the executable


def shell(command: str, cwd: Path, env: dict[str, str], what: str) -> str:
    started = time.perf_counter()
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    TIMINGS[what] = time.perf_counter() - started
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    source = tmp_path_factory.mktemp("copie") / "docgen"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIPX_", "VIRTUAL"))}
    env["HOME"] = str(home)
    # Keep the pip cache where it was (HOME moved): the same wheels, not a new download.
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    env.update(
        PIPX_HOME=str(home / ".local" / "pipx"),
        PIPX_BIN_DIR=str(home / ".local" / "bin"),
        PIPX_MAN_DIR=str(home / ".local" / "share" / "man"),
        # python3 and pipx of the environment running the tests (pipx is a dev dependency).
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    commands = install_commands()
    result = Installed(source, home, env, Path(), commands)
    for command in commands:
        shell(command, source, env, command)
    (result.wheel,) = (source / "dist").glob("*.whl")
    result.docgens["pip"] = home / ".venvs" / "docgen" / "bin" / "docgen"
    result.docgens["pipx"] = home / ".local" / "bin" / "docgen"
    return result


def docgen(
    installed: Installed, how: str, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    done = subprocess.run(
        [str(installed.docgens[how]), *args],
        cwd=cwd,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    TIMINGS[f"docgen {args[0]} ({how})"] = time.perf_counter() - started
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_the_readme_install_commands_are_the_ones_run(installed: Installed) -> None:
    build, pipx, venv, pip = installed.commands
    assert build == "python3 -m pip wheel --no-deps -w dist ."
    wheel = f"dist/{installed.wheel.name}"
    assert pipx == f"pipx install {wheel}"
    assert venv == "python3 -m venv ~/.venvs/docgen"
    assert pip == f"~/.venvs/docgen/bin/pip install {wheel}"
    for how, executable in installed.docgens.items():
        assert executable.exists(), how


def test_the_wheel_holds_every_subpackage_and_the_package_data(installed: Installed) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for package in (ROOT / "docgen").rglob("__init__.py"):
        assert package.relative_to(ROOT).as_posix() in names, package
    shipped = ROOT / "docgen"
    for data in [*(shipped / "schemas").glob("*.json"), *(shipped / "templates").glob("*.docx")]:
        assert data.relative_to(ROOT).as_posix() in names, data
    assert not any(name.startswith(("tests/", "contracts/", "templates/")) for name in names)


@pytest.mark.parametrize("how", ["pip", "pipx"])
def test_installed_docgen_runs_outside_the_checkout(
    installed: Installed, how: str, tmp_path: Path
) -> None:
    version = docgen(installed, how, "--version", cwd=tmp_path)
    assert version.stdout == "docgen 0.1.0\n"
    python = installed.docgens[how].resolve().parent / "python"  # pipx links its venv's
    where = subprocess.run(
        [str(python), "-c", "import docgen; print(docgen.__file__)"],
        cwd=tmp_path,
        env=installed.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "site-packages" in where and str(ROOT) not in where, where
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")  # the Nord's own templates
    checked = docgen(installed, how, "check", cwd=tmp_path)
    assert (checked.returncode, checked.stdout) == (0, "18 fichiers vérifiés : aucune anomalie.\n")
    built = docgen(installed, how, "build", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    *_, where, closing = built.stdout.splitlines()
    assert where == "Documents dans build/"
    assert re.fullmatch(r"29 documents construits, 0 à jour, 0 en échec, en \d+,\d s", closing)
    produced = sorted((tmp_path / "build").rglob("*.docx"))
    assert len(produced) == 29
    convention = tmp_path / "build/pas-de-calais/pas-de-calais_elp_2024_convention.docx"
    assert convention in produced
    text = "\n".join(p.text for p in docx.Document(str(convention)).paragraphs)
    assert "ELP" in text and "Département du Pas-de-Calais" in text
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["files"]["pas-de-calais/pas-de-calais_elp_2024_convention.docx"]
    assert entry["template"] == "docgen/templates/convention.docx"


def test_installed_docgen_starts_a_new_departement(installed: Installed, tmp_path: Path) -> None:
    project = tmp_path / "contrats-du-nord"
    project.mkdir()
    init = docgen(installed, "pip", "init", "nord", "--nom", "Nord", "--article", "du",
                  "--code", "59", cwd=project)  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    assert (project / "templates" / "nord" / "convention.docx").is_file()
    new = docgen(installed, "pip", "new", "nord", "quartiers-sud", cwd=project)
    assert new.returncode == 0, new.stdout + new.stderr
    schema = (project / "contracts/nord/quartiers-sud.yaml").read_text("utf-8").splitlines()[0]
    assert schema.endswith("$schema=../../.docgen/schemas/convention.schema.json")
    checked = docgen(installed, "pip", "check", cwd=project)
    assert checked.returncode == 1
    findings = [line for line in checked.stdout.splitlines() if line.endswith("]")]
    assert findings and all(line.endswith("[blank-left]") for line in findings)

    # Filled in (here: with the Pas-de-Calais' values), its own template is used.
    elp = ROOT / "contracts" / "pas-de-calais" / "elp.yaml"
    shutil.copy(ROOT / "contracts/pas-de-calais/departement.yaml", project / "contracts/nord")
    shutil.copy(elp, project / "contracts" / "nord" / "quartiers-sud.yaml")
    template = project / "templates" / "nord" / "convention.docx"
    document = docx.Document(str(template))
    document.paragraphs[0].insert_paragraph_before("Modèle du Nord : {{ service.name }}")
    document.save(str(template))
    built = docgen(installed, "pip", "build", cwd=project / "contracts")
    assert built.returncode == 0, built.stdout + built.stderr
    line = next(line for line in built.stdout.splitlines() if "quartiers-sud" in line)
    assert line == (
        "créé : ../build/nord/nord_quartiers-sud_2024_convention.docx "
        "(modèle : templates/nord/convention.docx)"
    )
    produced = project / "build" / "nord" / "nord_quartiers-sud_2024_convention.docx"
    first = docx.Document(io.BytesIO(produced.read_bytes())).paragraphs[0].text
    assert first.startswith("Modèle du Nord")


def test_timings(installed: Installed) -> None:
    """Not an assertion on speed: the timings, printed with ``pytest -s`` for the record."""
    for what, seconds in TIMINGS.items():
        print(f"{seconds:6.1f} s  {what}")
    assert TIMINGS
