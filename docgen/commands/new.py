"""``docgen new``: the commented skeleton of a new convention, where ``docgen check`` expects it.

``docgen new nord mon-service`` writes ``contracts/nord/mon-service.yaml`` in the current
contracts repository; ``docgen new chemin/vers/mon-service.yaml`` writes exactly there.
Either way the Département must exist first (``docgen init nord``), and no file is ever
overwritten. Every value to fill is a blank (« à compléter », « AAAA-MM-JJ ») so that
``docgen check`` rejects the file for those blanks only, one finding each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from docgen.commands import skeletons
from docgen.commands.init import check_slug, schema_ref
from docgen.commands.repository import repository
from docgen.core.errors import OverwriteRefused, UsageError
from docgen.core.findings import display_path
from docgen.core.project import TEMPLATES, current_project, project_of
from docgen.core.write import atomic_write_bytes
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
    check_slug(service, "service")
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
        skeletons.CONVENTION,
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
