"""The contracts repository docgen runs in: its root, and the Word templates it overrides.

**The root** of a file is the nearest folder, from the file's own folder upwards, that
holds a ``docgen.toml`` (written by ``docgen init``); failing that, the nearest that holds
a ``.git``; failing that, the root of the current directory, found the same way from it;
failing that, the current directory itself. The current directory's root also gives the
defaults: ``contracts/`` to check, ``build/`` to write into.

**Templates**, for a document of a Département whose ``departement.yaml`` sits in the
folder ``<dept>`` (``contracts/nord/`` → ``nord``), the first that exists of:

1. the file a convention names for itself (``modeles: {convention: mon-modele.docx}``),
   in ``<root>/templates/<dept>/`` (missing: an error, never a silent fallback);
2. ``<root>/templates/<dept>/<name>.docx``;
3. ``<root>/templates/<name>.docx``;
4. the template shipped with docgen (``docgen/templates/<name>.docx``).

A file of ``<root>/templates/`` that none of these would ever pick (``Convention.docx``,
``convention.doc``, a folder named after no Département) is reported as a warning
(``template-name``): an override that is silently ignored is the worst kind of error.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.core.errors import ResourceError
from docgen.core.findings import Finding, Severity, display_path, printable
from docgen.core.resources import templates_dir
from docgen.core.template import Template

MARKER = "docgen.toml"
CONTRACTS = "contracts"
TEMPLATES = "templates"
BUILD = "build"
CHOICE_KEY = "modeles"  # a file's own templates: modeles: {convention: fichier.docx}

# Word's lock files (~$nvention.docx) and the folder's own notes are not templates, nor
# the originals « docgen modeles migrer » keeps beside a template it rewrote.
_NOT_TEMPLATES = ("~$", ".")
MIGRATION_BACKUP = re.compile(r"\.avant-migration(-\d+)?\.docx$")
_NOTES = frozenset({"readme.md", "lisezmoi.md", ".gitkeep"})
# Formats a juriste may save a template in that docgen cannot fill.
_OTHER_FORMATS = frozenset({".doc", ".dotx", ".dot", ".docm", ".odt", ".rtf"})
_SKIPPED = frozenset({"build", "node_modules", "__pycache__", TEMPLATES})


@dataclass(frozen=True)
class Project:
    """A contracts repository: its root, and how the root was found."""

    root: Path
    marker: str  # "docgen.toml", ".git", or "" when no marker was found (current directory)

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES

    @property
    def contracts(self) -> Path:
        return self.root / CONTRACTS

    @property
    def build(self) -> Path:
        return self.root / BUILD

    def label(self, path: Path) -> str:
        """``path`` relative to the root (posix), or as the user would type it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return display_path(path)


def find_root(start: Path) -> Project | None:
    """The nearest folder at or above ``start`` with a docgen.toml, else with a .git."""
    folders = [start, *start.parents]
    for marker in (MARKER, ".git"):
        for folder in folders:
            if (folder / marker).exists():
                return Project(folder, marker)
    return None


def current_project(cwd: Path | None = None) -> Project:
    """The project of the current directory (the current directory itself if unmarked)."""
    here = (cwd or Path.cwd()).resolve()
    return find_root(here) or Project(here, "")


def link_leaving(root: Path, path: Path) -> tuple[Path, Path] | None:
    """The first symbolic link on ``path``, below ``root``, that leads out of ``root``
    (a ``build`` or ``.docgen`` linked elsewhere), as (link, its target); None when there
    is none. Links that stay inside the repository are followed; the part of ``path``
    outside ``root`` (an output folder named with --sortie) is the user's own choice."""
    base = root.resolve()
    full = Path(os.path.normpath(path.absolute()))
    if not full.is_relative_to(base):
        return None
    current = base
    for part in full.relative_to(base).parts:
        current = current / part
        if current.is_symlink():
            target = current.resolve()
            if not target.is_relative_to(base):
                return current, target
            current = target
    return None


def refuse_link_leaving(root: Path, path: Path, what: str, hint: str) -> None:
    """Raise, naming the link and its target, when ``path`` leads out of ``root``."""
    found = link_leaving(root, path)
    if found is not None:
        link, target = found
        try:  # the link's own name, not where it leads (display_path resolves)
            name = str(link.relative_to(Path.cwd().resolve()))
        except ValueError:
            name = str(link)
        raise ResourceError(
            f"{printable(name)} est un lien symbolique vers {printable(str(target))}, hors "
            f"du dépôt de contrats : docgen n'écrit pas {what} hors du dépôt",
            hint,
        )


def project_of(path: Path, cwd: Path | None = None) -> Project:
    """The project a file belongs to: marked above the file, else the current one."""
    return find_root(path.resolve().parent) or current_project(cwd)


@dataclass(frozen=True)
class ResolvedTemplate:
    """The Word file a document is filled from, and where it came from."""

    path: Path
    origin: str  # "modeles" (the file's own choice), "departement", "depot" or "docgen"
    label: str  # for the build's output and the manifest: "templates/nord/convention.docx"


class TemplateMissing(ResourceError):
    """A template a file names for itself (``modeles:``) does not exist."""

    def __init__(self, message: str, hint: str, choice: str) -> None:
        super().__init__(message, hint)
        self.choice = choice  # the template's name: the key under modeles:


def shipped_template(template: Template) -> Path:
    return (template.folder or templates_dir()) / f"{template.name}.docx"


def shipped_label(template: Template) -> str:
    if template.folder is not None:
        return display_path(shipped_template(template))
    return f"docgen/{TEMPLATES}/{template.name}.docx"


def resolve_template(
    project: Project,
    departement: str | None,
    template: Template,
    chosen: str | None = None,
) -> ResolvedTemplate:
    """The template a document of ``departement`` (its folder name) is filled from.

    ``chosen``: the file name a contract names for this template (``modeles:``).
    """
    own = project.templates / departement if departement else None
    if chosen is not None:
        if own is None:  # pragma: no cover - a convention always has its Département
            raise TemplateMissing(f"modèle « {chosen} » choisi sans Département", "", template.name)
        path = own / chosen
        if path.is_file():
            return ResolvedTemplate(path, "modeles", project.label(path))
        raise TemplateMissing(
            f"le modèle choisi « {chosen} » n’existe pas dans {project.label(own)}/",
            f"placez-le dans {project.label(own)}/ ou corrigez le nom" + _close_hint(chosen, own),
            template.name,
        )
    filename = f"{template.name}.docx"
    candidates = [(project.templates / filename, "depot")]
    if own is not None:
        candidates.insert(0, (own / filename, "departement"))
    for path, origin in candidates:
        if path.is_file():
            return ResolvedTemplate(path, origin, project.label(path))
    shipped = shipped_template(template)
    if shipped.is_file():
        return ResolvedTemplate(shipped, "docgen", shipped_label(template))
    tried = [project.label(p) for p, _ in candidates] + [display_path(shipped)]
    raise ResourceError(
        f"aucun modèle « {template.name} » : ni {' ni '.join(tried)} n’existe",
        f"placez le modèle dans {tried[0].rsplit('/', 1)[0]}/",
    )


def _close_hint(name: str, folder: Path) -> str:
    try:
        names = [p.name for p in folder.iterdir() if p.suffix.lower() == ".docx"]
    except OSError:
        return ""
    close = difflib.get_close_matches(name, names, n=1)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def choice_of(data: object, template: Template) -> str | None:
    """The file a contract names for ``template`` (``modeles: {convention: x.docx}``)."""
    if not isinstance(data, Mapping):
        return None
    choices = data.get(CHOICE_KEY)
    if not isinstance(choices, Mapping):
        return None
    chosen = choices.get(template.name)
    return chosen if isinstance(chosen, str) and chosen else None


def choices_in(data: object) -> set[str]:
    """Every file a contract names under ``modeles:``."""
    if not isinstance(data, Mapping) or not isinstance(data.get(CHOICE_KEY), Mapping):
        return set()
    return {v for v in data[CHOICE_KEY].values() if isinstance(v, str)}


def misnamed_templates(
    project: Project,
    names: Iterable[str],
    departements: Iterable[str],
    chosen: Callable[[str], set[str]],
) -> list[tuple[str | None, Finding]]:
    """Files of ``<root>/templates/`` that no document would use, as warnings.

    ``names``: the template names docgen knows (``convention``…); ``departements``: the
    Département folders of the project; ``chosen(dept)``: the files its contracts name
    under ``modeles:`` (asked only when a file has an unknown name). Each finding comes
    with the Département folder it is in (None at the top), whose settings apply.
    """
    folder = project.templates
    if not folder.is_dir():
        return []
    known = sorted(set(names))
    depts = set(departements)
    found: list[tuple[str | None, Finding]] = []
    for path in sorted(folder.iterdir()):
        if _ignored(path):
            continue
        if path.is_dir():
            if path.name not in depts:
                found.append((None, _unknown_folder(project, path, depts)))
                continue
            picked: set[str] | None = None
            for inner in sorted(path.rglob("*")):
                if _ignored(inner) or inner.is_dir():
                    continue
                if inner.parent != path:
                    found.append((path.name, _too_deep(project, inner)))
                    continue
                problem = _name_problem(inner, known)
                if problem is not None and inner.suffix.lower() == ".docx":
                    picked = chosen(path.name) if picked is None else picked
                    if inner.name in picked:
                        continue
                if problem is not None:
                    found.append((path.name, _misnamed(project, inner, problem)))
        else:
            problem = _name_problem(path, known)
            if problem is not None:
                found.append((None, _misnamed(project, path, problem)))
    return found


def departement_folders(project: Project, filename: str) -> dict[str, Path]:
    """Every Département file of the project (``departement.yaml``), by its folder's name."""
    found: dict[str, Path] = {}
    stack = [project.root]
    while stack:
        folder = stack.pop()
        try:
            children = list(folder.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith(".") or child.name in _SKIPPED:
                continue
            if child.is_dir():
                stack.append(child)
            elif child.name == filename:
                found.setdefault(folder.name, child.resolve())
    return found


def _ignored(path: Path) -> bool:
    name = path.name
    return (
        name.startswith(_NOT_TEMPLATES)
        or name.lower() in _NOTES
        or bool(MIGRATION_BACKUP.search(name))
    )


def _name_problem(path: Path, known: list[str]) -> str | None:
    """Why no document would use ``path`` (None if one would), with a hint."""
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        return (
            f"format {suffix} non lu par docgen → enregistrez-le dans Word au format "
            f"Document Word (.docx) sous le nom {path.stem}.docx"
        )
    if suffix != ".docx":
        return "ce n'est pas un modèle Word (.docx) → retirez-le du dossier templates/"
    if path.suffix == ".docx" and path.stem in known:
        return None
    lowered = [n for n in known if n == path.stem.lower()]
    close = lowered or difflib.get_close_matches(path.stem.lower(), known, n=1)
    if close:
        return f"renommez-le {close[0]}.docx (les noms de modèles sont en minuscules)"
    return (
        f"nommez-le d'après le document qu'il remplace ({', '.join(f'{n}.docx' for n in known)}),"
        " ou choisissez-le dans une convention avec modeles:"
    )


def _misnamed(project: Project, path: Path, problem: str) -> Finding:
    message, _, hint = problem.partition(" → ")
    if not hint:
        message, hint = "aucun document n’utilise ce modèle : son nom n’est pas reconnu", problem
    return _warning(project, path, message, hint)


def _unknown_folder(project: Project, path: Path, depts: set[str]) -> Finding:
    close = difflib.get_close_matches(path.name, sorted(depts), n=1)
    hint = (
        f"renommez-le {close[0]}/"
        if close
        else "nommez-le comme le dossier du departement.yaml du Département (contracts/<dossier>/)"
    )
    return _warning(
        project,
        path,
        f"aucun Département du dépôt n’a le dossier « {path.name} » : ses modèles sont ignorés",
        hint,
    )


def _too_deep(project: Project, path: Path) -> Finding:
    return _warning(
        project,
        path,
        "modèle ignoré : docgen ne lit pas les sous-dossiers de templates/<département>/",
        "placez-le directement dans templates/<département>/",
    )


def _warning(project: Project, path: Path, message: str, hint: str) -> Finding:
    return Finding(display_path(path), None, "", "template-name", message, hint, Severity.WARNING)
