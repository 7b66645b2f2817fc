"""The Word templates of a run: which one fills a document (the file's own choice, its
Département's, the repository's, else docgen's), each resolved once, and each linted once,
its findings reported once; what was looked for and used is noted as read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docgen.core import engine
from docgen.core.errors import TemplateFailure
from docgen.core.findings import Finding, failure_finding
from docgen.core.governance import Settings, tune
from docgen.core.lint import TemplateReport, lint_template
from docgen.core.project import (
    Project,
    ResolvedTemplate,
    TemplateMissing,
    current_project,
    find_root,
    resolve_template,
)
from docgen.core.recorder import Recorder
from docgen.core.sandbox import DEFAULT, Limits
from docgen.core.sources import Sources
from docgen.core.template import Template


class Templates:
    def __init__(self, recorder: Recorder, sources: Sources) -> None:
        self.recorder, self.sources = recorder, sources
        # Every template finding of the run, each once, as reported.
        self.template_findings: list[Finding] = []
        self._projects: dict[Path, Project] = {}
        self._templates: dict[Path, TemplateReport] = {}
        self._lint_findings: dict[Path, list[Finding]] = {}
        self._resolutions: dict[
            tuple[Path | None, Template, str | None],
            tuple[ResolvedTemplate | TemplateMissing, tuple[Path, ...]],
        ] = {}

    def project_of(self, path: Path) -> Project:
        """The contracts repository ``path`` belongs to (see ``docgen.core.project``)."""
        folder = self.sources.resolved(path).parent
        if folder not in self._projects:
            self._projects[folder] = find_root(folder) or current_project()
        return self._projects[folder]

    def resolve(
        self, governor: Path | None, template: Template, chosen: str | None = None
    ) -> ResolvedTemplate:
        """The template of a document governed by ``governor`` (its Département's file):
        the file's own choice, the Département's, the repository's, else docgen's."""
        key = (governor, template, chosen)
        found = self._resolutions.get(key)
        if found is None:
            project = self.project_of(governor) if governor is not None else current_project()
            departement = governor.parent.name if governor is not None else None
            # The files looked for are noted: a template added to templates/ changes the
            # choice. Templates do not move during a run: each is resolved once.
            own = project.templates / departement if departement else None
            probes: tuple[Path, ...] = ()
            if chosen is not None and own is not None:
                probes = (own / chosen,)
            elif chosen is None:
                probes = (project.templates / f"{template.name}.docx",)
                if own is not None:
                    probes = (own / f"{template.name}.docx", *probes)
            try:
                found = (resolve_template(project, departement, template, chosen), probes)
            except TemplateMissing as missing:
                found = (missing, probes)
            self._resolutions[key] = found
        resolved, probes = found
        if self.recorder.active:
            for probe in probes:
                self.sources.is_file(probe)
        if isinstance(resolved, TemplateMissing):  # a new one: a raise grows its traceback
            raise TemplateMissing(resolved.message, resolved.hint or "", resolved.choice)
        if self.recorder.active:
            self.note(resolved.path)
        return resolved

    def note(self, path: Path) -> None:
        """A template read: its content's digest noted (a change rebuilds what uses it)."""
        key = self.sources.resolved(path)
        self.recorder.note(f"template:{key}", self.sources.digest(key))

    def lint(
        self,
        path: Path,
        template: Template,
        settings: Settings | None = None,
        limits: Limits = DEFAULT,
    ) -> TemplateReport:
        """Lint each template once per run; its findings are reported once. A template
        that cannot be read (« modèle illisible »), or whose tags go past a rendering
        limit whatever the data (``engine.trial``), is one error finding."""
        key = self.sources.resolved(path)
        if key not in self._templates:
            try:
                report = lint_template(path, template.context)
            except TemplateFailure as failure:
                report = TemplateReport(frozenset(), (failure_finding(failure),))
            else:
                try:
                    engine.trial(path, limits)
                except TemplateFailure as failure:
                    found = (*report.findings, failure_finding(failure))
                    report = dataclasses.replace(report, findings=found)
            self._templates[key] = report
            self._lint_findings[key] = tune(list(report.findings), settings or {})
            self.template_findings += self._lint_findings[key]
        if self.recorder.active:
            self.note(key)
            self.recorder.note(f"lint:{key}", "")
        return self._templates[key]

    def lint_findings(self, path: Path) -> list[Finding]:
        """The findings of the template at ``path`` (linted in this run), as reported."""
        return self._lint_findings.get(self.sources.resolved(path), [])
