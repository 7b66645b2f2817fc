"""``docgen new``: the commented skeleton of a new convention, where ``docgen check`` expects it.

``docgen new nord mon-service`` writes ``contracts/nord/mon-service.yaml`` in the current
contracts repository; ``docgen new chemin/vers/mon-service.yaml`` writes exactly there.
Either way the Département must exist first (``docgen init nord``), and no file is ever
overwritten. Every value to fill is a blank (« à compléter », « AAAA-MM-JJ ») so that
``docgen check`` rejects the file for those blanks only, one finding each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from docgen.commands import skeletons
from docgen.commands.init import check_slug, schema_ref
from docgen.commands.repository import repository
from docgen.core.atomic import atomic_write_bytes
from docgen.core.errors import DocgenError, OverwriteRefused, UsageError
from docgen.core.findings import Severity, display_path
from docgen.core.lint import lint_template
from docgen.core.project import TEMPLATES, Project, current_project, project_of, resolve_template
from docgen.core.vocabulary import documented
from docgen.kinds import convention as convention_kind
from docgen.kinds.convention.context import ConventionContext
from docgen.kinds.departement import FILENAME


def target_of(departement_or_path: str, service: str | None, cwd: Path | None = None) -> Path:
    """Where the convention goes: ``<root>/contracts/<département>/<service>.yaml``, or the
    path given."""
    if service is None:
        path = Path(departement_or_path)
        if path.suffix not in (".yaml", ".yml"):
            raise UsageError(
                f"{departement_or_path} : indiquez le Département et le service, "
                "ou un fichier .yaml",
                "par exemple : docgen new nord mon-service",
            )
        return path
    check_slug(departement_or_path)
    check_slug(service, "le nom du fichier d'un service", "quartiers-sud")
    folder = current_project(cwd).contracts / departement_or_path
    return folder / f"{service}.yaml"


def governing(path: Path) -> Path | None:
    """The departement.yaml of ``path``'s folder or above, as ``docgen check`` finds it."""
    for folder in (path.resolve().parent, *path.resolve().parent.parents):
        if (folder / FILENAME).is_file():
            return folder / FILENAME
    return None


def write_skeleton(path: Path) -> Path:
    """Write the skeleton at ``path``; refuse an existing file or a missing Département."""
    with repository("new", exclusive=False):
        return _write_skeleton(path)


def _write_skeleton(path: Path) -> Path:
    if path.exists():
        raise OverwriteRefused(
            f"{display_path(path)} existe déjà : il n'est pas remplacé",
            "choisissez un autre nom de fichier",
        )
    departement = governing(path)
    if departement is None:
        slug = path.resolve().parent.name
        raise UsageError(
            f"aucun {FILENAME} dans {display_path(path.parent)} ni au-dessus : "
            "la convention n'aurait pas de Département",
            f"créez d'abord le Département : docgen init {slug}",
        )
    project = project_of(departement)
    dept = departement.parent.name
    text = skeletons.fill(
        convention_skeleton(printed_keys(project, dept)),
        schema=schema_ref(path, project.root, "convention"),
        of_departement=_of_departement(departement),
        name=display_path(path),
        communes_share=_communes_share(departement),
        templates=f"{TEMPLATES}/{dept}/",
        service=path.stem,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


@dataclass(frozen=True)
class Printed:
    """What the Département's convention template prints, as YAML paths."""

    template: str  # as shown: « templates/<département>/convention.docx »
    paths: frozenset[str]  # « financement.dotation », « communes[].part », « service.nom »…

    def prints(self, key: str) -> bool:
        return any(p == key or p.startswith((f"{key}.", f"{key}[")) for p in self.paths)


_YAML_PATH = re.compile(r"(?<![\w.])[a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)*")


def printed_keys(project: Project, departement: str) -> Printed | None:
    """The YAML paths the Département's convention template prints (None when the
    template cannot be read: then the skeleton has every block)."""
    try:
        resolved = resolve_template(project, departement, convention_kind.TEMPLATE, None)
        report = lint_template(resolved.path, ConventionContext)
    except (DocgenError, OSError, ValueError):
        return None
    if any(f.severity is Severity.ERROR for f in report.findings):
        return None
    docs = documented(ConventionContext)
    paths = {found for chain in report.fields for found in _YAML_PATH.findall(docs.get(chain, ""))}
    return Printed(resolved.label, frozenset(paths))


def convention_skeleton(printed: Printed | None) -> str:
    """The skeleton of a convention: the blocks its template prints (all without one)."""
    keep = [
        key
        for key in skeletons.CONVENTION_BLOCKS
        if printed is None or key in skeletons.CONVENTION_ALWAYS or printed.prints(key)
    ]
    share = printed is None or printed.prints("communes[].part") or printed.prints("financement")
    in_kind = printed is not None and (
        printed.prints("communes[].contribution") or printed.prints("communes[].valorisation")
    )
    blocks = []
    for key in keep:
        block = skeletons.CONVENTION_BLOCKS[key]
        if key == "communes":
            comment = skeletons.COMMUNES_SHARE if share else skeletons.COMMUNES_IN_KIND
            money = (skeletons.COMMUNE_SHARE if share else "") + (
                skeletons.COMMUNE_IN_KIND if in_kind else ""
            )
            block = block.replace("{communes_comment}", comment).replace("{commune_money}", money)
        blocks.append(block)
    left_out = [key for key in skeletons.CONVENTION_BLOCKS if key not in keep]
    head = skeletons.CONVENTION_HEAD
    if printed is not None and left_out:
        keys = " ni ".join(f"« {key} »" for key in left_out)
        absent = "ce bloc n'est pas" if len(left_out) == 1 else "ces blocs ne sont pas"
        head += "\n" + skeletons.CONVENTION_LEFT_OUT.replace(
            "{template}", printed.template
        ).replace("{keys}", keys).replace("{absent}", absent)
    return "\n".join([head, *blocks, skeletons.CONVENTION_TAIL])


def _departement_data(path: Path) -> dict[str, Any]:
    """The Département's raw values, to word the comments (whatever their state)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _filled(value: object) -> str | None:
    from docgen.core.blanks import find_blank

    text = str(value) if isinstance(value, str | int | float) else None
    return text if text and find_blank(text) is None else None


def _of_departement(path: Path) -> str:
    data = _departement_data(path)
    name, article = _filled(data.get("nom")), _filled(data.get("article"))
    if name and article:
        joiner = "" if article.endswith("'") else " "
        return f"du Département {article}{joiner}{name}"
    return f"du Département ({path.parent.name})"


def _communes_share(path: Path) -> str:
    shares = _departement_data(path).get("repartition")
    share = _filled(shares.get("communes")) if isinstance(shares, dict) else None
    total = "Les parts des communes totalisent la part des communes"
    if share is not None:
        return f"{total} ({share} % dans {FILENAME})."
    return f"{total} (repartition de {FILENAME})."
