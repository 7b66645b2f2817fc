"""``docgen init``: make the current folder a contracts repository, and add a Département.

Writes, never over an existing file (each one kept is named):

- ``docgen.toml``, which marks the repository's root (``docgen.core.project``);
- ``.docgen/schemas/*.schema.json``, copies of docgen's schemas for the editor (the
  ``# yaml-language-server: $schema=…`` line of each file points there, so that completion
  works on every colleague's machine, wherever docgen is installed);
- ``templates/README.md``, how the repository's templates override docgen's;
- with a Département (``docgen init nord``): ``contracts/nord/departement.yaml``, every value
  to fill a blank that ``docgen check`` reports, and copies of the shipped Word templates
  in ``templates/nord/``, to edit in Word;
- ``.pre-commit-config.yaml`` and ``.github/workflows/contrats.yml``, the checks to run on
  every commit and every pull request.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from docgen.commands import skeletons
from docgen.commands.repository import repository
from docgen.core.atomic import atomic_write_bytes
from docgen.core.errors import UsageError
from docgen.core.project import MARKER, TEMPLATES, Project, find_root
from docgen.core.resources import schema_file, shipped_schemas, templates_dir
from docgen.core.result import Result, Written
from docgen.kinds.departement import FILENAME
from docgen.registry import default_registry

SCHEMAS = Path(".docgen") / "schemas"
WORKFLOW = Path(".github") / "workflows" / "contrats.yml"
PRE_COMMIT = Path(".pre-commit-config.yaml")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ARTICLES = ("du", "de la", "de l'", "des", "de")

# The workflow docgen init writes is the one shipped in examples/ci/ (a test keeps them equal).
GITHUB_WORKFLOW = """\
# .github/workflows/contrats.yml : les anomalies s'affichent sur les lignes de la pull request.
name: contrats
on: [push, pull_request]
jobs:
  docgen-check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install "docgen @ git+https://example.invalid/docgen.git@v0.1.0"
      - run: docgen check --format github contracts/
"""


@dataclass(frozen=True)
class Answers:
    """What ``docgen init`` may be told about the Département (the rest is left blank)."""

    name: str | None = None
    article: str | None = None
    code: str | None = None


def init_root(cwd: Path | None = None) -> Project:
    """Where ``docgen init`` writes: the repository's root if it has a docgen.toml; else the
    root of the git repository the current folder is the root of; else the current folder.

    From inside a git repository that is not yet a contracts repository, docgen does not
    guess: writing docgen.toml at the git root, or here, are both plausible.
    """
    here = (cwd or Path.cwd()).resolve()
    found = find_root(here)
    if found is None or found.marker == MARKER or found.root == here:
        return found if found is not None else Project(here, "")
    raise UsageError(
        f"le dossier courant est dans le dépôt git {found.root}, mais n'en est pas la racine",
        f"lancez docgen init à la racine du dépôt ({found.root}), ou créez d'abord un fichier "
        f"{MARKER} vide dans le dossier qui doit être la racine du dépôt de contrats",
    )


def slug_hint(text: str, example: str = "nord") -> str:
    """``text`` as a name docgen accepts (« Quartiers Nord » → quartiers-nord), or
    ``example`` when nothing of it is left."""
    import unicodedata

    folded = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or example


def check_slug(slug: str, what: str = "le dossier d'un Département", example: str = "nord") -> None:
    if not SLUG.match(slug):
        raise UsageError(
            f"« {slug} » : {what} s'écrit en minuscules, chiffres et tirets, "
            "sans accents ni espaces",
            f"par exemple : {slug_hint(slug, example)}",
        )


def init(slug: str | None, answers: Answers | None = None, *, cwd: Path | None = None) -> Result:
    """Scaffold the repository (and the Département ``slug``); nothing is overwritten."""
    answers = answers or Answers()
    if slug is not None:
        check_slug(slug)
    if answers.article is not None and answers.article not in ARTICLES:
        raise UsageError(
            f"article « {answers.article} » inconnu",
            "l'un de : " + ", ".join(f"« {a} »" for a in ARTICLES),
        )
    project = init_root(cwd)
    root = project.root
    files: dict[Path, bytes] = {root / MARKER: skeletons.DOCGEN_TOML.encode("utf-8")}
    for schema in shipped_schemas():
        files[root / SCHEMAS / schema.name] = schema.read_bytes()
    files[root / TEMPLATES / "README.md"] = skeletons.TEMPLATES_README.encode("utf-8")
    if slug is not None:
        target = root / "contracts" / slug / FILENAME
        files[target] = departement_text(target, root, answers).encode("utf-8")
        for name, template in default_registry().templates().items():
            if template.folder is None:
                shipped = templates_dir() / f"{name}.docx"
                files[root / TEMPLATES / slug / shipped.name] = shipped.read_bytes()
    files[root / PRE_COMMIT] = skeletons.PRE_COMMIT.encode("utf-8")
    files[root / WORKFLOW] = GITHUB_WORKFLOW.encode("utf-8")

    result = Result()
    with repository("init", exclusive=False, root=root):
        for path, data in files.items():
            if path.exists():
                result.written.append(Written(path, "kept"))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
            result.written.append(Written(path, "created"))
    result.notes += notes(project, slug, cwd)
    return result


def notes(project: Project, slug: str | None, cwd: Path | None) -> list[str]:
    here = (cwd or Path.cwd()).resolve()
    out = []
    if project.root != here:
        out.append(f"Racine du dépôt de contrats : {project.root}")
    if slug is not None:
        out += [
            f"Département « {slug} » : remplacez chaque « à compléter » de "
            f"contracts/{slug}/{FILENAME}, puis : docgen check",
            f"Modèles Word du Département : templates/{slug}/ (à modifier dans Word ; "
            "supprimez ceux que vous ne changez pas, docgen reprend alors les siens)",
            f"Nouvelle convention : docgen new {slug} <service>",
        ]
    else:
        out.append("Ajoutez un Département : docgen init <département> (par exemple : nord)")
    out.append(
        f"Vérification à chaque commit : {PRE_COMMIT} (pre-commit install) ; à chaque pull "
        f"request : {WORKFLOW.as_posix()} (remplacez-y l'adresse de docgen par la vôtre)"
    )
    return out


def schema_ref(target: Path, root: Path, kind: str, *, local: bool | None = None) -> str:
    """The ``$schema`` of a file written at ``target``: the repository's copy for the
    editor (``local``: it is being written; None: if it exists), else the installed one."""
    copy = root / SCHEMAS / f"{kind}.schema.json"
    schema = copy if (copy.exists() if local is None else local) else schema_file(kind)
    return Path(os.path.relpath(schema.resolve(), target.parent.resolve())).as_posix()


def departement_text(target: Path, root: Path, answers: Answers) -> str:
    def value(given: str | None, quoted: bool = False) -> str:
        if given is None:
            return '"à compléter"' if quoted else skeletons.BLANK
        return json.dumps(given, ensure_ascii=False)

    if answers.name and answers.article:
        joiner = "" if answers.article.endswith("'") else " "
        title = f"Département {answers.article}{joiner}{answers.name}"
    else:
        title = "Département (à compléter)"
    return skeletons.fill(
        skeletons.DEPARTEMENT,
        schema=schema_ref(target, root, "departement", local=True),
        title=title,
        nom=value(answers.name),
        article=value(answers.article),
        code=value(answers.code, quoted=True),
    )
