"""docgen serve refuses what is not its user's: no token, another host, another site's
form, a path outside the repository, a second server on the same repository."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import Server, copy_repository, serve_command, start

CONVENTION = "contracts/pas-de-calais/rencontres-et-loisirs.yaml"


pytestmark = pytest.mark.slow  # a docgen serve in a child process


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = copy_repository(tmp_path_factory.mktemp("depot"))
    outside = root.parent / "secret.yaml"
    outside.write_text("nom: secret\n", encoding="utf-8")
    (root / "contracts" / "pas-de-calais" / "lien.yaml").symlink_to(outside)
    (root / "build").mkdir()
    (root / "build" / "lien.docx").symlink_to(outside)
    running = start(root)
    yield running
    running.stop()


def test_without_the_token_every_page_is_refused_in_french(server: Server) -> None:
    for path in ("/", f"/fichier/{CONVENTION}", "/statique/style.css", "/nimporte"):
        status, _, text = server.request("GET", path, cookie=False)
        assert status == 403, path
        assert "jeton d'accès" in text and '<html lang="fr">' in text
    status, _, _ = server.request("GET", "/?jeton=faux", cookie=False)
    assert status == 403


def test_the_token_becomes_an_http_only_strict_cookie(server: Server) -> None:
    status, headers, _ = server.request("GET", f"/?jeton={server.token}", cookie=False)
    assert status == 303
    assert headers["location"] == "/"  # the token leaves the address
    cookie = headers["set-cookie"]
    assert cookie.startswith(f"docgen_jeton_{server.port}={server.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, headers, text = server.request("GET", "/")
    assert status == 200
    assert "Les contrats du dépôt" in text
    assert "default-src 'self'" in headers["content-security-policy"]


def test_another_host_name_is_refused(server: Server) -> None:
    # A site whose name points at 127.0.0.1 (DNS rebinding) sends its own Host.
    status, _, text = server.request("GET", "/", headers={"Host": f"evil.example:{server.port}"})
    assert status == 403
    assert "127.0.0.1 et localhost" in text
    status, _, _ = server.request("GET", "/", headers={"Host": f"localhost:{server.port}"})
    assert status == 200


def test_a_form_without_the_page_s_form_token_writes_nothing(server: Server) -> None:
    before = (server.root / CONVENTION).read_bytes()
    body = "empreinte=x&%2Feffectifs%2Ftravailleurs_sociaux=9"
    for extra in ("", "&jeton_formulaire=faux"):
        status, _, text = server.request("POST", f"/fichier/{CONVENTION}/apercu", body=body + extra)
        assert status == 403
        assert "jeton de cette page" in text
    status, _, _ = server.request(
        "POST", "/construire", body="", headers={"Origin": "http://evil.example"}
    )
    assert status == 403
    assert (server.root / CONVENTION).read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        "/fichier/contracts/../docgen.toml",
        "/fichier/contracts/%2e%2e/docgen.toml",
        "/fichier/contracts/pas-de-calais/lien.yaml",  # a link out of the repository
        "/fichier/templates/README.md",
        "/fichier/etc/passwd",
        "/telecharger/../docgen.toml",
        "/telecharger/lien.docx",
        "/documents/contracts/pas-de-calais/../../docgen.toml",
        "/budget/.docgen/serve",
    ],
)
def test_a_path_outside_the_repository_s_folders_is_refused(server: Server, path: str) -> None:
    status, _, text = server.request("GET", path)
    assert status in (403, 404), (path, status)
    assert '<html lang="fr">' in text
    assert "secret" not in text and "Traceback" not in text


def test_a_malformed_request_gets_a_french_page_never_a_traceback(server: Server) -> None:
    status, _, text = server.request("GET", "/page/zzz/1")
    assert status == 404 and "Page introuvable" in text
    csrf = _csrf(server)
    status, _, text = server.request("POST", "/", body=f"jeton_formulaire={csrf}")
    assert status == 405 and "Méthode non admise" in text
    status, _, text = server.request(
        "POST", f"/fichier/{CONVENTION}/enregistrer", body=f"jeton_formulaire={csrf}&brouillon=x"
    )
    assert status == 400 and "n'est plus en attente" in text
    status, _, text = server.request(
        "POST",
        "/nouvelle/pas-de-calais",
        body=f"jeton_formulaire={csrf}&service=Nom%20Invalide",
    )
    assert status == 400 and "Traceback" not in text


@pytest.mark.parametrize("prefix", ["/documents/", "/archive/"])
def test_a_file_without_documents_is_offered_no_build(server: Server, prefix: str) -> None:
    # departement.yaml has no documents of its own: no « Produire les documents » for it.
    status, _, text = server.request("GET", prefix + "contracts/pas-de-calais/departement.yaml")
    assert status == 404, text
    said = "ne produit pas de documents : c'est le fichier du Département"
    assert said in text.replace("&#39;", "'")
    assert "Produire" not in text


def test_a_second_server_on_the_same_repository_is_refused(server: Server) -> None:
    second = subprocess.run(
        serve_command(server.root), capture_output=True, text=True, timeout=60, cwd=server.root
    )
    assert second.returncode == 2
    assert "déjà ouvert sur ce dépôt" in second.stderr
    assert f"http://127.0.0.1:{server.port}/" in second.stderr
    assert server.token not in second.stderr  # the lock file does not hold the token
    assert "Traceback" not in second.stderr


def test_a_server_killed_leaves_no_lock_behind(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "depot")
    first = start(root)
    os.kill(first.process.pid, signal.SIGKILL)
    first.stop()
    assert (root / ".docgen" / "serve").exists()  # its lock file stays, unlocked
    second = start(root)
    try:
        status, _, _ = second.request("GET", "/")
        assert status == 200
    finally:
        second.stop()


def _csrf(server: Server) -> str:
    _, _, text = server.request("GET", "/")
    marker = 'name="jeton_formulaire" value="'
    return text.split(marker, 1)[1].split('"', 1)[0]
