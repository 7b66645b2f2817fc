"""The README's generated tables match the code, and its quick start is what CI runs."""

from __future__ import annotations

import importlib.util
import re

from .conftest import ROOT


def load_tables_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "readme_tables", ROOT / "scripts" / "readme_tables.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_tables_are_up_to_date() -> None:
    tables = load_tables_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in tables.TABLES:
        assert tables.section(name).search(readme), f"marker for table {name} missing"
    assert tables.rewrite(readme) == readme, "run: python scripts/readme_tables.py --write"


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Démarrage rapide", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```sh\n(.*?)\n```", quick, re.M | re.S)
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
