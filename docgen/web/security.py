"""Who may use the workspace: the person who started it, from this machine, on purpose.

- The server listens on 127.0.0.1 only, and answers only requests whose ``Host`` is
  ``127.0.0.1:PORT`` or ``localhost:PORT`` (a web page of another site cannot reach it
  through a name of its own pointed at 127.0.0.1: DNS rebinding).
- Every request carries the token printed in the terminal: once in the address
  (``?jeton=…``), then in an HttpOnly, SameSite=Strict cookie; without it, 403.
- Every request that writes carries the form token of the page (hidden field, or the
  header htmx sends), and comes from the workspace's own pages (``Origin``): a page of
  another site cannot make the browser post to it.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, Request, Response, redirect, request
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response as BaseResponse

TOKEN_PARAMETER = "jeton"
CSRF_FIELD = "jeton_formulaire"
CSRF_HEADER = "X-Jeton-Formulaire"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenMissing(Forbidden):
    description = (
        "Cette adresse demande le jeton d'accès de l'espace de travail. Ouvrez l'adresse "
        "complète affichée dans le terminal qui a lancé « docgen serve » "
        "(http://127.0.0.1:…/?jeton=…)."
    )


class FormTokenInvalid(Forbidden):
    description = (
        "Le formulaire envoyé ne porte pas le jeton de cette page (page trop ancienne, "
        "ou envoyée depuis un autre site) : rien n'a été fait. Rechargez la page."
    )


class HostRefused(Forbidden):
    description = (
        "Adresse refusée : l'espace de travail ne répond qu'à 127.0.0.1 et localhost, "
        "sur le port où il a été lancé."
    )


@dataclass
class Access:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    port: int = 0

    @property
    def cookie(self) -> str:
        # Cookies do not tell ports apart: two workspaces side by side keep their own.
        return f"docgen_jeton_{self.port}"

    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self) -> str:
        return f"{self.address()}?{urlencode({TOKEN_PARAMETER: self.token})}"

    def install(self, app: Flask) -> None:
        app.before_request(self.check)
        app.after_request(self.headers)

    def check(self) -> BaseResponse | None:
        if request.host not in (f"127.0.0.1:{self.port}", f"localhost:{self.port}"):
            raise HostRefused()
        given = request.args.get(TOKEN_PARAMETER)
        if given is not None and request.method in SAFE_METHODS:
            if not _same(given, self.token):
                raise TokenMissing()
            # The token leaves the address (history, screenshots): the cookie keeps it.
            rest = {k: v for k, v in request.args.items() if k != TOKEN_PARAMETER}
            target = request.path + (f"?{urlencode(rest)}" if rest else "")
            response = redirect(target, code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
            return response
        if not _same(request.cookies.get(self.cookie, ""), self.token):
            raise TokenMissing()
        if request.method not in SAFE_METHODS:
            self._check_form(request)
        return None

    def _check_form(self, req: Request) -> None:
        origin = req.headers.get("Origin")
        if origin is not None and origin not in (
            f"http://127.0.0.1:{self.port}",
            f"http://localhost:{self.port}",
        ):
            raise FormTokenInvalid()
        sent = req.headers.get(CSRF_HEADER) or req.form.get(CSRF_FIELD, "")
        if not _same(sent, self.csrf):
            raise FormTokenInvalid()

    def headers(self, response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; "
            "base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        # "same-origin", not "no-referrer": with the latter, browsers send « Origin: null ».
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))
