"""docgen's own exceptions, each carrying the exit code the CLI turns it into.

This module imports nothing from docgen so that every other module can use it.
Exit codes: 0 everything fine, 1 a contract has findings, 2 docgen could not run.
"""

from __future__ import annotations


class DocgenError(Exception):
    """An error whose message is meant for the user (in French)."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format_message(self) -> str:
        if self.hint:
            return f"{self.message}\n  → {self.hint}"
        return self.message


class UsageError(DocgenError):
    """Bad arguments or a path that does not exist: docgen could not run."""


class ResourceError(DocgenError):
    """A file docgen needs (template, schema, LibreOffice) is missing or unreadable."""


class ContractError(DocgenError):
    """A contract is wrong: the user must fix the YAML. Carries its findings."""

    exit_code = 1


class OverwriteRefused(DocgenError):
    """Writing would destroy something a user changed by hand."""


class TemplateFailure(ResourceError):
    """A Word template could not be read, or a document could not be filled from it
    (a tag past a rendering limit, a tag in error). The documents made from it are not
    written; a command that can go on reports a finding for them and goes on.

    ``template``: the template as shown to the user; ``rule``: the finding's rule id
    (``template-unreadable`` or ``template-render``). A file to correct, as a finding.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, *, template: str, rule: str) -> None:
        super().__init__(message, hint)
        self.template = template
        self.rule = rule

    def __reduce__(self) -> tuple[object, ...]:
        # Sent back from a worker process: keyword-only arguments do not survive pickling.
        return (_template_failure, (self.message, self.hint, self.template, self.rule))


def _template_failure(message: str, hint: str | None, template: str, rule: str) -> TemplateFailure:
    return TemplateFailure(message, hint, template=template, rule=rule)
