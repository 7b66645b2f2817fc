"""Benchmark: how long `docgen check` takes on 1,000 contracts, against the obvious way.

The obvious way: `yaml.safe_load` then `jsonschema.validate()` on each file (which
re-checks the schema against its meta-schema at every call, and loses line numbers).
Run with `make bench`. Prints medians over several runs; nothing is asserted.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contracts" / "pas-de-calais"
COUNT = 1000
RUNS = 5


def make_corpus(folder: Path) -> list[Path]:
    shutil.copy(SOURCE / "departement.yaml", folder / "departement.yaml")
    conventions = sorted(p for p in SOURCE.glob("*.yaml") if p.name != "departement.yaml")
    paths = []
    for i in range(COUNT):
        source = conventions[i % len(conventions)]
        target = folder / f"{source.stem}-{i:04d}.yaml"
        target.write_bytes(source.read_bytes())
        paths.append(target)
    return paths


def median_seconds(action: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from docgen.commands.check import check

    schema = json.loads((ROOT / "docgen" / "schemas" / "convention.schema.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_corpus(folder)

        def docgen_in_process() -> None:
            result = check([folder])
            assert not result.findings and len(result.files) == COUNT + 1  # + departement.yaml

        def obvious() -> None:
            for path in paths:
                data = yaml.safe_load(path.read_text("utf-8"))
                # safe_load turns dates into date objects; stringify as docgen's loader keeps them
                jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)

        ours = median_seconds(docgen_in_process)
        theirs = median_seconds(obvious, runs=3)
        command = [sys.executable, "-m", "docgen", "check", str(folder)]
        cli = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True))

    print(f"{COUNT} contrats, médiane de {RUNS} passages")
    print(f"  docgen check (en processus, schéma + règles) : {ours:6.3f} s")
    print(f"  docgen check (commande complète)             : {cli:6.3f} s  (objectif : < 2 s)")
    print(f"  safe_load + jsonschema.validate() par fichier : {theirs:6.3f} s  (schéma seul)")
    print(f"  rapport : docgen est {theirs / ours:4.1f} fois plus rapide que l'approche évidente")


if __name__ == "__main__":
    main()
