"""Where the time of ``docgen build`` goes: cProfile on one build, grouped by module.

Each function's own time (not counting what it calls) goes to one group, so the groups add
up to the whole. Python code is grouped by its file; built-in functions (``re.sub``,
``zlib.compress``, lxml's parser) and small stdlib helpers have no module of their own to
speak of, so their time goes to the group of whoever called them, shared in proportion.
"""

from __future__ import annotations

import cProfile
import pstats
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# (group, what a file path or a built-in's name contains), first match wins.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("typographie", ("docgen/core/french.py", "docgen/core/ordinals.py", "num2words")),
    (
        "zip et écriture (`docx_zip.py`, zlib)",
        ("docgen/core/docx_zip.py", "zipfile", "zlib", "binascii"),
    ),
    (
        "vérification",
        (
            "docgen/core/source.py",
            "docgen/core/schema.py",
            "docgen/core/blank",
            "docgen/core/rules.py",
            "docgen/core/workspace.py",
            "docgen/core/sources.py",
            "docgen/core/governance.py",
            "docgen/core/checking.py",
            "docgen/core/templating.py",
            # the fields each template may use, for the check that a template's values are
            # given (checking.missing_values)
            "docgen/core/context.py",
            "docgen/core/findings.py",
            "docgen/core/lint.py",
            "docgen/kinds/",
            "docgen/commands/check.py",
            "yaml",
            "jsonschema",
            "referencing",
            "rpds",
        ),
    ),
    (
        "moteur (Jinja, XML)",
        (
            "docgen/core/engine/",
            "docgen/core/template_errors.py",
            "jinja2",
            "<template>",
            "markupsafe",
            "docxtpl",
            "docx/",
            "lxml",
        ),
    ),
    (
        "commandes (`build`, `outputs`)",
        (
            "docgen/core/outputs.py",
            "docgen/core/output_folder.py",
            "docgen/commands/build.py",
            "docgen/commands/rendering.py",
            "docgen/commands/pipeline.py",
            "json",
        ),
    ),
)
# Their own time goes to their callers' groups.
NEUTRAL = (
    "~",
    "/re/",
    "/re.py",
    "functools",
    "copy.py",
    "typing",
    "enum",
    "abc.py",
    "<frozen",
    "dataclasses",
    "pathlib",
    "posixpath",
    "genericpath",
    "collections",
    "attr/",
    "weakref",
)
OTHER = "autre"


@dataclass(frozen=True)
class Profile:
    total: float
    groups: list[tuple[str, float]]  # by decreasing time
    top: list[tuple[str, float, float]]  # function, cumulative seconds, own seconds
    phases: list[tuple[str, float]]  # the build's steps, cumulative seconds


# The steps of docgen.commands.build, by the function that does each (file, name).
PHASES = (
    ("vérification (`Checker.check`)", "docgen/commands/pipeline.py", "check"),
    ("rendu en mémoire (`draft`, `complete`)", "docgen/core/outputs.py", "draft"),
    ("rendu en mémoire (`draft`, `complete`)", "docgen/core/outputs.py", "complete"),
    ("écriture préparée (`write_all`)", "docgen/core/output_folder.py", "write_all"),
    (
        "écriture ensemble : journal, renommages, manifeste (`commit`)",
        "docgen/core/output_folder.py",
        "commit",
    ),
)


def profile_build(contracts: Path, out: Path, top: int = 15) -> Profile:
    from docgen.commands.build import build  # imported first: the profile is the build's

    profiler = cProfile.Profile()
    profiler.enable()
    build([contracts], out, jobs=1)  # one process: the profiler sees the rendering too
    profiler.disable()
    stats: Mapping[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    groups: dict[str, float] = defaultdict(float)
    for function, (_, _, own, _, callers) in stats.items():
        _share(stats, function, own, callers, groups, depth=0)
    rows = sorted(stats.items(), key=lambda kv: kv[1][3], reverse=True)
    listed = [(_label(f), v[3], v[2]) for f, v in rows if not _is_profiler(f)][:top]
    total = sum(groups.values())
    phases: dict[str, float] = defaultdict(float)
    for (filename, _, name), value in stats.items():
        for label, where, function in PHASES:
            if name == function and filename.replace("\\", "/").endswith(where):
                phases[label] += value[3]
    return Profile(
        total, sorted(groups.items(), key=lambda kv: -kv[1]), listed, list(phases.items())
    )


def _share(
    stats: Mapping[Any, Any],
    function: tuple[str, int, str],
    seconds: float,
    callers: Mapping[Any, Any],
    groups: dict[str, float],
    depth: int,
) -> None:
    group = _group(function)
    if group is not None or depth > 8 or not callers:
        groups[group or OTHER] += seconds
        return
    weights = {caller: max(value[3], 1e-9) for caller, value in callers.items()}
    whole = sum(weights.values())
    for caller, weight in weights.items():
        parent = stats.get(caller)
        upper = parent[4] if parent is not None else {}
        _share(stats, caller, seconds * weight / whole, upper, groups, depth + 1)


def _group(function: tuple[str, int, str]) -> str | None:
    filename, _, name = function
    where = f"{filename.replace(chr(92), '/')} {name}"
    if filename == "~":
        where = name
    for group, needles in GROUPS:
        if any(needle in where for needle in needles):
            return group
    if filename == "~" or any(n in filename for n in NEUTRAL):
        return None
    return OTHER


def _is_profiler(function: tuple[str, int, str]) -> bool:
    return "_lsprof" in function[2] or "disable" in function[2]


def _label(function: tuple[str, int, str]) -> str:
    filename, line, name = function
    if filename == "~":
        return name
    parts = Path(filename).parts
    short = "/".join(parts[parts.index("docgen") :]) if "docgen" in parts else Path(filename).name
    return f"{short}:{line} {name}"
