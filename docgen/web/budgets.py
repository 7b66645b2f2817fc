"""A budget vote in the workspace: ``docgen budget apply --simulation``'s table, then the
vote applied by ``docgen budget apply`` itself, in a background task the page follows."""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docgen.commands import budget as budget_command
from docgen.core import french as fr
from docgen.core.errors import DocgenError
from docgen.core.findings import Finding, Severity
from docgen.core.workspace import Workspace
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.convention.split import split_dotation
from docgen.registry import default_registry
from docgen.web.repository import Repository


@dataclass(frozen=True)
class Row:
    service: str  # the service's name, as the home page names the convention
    slug: str  # its file's name, as the vote's file names it
    relative: str  # the convention's file
    previous: str
    new: str
    difference: str
    note: str
    departement: str  # the Département's part of the new dotation
    communes: tuple[tuple[str, str], ...]  # each paying commune's part of it


@dataclass(frozen=True)
class BudgetView:
    reference: str
    year: int
    rate: str
    vote_date: str
    rows: tuple[Row, ...]
    total_previous: str
    total_new: str
    total_difference: str
    already_applied: tuple[str, ...]
    findings: tuple[Finding, ...]
    refused: bool  # a file is wrong: the vote cannot be applied

    @property
    def applicable(self) -> bool:
        return not self.refused and bool(self.rows)


def amount(value: Decimal) -> str:
    return fr.amount(value, cents="always")


def signed(value: Decimal) -> str:
    return f"+{amount(value)}" if value >= 0 else f"−{amount(abs(value))}"


def budget_view(repo: Repository, vote: Path) -> BudgetView | tuple[Finding, ...]:
    """The simulation of ``vote``, or the findings that keep it from being computed."""
    result, plan = budget_command.plan(vote, workspace=Workspace(default_registry()))
    findings = tuple(result.sorted_findings())
    if plan is None:
        return findings
    rows = []
    for r in plan.revaluations:
        split = split_dotation(consolidate(r.amended))
        note = "dérogation" if r.derogation else ""
        if r.new_measures:
            note = f"dont mesures nouvelles {amount(r.new_measures)}"
        rows.append(
            Row(
                r.convention.name,
                r.convention.slug,
                repo.relative(r.convention.source),
                amount(r.previous),
                amount(r.new),
                signed(r.difference),
                note,
                amount(split.departement) if split is not None else "",
                tuple((c.commune.name, amount(c.amount)) for c in split.per_commune)
                if split is not None
                else (),
            )
        )
    budget = plan.budget
    return BudgetView(
        budget.reference,
        budget.year,
        fr.percent(budget.rate),
        fr.date_long(budget.vote_date),
        tuple(rows),
        amount(plan.total_previous),
        amount(plan.total_new),
        signed(plan.total_new - plan.total_previous),
        plan.already_applied,
        findings,
        any(f.severity is Severity.ERROR for f in findings),
    )


# -- applying a vote in the background -----------------------------------------------


@dataclass
class Job:
    id: str
    vote: str  # the vote's file, from the root
    state: str = "en attente du dépôt"
    done: bool = False
    failed: bool = False
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    message: str = ""
    hint: str = ""
    conventions: list[str] = field(default_factory=list)  # files that got an avenant
    documents: list[str] = field(default_factory=list)  # inside build/
    findings: list[Finding] = field(default_factory=list)

    @property
    def elapsed(self) -> int:
        return round(self.seconds if self.done else time.monotonic() - self.started)


class Jobs:
    """The budget votes being applied, by id (a few per server's life)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, vote: Path) -> Job:
        job = Job(secrets.token_urlsafe(12), self.repo.relative(vote))
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, vote), daemon=True).start()
        return job

    def _run(self, job: Job, vote: Path) -> None:
        try:
            with self.repo.writing("budget apply"):
                job.state = "vérification des conventions et rendu des avenants"
                result = budget_command.apply(
                    vote, self.repo.build, workspace=Workspace(default_registry())
                )
            job.findings = result.sorted_findings()
            build = self.repo.build.resolve()
            job.documents = [
                w.path.resolve().relative_to(build).as_posix()
                for w in result.written
                if w.path.resolve().is_relative_to(build)
            ]
            job.conventions = [
                self.repo.relative(Path(note.removeprefix(budget_command.ADDED)))
                for note in result.notes
                if note.startswith(budget_command.ADDED)
            ]
            if result.produced:
                many = "s" if result.produced > 1 else ""
                job.message = f"{result.produced} avenant{many} ajouté{many} et rendu{many}."
            else:
                job.failed = True
                job.message = " ".join(result.notes) or "Aucun avenant n'a été ajouté."
            job.state = "terminé"
        except DocgenError as error:
            job.failed, job.state = True, "échec"
            job.message, job.hint = error.message, error.hint or ""
        except Exception as error:  # reported on the page, detailed on stderr
            traceback.print_exc()
            job.failed, job.state = True, "échec"
            job.message = f"erreur inattendue ({type(error).__name__}) : rien n'a été écrit"
        finally:
            job.seconds = time.monotonic() - job.started
            job.done = True
