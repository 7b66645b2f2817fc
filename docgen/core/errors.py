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
