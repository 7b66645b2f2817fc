from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CONTRACTS = ROOT / "contracts"


@pytest.fixture(autouse=True)
def _run_from_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Findings name files relative to the current directory, as the user typed them.
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("DOCGEN_HOME", raising=False)
    os.environ.setdefault("LC_ALL", "C.UTF-8")
