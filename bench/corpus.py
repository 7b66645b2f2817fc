"""A synthetic contracts repository: one Département, N valid conventions, one budget vote.

The Département is ``contracts/pas-de-calais/departement.yaml`` as shipped. Convention
``i`` is shipped convention ``i % 8`` with its own service and association names, its own
communes (names and INSEE codes, still of the Département: code 62…), its own dotation and
staff, so that no two documents are alike. The budget vote is the shipped
``budgets/2025.yaml``, not applied, its new measure moved to a service that exists here.
"""

from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "contracts" / "pas-de-calais"
DEPARTEMENT = "pas-de-calais"
VOTE = Path("contracts") / DEPARTEMENT / "budgets" / "2025.yaml"
# The shipped deliberations cover the shipped conventions by name, not these: the ones the
# conventions and the vote cite are declared instead, with their shipped dates.
DELIBERATIONS = """
deliberations_externes:
  - {numero: 2023-601, date: 2023-12-11, transmission: 2024-01-03, publication: 2024-01-03}
  - {numero: 2025-045, date: 2025-02-03, transmission: 2025-02-05, publication: 2025-02-05}
"""

# Scalars as a person writes them: docgen reads every scalar as text, so a Decimal is
# written plain (298764.31, not '298764.31') and a date as 2024-01-15.


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_Dumper.add_representer(Decimal, _decimal)


def _load(path: Path) -> Any:
    # The shipped files have no aliases and no tags: safe_load gives their values back,
    # floats excepted, which are re-read as Decimal so that amounts stay exact.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor(
        "tag:yaml.org,2002:float",
        lambda loader, node: Decimal(loader.construct_scalar(node)),  # type: ignore[arg-type]
    )
    return yaml.load(path.read_text("utf-8"), Loader=Loader)  # a SafeLoader


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def shipped_conventions() -> list[Path]:
    return sorted(p for p in SHIPPED.glob("*.yaml") if p.name != "departement.yaml")


def variant(data: dict[str, Any], index: int) -> dict[str, Any]:
    """Shipped convention ``data`` made the ``index``-th synthetic one (a copy)."""
    number = index + 1
    data = copy.deepcopy(data)
    data["service"]["nom"] = f"{data['service']['nom']} {number}"
    data["association"]["nom"] = f"{data['association']['nom']} (antenne {number})"
    for position, commune in enumerate(data.get("communes") or ()):
        commune["nom"] = f"{commune['nom']}-{number}-{position + 1}"
        if commune.get("insee"):
            # Unique within a convention, and in the Département (62xxx).
            commune["insee"] = f"62{(index * 7 + position * 101) % 900 + 100:03d}"
    funding = data.get("financement") or {}
    if funding.get("dotation") is not None:
        funding["dotation"] += Decimal(index % 5000) + Decimal(index % 100) / 100
    staff = data.get("effectifs") or {}
    if staff.get("travailleurs_sociaux") is not None:
        staff["travailleurs_sociaux"] += index % 3
    return data


def make_repository(root: Path, count: int) -> list[Path]:
    """Write the repository under ``root`` (created); the conventions' paths, in order."""
    folder = root / "contracts" / DEPARTEMENT
    (folder / "budgets").mkdir(parents=True, exist_ok=True)
    (root / "docgen.toml").write_text("# dépôt de contrats synthétique (banc d'essai)\n", "utf-8")
    shutil.copy(SHIPPED / "departement.yaml", folder / "departement.yaml")
    with (folder / "departement.yaml").open("a", encoding="utf-8") as departement:
        departement.write(DELIBERATIONS)
    sources = [(p.stem, _load(p)) for p in shipped_conventions()]
    paths = []
    for index in range(count):
        stem, data = sources[index % len(sources)]
        path = folder / f"{stem}-{index + 1:05d}.yaml"
        path.write_text(_dump(variant(data, index)), "utf-8")
        paths.append(path)
    vote = _load(SHIPPED / "budgets" / "2025.yaml")
    # The shipped measure names a service of the shipped folder; here it goes to the first
    # convention made from the same one, or is dropped when there is none.
    measures = []
    for measure in vote.get("mesures_nouvelles") or ():
        slugs = [p.stem for p in paths if p.stem.rsplit("-", 1)[0] == measure["service"]]
        if slugs:
            measures.append({**measure, "service": slugs[0]})
    vote["mesures_nouvelles"] = measures or None
    if vote["mesures_nouvelles"] is None:
        del vote["mesures_nouvelles"]
    (root / VOTE).write_text(_dump(vote), "utf-8")
    return paths


def copy_repository(source: Path, target: Path) -> None:
    """A fresh copy of the contracts (not the build): what ``budget apply`` may change."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "docgen.toml", target / "docgen.toml")
    shutil.copytree(source / "contracts", target / "contracts")
