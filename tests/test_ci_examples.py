"""The CI wiring shipped in examples/ and .pre-commit-hooks.yaml runs as written."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml
from click.testing import CliRunner

from docgen.cli import main
from docgen.commands.skeletons import PRE_COMMIT

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "ci"


def docgen_commands(path: Path) -> list[list[str]]:
    """Every `docgen …` command of a CI file, as argv, without shell redirections."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.startswith("docgen "):
            found.append(shlex.split(node.split(">")[0])[1:])

    walk(data)
    return found


def test_github_example_prints_workflow_commands() -> None:
    (argv,) = docgen_commands(EXAMPLES / "github-actions.yml")
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    assert result.output == "18 fichiers vérifiés : aucune anomalie.\n"
    broken = CliRunner().invoke(
        main, [*argv[:-1], "tests/data/contracts/broken/originals-count.yaml"]
    )
    assert broken.exit_code == 1
    assert broken.output.startswith(
        "::error file=tests/data/contracts/broken/originals-count.yaml,"
    )


def test_gitlab_example_writes_junit_and_tells_the_job_log() -> None:
    junit, decisive = docgen_commands(EXAMPLES / "gitlab-ci.yml")
    result = CliRunner().invoke(main, junit)
    assert result.exit_code == 0, result.output
    assert result.output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    # A contract to fix: the job's log says which and why, not only the Tests tab.
    broken = "tests/data/contracts/broken/originals-count.yaml"
    failed = CliRunner().invoke(main, [*decisive[:-1], broken])
    assert failed.exit_code == 1
    assert failed.output.startswith(f"{broken}:")
    assert decisive[-1] == junit[-1] == "contracts/"


def test_pre_commit_hook_runs_docgen_check_on_contracts() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    argv = [*shlex.split(hook["entry"])[1:], *hook["args"]]
    assert argv == ["check", "contracts/"]
    assert CliRunner().invoke(main, argv).exit_code == 0


def pre_commit_runs(hook: dict[str, object], staged: list[str]) -> bool:
    """pre-commit's choice: a hook runs when it is ``always_run``, or when one of the staged
    files it is given (added, changed, renamed: never a deleted one) matches ``files``."""
    pattern = str(hook.get("files", ""))
    return bool(hook.get("always_run")) or any(re.search(pattern, name) for name in staged)


def test_both_pre_commit_hooks_run_on_a_commit_that_only_deletes_a_contract() -> None:
    # Deleting contracts/nord/calpae-2022.yaml breaks the deliberation that cites it; the
    # commit stages no file pre-commit would hand to the hook.
    (shipped,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (local,) = yaml.safe_load(PRE_COMMIT)["repos"][0]["hooks"]
    for hook in (shipped, local):
        assert pre_commit_runs(hook, staged=[]), hook["id"]
        assert hook["pass_filenames"] is False


def test_the_ci_examples_install_a_pinned_docgen() -> None:
    # Unpinned, a new docgen (new rules) would fail a pull request that changed nothing;
    # pinned to the version being released, so that a new release moves the pin too.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        installs = re.findall(r"pip install (.*)", (EXAMPLES / name).read_text("utf-8"))
        assert installs, name
        for install in installs:
            assert install.endswith(f'docgen.git@v{project["version"]}"'), install


def test_the_ci_page_shows_the_examples_verbatim() -> None:
    page = (ROOT / "docs" / "integration-continue.md").read_text(encoding="utf-8")
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        assert (EXAMPLES / name).read_text(encoding="utf-8") in page, name
