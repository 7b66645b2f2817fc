"""Starting ``docgen serve`` on a copy of the shipped repository, and a real browser.

The server runs as a user runs it: ``python -m docgen serve CHEMIN --sans-navigateur`` in
its own process, its address (with its token) read from its first lines. The browser is
the system's chromium, driven by Playwright (its own browsers are never downloaded).
"""

from __future__ import annotations

import html
import http.client
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def copy_repository(target: Path) -> Path:
    """The shipped contracts repository (contracts/, templates/, docgen.toml) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "contracts", target / "contracts")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy2(ROOT / "docgen.toml", target / "docgen.toml")
    return target


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str  # with its token
    root: Path

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0]

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    @property
    def token(self) -> str:
        return self.url.split("jeton=", 1)[1]

    def page(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        cookie: bool = True,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> tuple[int, dict[str, str], str]:
        """A raw HTTP request (the path sent exactly as given): its status, its headers, and
        its text with HTML's character references read (« d'accès », not « d&#39;accès »)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if cookie:
            sent["Cookie"] = f"docgen_jeton_{self.port}={self.token}"
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = html.unescape(response.read().decode("utf-8", "replace"))
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def stop(self) -> str:
        """Stop the server as Ctrl+C would; what it wrote on stderr."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            _, error = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, error = self.process.communicate()
        return error or ""


def serve_command(root: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "docgen", "serve", str(root), "--sans-navigateur", *extra]


def start(root: Path) -> Server:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        serve_command(root),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "?jeton=" in line:
            return Server(process, line.strip(), root)
    process.kill()
    _, error = process.communicate()
    raise AssertionError(f"docgen serve did not start: {''.join(lines)}{error}")


def require_browser() -> None:
    """Skip a browser test when chromium is absent — except in CI
    (DOCGEN_REQUIRE_BROWSER=1, set by .ci/run), where a missing chromium must fail."""
    if CHROMIUM.exists():
        return
    if os.environ.get("DOCGEN_REQUIRE_BROWSER"):
        pytest.fail("DOCGEN_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
    pytest.skip("chromium absent : apt-get install -y chromium")


def launch(playwright: Any, extra: list[str] | None = None) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *(extra or [])]
    )
