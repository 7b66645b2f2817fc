"""The house's structure, drawn from its imports: floors only import downwards, no circle.

Floors, from the ground up: the core; what the kinds share; each kind, in the order
they build on each other; the registry of kinds; the commands; the web workspace; the
CLI. Every import
(at the top of a module or inside a function) counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "docgen"

# Module prefix → floor. The longest matching prefix wins.
FLOORS = {
    "docgen.core": 0,
    "docgen.kinds": 1,  # an empty package: one folder per kind
    "docgen.kinds.common": 1,
    "docgen.kinds.departement": 2,
    "docgen.kinds.convention": 3,
    "docgen.kinds.avenant": 4,
    "docgen.kinds.budget": 5,
    "docgen.kinds.deliberation": 6,
    "docgen.registry": 7,  # the registry line: imports every kind
    "docgen.commands": 8,
    "docgen.report": 9,
    "docgen.cli_i18n": 9,
    "docgen.web": 10,  # docgen serve: pages over the commands
    "docgen.cli": 11,
    "docgen.__main__": 12,
    "docgen.testing": 12,  # test support (the crash hook): runs the CLI, imported by nothing
    "docgen": 0,  # the package's own __init__ imports nothing
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def floor(module: str) -> int:
    for prefix in sorted(FLOORS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return FLOORS[prefix]
    raise AssertionError(f"{module} is on no floor: add it to FLOORS")


def imports(path: Path, modules: set[str]) -> set[str]:
    """The docgen modules ``path`` imports (``from docgen.x import y`` counts y when y is
    a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("docgen")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("docgen"):
            found.add(node.module)
            for alias in node.names:
                if f"{node.module}.{alias.name}" in modules:
                    found.add(f"{node.module}.{alias.name}")
    return found


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: imports(path, modules) & modules for name, path in paths.items()}


def test_every_module_is_on_a_floor() -> None:
    for module in graph():
        floor(module)


def test_imports_only_go_down() -> None:
    upward = [
        (module, target)
        for module, targets in graph().items()
        for target in targets
        if floor(target) > floor(module)
    ]
    assert upward == []


def test_no_import_circle() -> None:
    edges = graph()
    # A package's __init__ importing its own submodules is how it exposes them; a circle
    # is a module reaching back to one that imports it, its own package's __init__ too
    # (``from docgen.kinds.convention import chronology`` in a module that __init__
    # imports: import the submodule by its full name instead).
    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                circles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    assert circles == []


def test_the_core_knows_no_kind() -> None:
    for module, targets in graph().items():
        if floor(module) == 0:
            assert all(floor(t) == 0 for t in targets), (module, targets)


def test_only_docgen_serve_imports_the_web_workspace() -> None:
    importers = {
        module
        for module, targets in graph().items()
        if not module.startswith("docgen.web")
        and any(t == "docgen.web" or t.startswith("docgen.web.") for t in targets)
    }
    assert importers == {"docgen.cli.serving"}  # docgen serve, and nothing else


def test_nothing_of_docgen_imports_its_test_support() -> None:
    importers = {
        module
        for module, targets in graph().items()
        if not module.startswith("docgen.testing")
        and any(t.startswith("docgen.testing") for t in targets)
    }
    assert importers == set()


# A file's way through the core, stage by stage: each module imports only the stages
# before it (the recorder is the run's; the workspace is the facade over them).
PIPELINE = (
    "docgen.core.recorder",
    "docgen.core.sources",
    "docgen.core.governance",
    "docgen.core.templating",
    "docgen.core.plan",
    "docgen.core.checking",
    "docgen.core.workspace",
    "docgen.core.outputs",
)


def test_the_pipeline_stages_import_only_earlier_ones() -> None:
    edges = graph()
    for index, module in enumerate(PIPELINE):
        later = set(PIPELINE[index + 1 :])
        assert not edges[module] & later, (module, edges[module] & later)


# The modules of the core's packages, in the order their docstrings give: each imports
# only those before it (a newcomer reads them in this order).
PACKAGES = (
    (
        "docgen.core.sandbox.limits",
        "docgen.core.sandbox.dry_run",
        "docgen.core.sandbox.measures",
        "docgen.core.sandbox.tags",
        "docgen.core.sandbox.filters",
        "docgen.core.sandbox.environment",
    ),
    (
        "docgen.core.engine.typography",
        "docgen.core.engine.docxtpl_steps",
        "docgen.core.engine.preparation",
        "docgen.core.engine.failures",
        "docgen.core.engine.rendering",
        "docgen.core.engine.trial",
    ),
)


def test_the_modules_of_a_core_package_import_only_earlier_ones() -> None:
    edges = graph()
    for modules in PACKAGES:
        package = modules[0].rpartition(".")[0]
        inside = {m for m in edges if m.startswith(package + ".")}
        assert inside == set(modules), package  # a new module takes its place in the order
        for index, module in enumerate(modules):
            later = set(modules[index + 1 :]) | {package}
            assert not edges[module] & later, (module, edges[module] & later)


def test_kinds_see_the_run_through_narrow_interfaces() -> None:
    """A kind reads other files through ``kind.Others`` and resolves templates through
    ``kind.Run``: none imports the workspace (nor builds one)."""
    for module, targets in graph().items():
        if module.startswith("docgen.kinds"):
            assert "docgen.core.workspace" not in targets, module
