"""The workspace's pages: the repository at a glance, a file as a form, a contract's
documents, a budget vote. Server-rendered HTML (Jinja templates of this package), htmx
for what changes in a page without reloading it."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from flask import Flask, Response, redirect, render_template, request, send_file, url_for
from flask.typing import RouteCallable
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from docgen.commands.build import BuildSummary, build
from docgen.commands.init import SLUG, slug_hint
from docgen.commands.new import target_of, write_skeleton
from docgen.core.errors import DocgenError, OverwriteRefused, ResourceError, UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.workspace import Workspace
from docgen.registry import default_registry
from docgen.web import budgets, editor, overview, preview
from docgen.web.editor import Draft, Drafts, Opened
from docgen.web.forms import Form
from docgen.web.repository import PathRefused, Repository
from docgen.web.security import CSRF_FIELD, CSRF_HEADER, Access

MAX_REQUEST = 4 * 1024 * 1024  # a form of a contract is a few kB


def create_app(repo: Repository, access: Access) -> Flask:
    package = Path(__file__).parent
    app = Flask(
        "docgen.web",
        template_folder=str(package / "templates"),
        static_folder=str(package / "static"),
        static_url_path="/statique",
    )
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    access.install(app)
    pages = Pages(repo, access)
    pages.register(app)
    return app


class Pages:
    def __init__(self, repo: Repository, access: Access) -> None:
        self.repo = repo
        self.access = access
        self.drafts = Drafts()
        self.jobs = budgets.Jobs(repo)
        self._images = tempfile.TemporaryDirectory(prefix="docgen-serve-")
        self.images = preview.PageImages(Path(self._images.name))

    def register(self, app: Flask) -> None:
        app.context_processor(self.globals)
        app.register_error_handler(Exception, self.error)
        routes: list[tuple[str, str, RouteCallable, list[str]]] = [
            ("/", "accueil", self.home, ["GET"]),
            ("/construire", "construire", self.build_all, ["POST"]),
            ("/fichier/<path:relative>", "fichier", self.file, ["GET"]),
            ("/fichier/<path:relative>/verifier", "verifier", self.verify, ["POST"]),
            ("/fichier/<path:relative>/formulaire", "formulaire", self.restructure, ["POST"]),
            ("/fichier/<path:relative>/apercu", "apercu", self.review, ["POST"]),
            ("/fichier/<path:relative>/enregistrer", "enregistrer", self.save, ["POST"]),
            ("/nouvelle/<departement>", "nouvelle", self.new, ["GET", "POST"]),
            ("/documents/<path:relative>", "documents", self.documents, ["GET", "POST"]),
            ("/archive/<path:relative>", "archive", self.archive, ["GET"]),
            ("/telecharger/<path:name>", "telecharger", self.download, ["GET"]),
            ("/page/<key>/<int:page>", "page", self.page, ["GET"]),
            ("/budget/<path:relative>", "budget", self.budget, ["GET"]),
            (
                "/budget-confirmation/<path:relative>",
                "budget_confirmation",
                self.budget_confirm,
                ["GET"],
            ),
            ("/budget-appliquer/<path:relative>", "budget_appliquer", self.budget_apply, ["POST"]),
            ("/travail/<job_id>", "travail", self.job, ["GET"]),
        ]
        for rule, name, view, methods in routes:
            app.add_url_rule(rule, name, view, methods=methods)

    def globals(self) -> dict[str, Any]:
        return {
            "csrf": self.access.csrf,
            "changed_on_disk": editor.CHANGED_ON_DISK,
            "csrf_field": CSRF_FIELD,
            "csrf_header": CSRF_HEADER,
            "root_name": self.repo.root.name,
            "errors_of": _errors,
            "warnings_of": _warnings,
        }

    # -- errors ----------------------------------------------------------------------------

    def error(self, error: Exception) -> tuple[str, int, dict[str, str]]:
        hint = ""
        if isinstance(error, HTTPException):
            code = error.code or 500
            title = _TITLES.get(code, "Requête refusée")
            message = _MESSAGES.get(code, error.description or "")
            if type(error).description != HTTPException.description and error.description:
                message = error.description
        elif isinstance(error, DocgenError):
            code = _code_of(error)
            title = _TITLES.get(code, "Opération impossible")
            message, hint = error.message, error.hint or ""
        else:
            print("docgen serve : erreur inattendue", file=sys.stderr)
            traceback.print_exception(error, file=sys.stderr)
            code, title = 500, "Erreur inattendue"
            message = (
                "docgen a rencontré une erreur inattendue ; rien n'a été écrit. Le détail est "
                "affiché dans le terminal qui a lancé « docgen serve »."
            )
        headers: dict[str, str] = {}
        template = "erreur.html"
        if request.headers.get("HX-Request"):
            template = "_erreur.html"
            headers = {"HX-Retarget": "#alertes", "HX-Reswap": "innerHTML"}
        page = render_template(template, code=code, title=title, message=message, hint=hint)
        return page, code, headers

    # -- the repository at a glance ----------------------------------------------------

    def home(self) -> str:
        with self.repo.reading():
            view = overview.overview(self.repo)
        return render_template(
            "accueil.html",
            view=view,
            built=request.args.get("construit"),
            up_to_date=overview.UP_TO_DATE,
        )

    def build_all(self) -> BaseResponse:
        with self.repo.writing("build"):
            result = build(
                [self.repo.contracts],
                self.repo.build,
                workspace=Workspace(default_registry()),
                jobs=1,
            )
        summary = result.payload
        built = summary.built if isinstance(summary, BuildSummary) else 0
        return redirect(url_for("accueil", construit=str(built)), code=303)

    # -- a file as a form ------------------------------------------------------------------

    def _opened(self, relative: str) -> Opened:
        return editor.open_file(self.repo, self.repo.source(relative))

    def file(self, relative: str) -> str:
        with self.repo.reading():
            opened = self._opened(relative)
            evaluation = editor.evaluate(opened, None)
        return render_template(
            "fichier.html",
            opened=opened,
            ev=evaluation,
            placed=_placed(evaluation.form, evaluation.findings, opened),
            saved=request.args.get("enregistre") is not None,
            documents=opened.data is not None and opened.renders,
        )

    def _documents_of(self, relative: str) -> Path:
        """The file whose documents are asked for; a file that has none (departement.yaml,
        a budget vote) is not found rather than offered a build that produces nothing."""
        path = self.repo.source(relative)
        kind = default_registry().kind_of(path)  # its name says it: nothing to read
        if not editor.has_documents(kind):
            label = kind.label if kind is not None else "un fichier"
            raise NotFound(f"{relative} ne produit pas de documents : c'est {label}.")
        return path

    def _posted(self) -> dict[str, str]:
        return {k: v for k, v in request.form.items() if k[:1] in "/@#+"}

    def verify(self, relative: str) -> str:
        with self.repo.reading():
            opened = self._opened(relative)
            stale = editor.digest(opened.raw) != request.form.get("empreinte")
            evaluation = editor.evaluate(opened, self._posted())
        return render_template(
            "_verification.html",
            opened=opened,
            ev=evaluation,
            placed=_placed(evaluation.form, evaluation.findings, opened),
            stale=stale,
        )

    def restructure(self, relative: str) -> str:
        action = request.form.get("_action", "")
        with self.repo.reading():
            opened = self._opened(relative)
            evaluation = editor.evaluate(opened, self._posted(), action)
        return render_template(
            "_champs.html",
            opened=opened,
            ev=evaluation,
            placed=_placed(evaluation.form, evaluation.findings, opened),
        )

    def review(self, relative: str) -> str:
        with self.repo.reading():
            opened = self._opened(relative)
            editor.ensure_unchanged(opened.path, request.form.get("empreinte", ""))
            evaluation = editor.evaluate(opened, self._posted())
        changed = evaluation.new is not None and evaluation.new != opened.raw
        key = None
        diff: list[tuple[str, str]] = []
        if changed and not evaluation.blocking and evaluation.new is not None:
            key = self.drafts.add(Draft(opened.relative, opened.raw, evaluation.new))
            diff = editor.unified_diff(opened, evaluation.new)
        return render_template(
            "_confirmation.html",
            opened=opened,
            ev=evaluation,
            changed=changed,
            key=key,
            diff=diff,
            errors=sum(1 for f in evaluation.findings if f.severity is Severity.ERROR),
        )

    def save(self, relative: str) -> Response:
        draft = self.drafts.take(request.form.get("brouillon", ""))
        if draft is None or draft.relative != relative:
            raise UsageError(
                "cette modification n'est plus en attente (déjà enregistrée, ou le serveur a "
                "redémarré)",
                "rechargez le fichier et refaites la modification",
            )
        path = self.repo.source(relative)
        editor.save(self.repo, path, draft)
        response = Response(status=204)
        response.headers["HX-Redirect"] = url_for("fichier", relative=relative, enregistre="1")
        return response

    def new(self, departement: str) -> BaseResponse | str:
        folder = self.repo.contracts / departement
        self.repo.source(f"contracts/{departement}/departement.yaml")  # an existing Département
        if request.method == "GET":
            return render_template("nouvelle.html", departement=departement, folder=folder)
        service = request.form.get("service", "").strip()
        problem = _service_problem(service)
        if problem is None:
            try:
                with self.repo.writing("new"):
                    path = write_skeleton(target_of(departement, service, cwd=self.repo.root))
            except (UsageError, OverwriteRefused) as error:
                problem = (error.message, error.hint or "")
            else:
                return redirect(url_for("fichier", relative=self.repo.relative(path)), code=303)
        # The form again, the name typed kept and what is wrong with it beside it.
        page = render_template(
            "nouvelle.html", departement=departement, folder=folder, typed=service, problem=problem
        )
        return Response(page, status=400)

    # -- documents -------------------------------------------------------------------------

    def documents(self, relative: str) -> BaseResponse | str:
        path = self._documents_of(relative)
        if request.method == "POST":
            with self.repo.writing("render"):
                result = preview.produce(self.repo, path)
            if any(f.severity is Severity.ERROR for f in result.findings):
                return render_template(
                    "documents.html",
                    relative=relative,
                    shown=None,
                    failed=result.sorted_findings(),
                    libreoffice=preview.libreoffice(),
                    pages={},
                )
            return redirect(url_for("documents", relative=relative), code=303)
        with self.repo.reading():
            shown = preview.current(self.repo, path)
        pages: dict[str, tuple[str, int]] = {}
        if shown is not None:
            for document in shown.documents:
                if document.pdf is not None:
                    pages[document.pdf] = self.images.pages(self.repo.output(document.pdf))
        return render_template(
            "documents.html",
            relative=relative,
            shown=shown,
            failed=None,
            libreoffice=preview.libreoffice(),
            pages=pages,
            pdftoppm=preview.PageImages.available(),
        )

    def archive(self, relative: str) -> Response:
        path = self._documents_of(relative)
        with self.repo.reading():
            shown = preview.current(self.repo, path)
            if shown is None:
                raise NotFound(
                    "Les documents de ce fichier ne sont pas à jour : produisez-les d'abord."
                )
            data = preview.archive(self.repo, shown)
        name = f"{Path(relative).stem}_documents.zip"
        return Response(
            data,
            mimetype="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def download(self, name: str) -> Response:
        path = self.repo.output(name)
        inline = path.suffix == ".pdf" and request.args.get("voir") is not None
        return send_file(path, as_attachment=not inline, download_name=path.name, max_age=0)

    def page(self, key: str, page: int) -> Response:
        image = self.images.image(key, page)
        if image is None:
            raise NotFound()
        return send_file(image, mimetype="image/png", max_age=0)

    # -- budget votes ----------------------------------------------------------------------

    def budget(self, relative: str) -> str:
        path = self.repo.source(relative)
        with self.repo.reading():
            view = budgets.budget_view(self.repo, path)
        return _budget_page(relative, view, confirm=False)

    def budget_confirm(self, relative: str) -> str:
        path = self.repo.source(relative)
        with self.repo.reading():
            view = budgets.budget_view(self.repo, path)
        return _budget_page(relative, view, confirm=True)

    def budget_apply(self, relative: str) -> BaseResponse:
        job = self.jobs.start(self.repo.source(relative))
        return redirect(url_for("travail", job_id=job.id), code=303)

    def job(self, job_id: str) -> str:
        job = self.jobs.get(job_id)
        if job is None:
            raise NotFound("Cette opération est inconnue (le serveur a peut-être redémarré).")
        if request.headers.get("HX-Request"):
            return render_template("_travail.html", job=job)
        return render_template("travail.html", job=job)


def _budget_page(
    relative: str, view: budgets.BudgetView | tuple[Finding, ...], *, confirm: bool
) -> str:
    blocked = view if isinstance(view, tuple) else None
    shown = None if isinstance(view, tuple) else view
    return render_template(
        "budget.html", relative=relative, view=shown, blocked=blocked, confirm=confirm
    )


def _code_of(error: DocgenError) -> int:
    if isinstance(error, PathRefused):
        return 403
    if isinstance(error, OverwriteRefused):
        return 409
    if isinstance(error, UsageError):
        return 404 if "introuvable" in error.message else 400
    if isinstance(error, ResourceError):
        return 503
    return 400


_TITLES = {
    400: "Requête incorrecte",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non admise",
    409: "Conflit",
    413: "Requête trop volumineuse",
    500: "Erreur inattendue",
    503: "Service indisponible",
}
_MESSAGES = {
    400: "La requête envoyée est incorrecte.",
    403: "Accès refusé.",
    404: "Cette page n'existe pas dans l'espace de travail.",
    405: "Cette adresse ne s'utilise pas ainsi.",
    413: "La requête dépasse la taille admise.",
}


def _errors(findings: Any) -> int:
    return sum(1 for f in findings if f.severity is Severity.ERROR)


def _warnings(findings: Any) -> int:
    return sum(1 for f in findings if f.severity is not Severity.ERROR)


def _service_problem(service: str) -> tuple[str, str] | None:
    """What is wrong with the name typed for a new convention's file, or None."""
    if not service:
        return "donnez le nom du fichier du service", "par exemple : quartiers-sud"
    if not SLUG.match(service):
        return (
            f"« {service} » : le nom du fichier s'écrit en minuscules, chiffres et tirets, "
            "sans accents ni espaces",
            f"par exemple : {slug_hint(service, 'quartiers-sud')}",
        )
    return None


def _placed(
    form: Form | None, findings: tuple[Finding, ...], opened: Opened
) -> dict[str, list[Finding]]:
    """The findings by the dom id of their field (``""``: shown above the form)."""
    placed: dict[str, list[Finding]] = {}
    name = display_path(opened.path)
    for finding in findings:
        anchor = None
        if form is not None and finding.file == name and finding.path:
            anchor = form.anchor_of(finding.path)
        placed.setdefault(anchor or "", []).append(finding)
    return placed
