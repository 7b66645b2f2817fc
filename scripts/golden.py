"""The documents of the shipped repositories, as a record of their contents, so that a
change of the code that is meant to leave every document as it was can be proved to.

    python scripts/golden.py           # compares today's documents with the record
    python scripts/golden.py --write   # records today's documents (after a change meant
                                       # to change them: a template, a rule of French)

The record (tests/data/golden/documents.json) holds, for each document of a build of
contracts/ after the 2025 budget vote of the Pas-de-Calais is applied, a digest of its
zip members in order (name and uncompressed bytes): what Word reads, independent of the
zlib that compressed it. tests/test_golden.py fails when a document differs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main as docgen

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "data" / "golden" / "documents.json"
VOTE = "contracts/pas-de-calais/budgets/2025.yaml"


def digest(document: Path) -> str:
    """The members of a .docx, in order, by name and uncompressed bytes."""
    summed = hashlib.sha256()
    with zipfile.ZipFile(document) as archive:
        for info in archive.infolist():
            summed.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return summed.hexdigest()


def documents(work: Path) -> dict[str, str]:
    """Builds the shipped repositories in ``work``, the budget vote applied, and digests
    every document."""
    for part in ("contracts", "templates"):
        shutil.copytree(ROOT / part, work / part)
    (work / "docgen.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    with contextlib.chdir(work):  # docgen works in the repository it is run from
        for command in (["budget", "apply", VOTE], ["build", "contracts/", "--quiet"]):
            result = runner.invoke(docgen, command)
            if result.exit_code != 0:
                raise RuntimeError(f"docgen {' '.join(command)} : {result.output}")
    build = work / "build"
    return {str(p.relative_to(build)): digest(p) for p in sorted(build.rglob("*.docx"))}


def main() -> int:
    options = argparse.ArgumentParser(
        description="Compare les documents des dépôts livrés avec leur empreinte enregistrée.",
        add_help=False,
    )
    options.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    options.add_argument(
        "--write", action="store_true", help="enregistre les documents d'aujourd'hui"
    )
    write = options.parse_args().write
    with tempfile.TemporaryDirectory(prefix="docgen-golden-") as temporary:
        found = documents(Path(temporary))
    if write:
        RECORD.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", "utf-8")
        print(f"{len(found)} documents enregistrés dans {RECORD.relative_to(ROOT)}")
        return 0
    recorded = json.loads(RECORD.read_text("utf-8"))
    changed = sorted(k for k in found.keys() | recorded.keys() if found.get(k) != recorded.get(k))
    for name in changed:
        print(f"différent : {name}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
