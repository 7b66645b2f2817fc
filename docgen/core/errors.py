"""docgen's own exceptions, each carrying the exit code the CLI turns it into.

This module imports nothing from docgen so that every other module can use it.
Exit codes: 0 everything fine, 1 a contract has findings, 2 docgen could not run.
"""

from __future__ import annotations

import errno


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


# What the system said, in French: a strerror is English whatever the user's language.
_REASONS = {
    errno.ENOSPC: "disque plein",
    getattr(errno, "EDQUOT", errno.ENOSPC): "quota de disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.ELOOP: "trop de liens symboliques",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EBUSY: "fichier occupé",
}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
FREE_SPACE = "libérez de la place sur le disque, puis relancez"
CHECK_ACCESS = "vérifiez que le dossier est accessible en écriture, puis relancez"


def os_reason(exc: OSError) -> str:
    """Why the system refused, in French when docgen knows the error."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def disk_full(exc: OSError) -> bool:
    return exc.errno in _FULL


def write_failure(what: str, exc: OSError, hint: str | None = None) -> ResourceError:
    """« disque plein : impossible d'écrire <what>. », or « écriture impossible dans
    <what> : <reason>. » — ``what`` names the file for the user (« le fichier build/… »);
    ``hint``: what to do when the disk is not what is full."""
    if disk_full(exc):
        return ResourceError(f"{os_reason(exc)} : impossible d'écrire {what}.", FREE_SPACE)
    return ResourceError(
        f"écriture impossible dans {what} : {os_reason(exc)}.", hint or CHECK_ACCESS
    )


READ_ACCESS = "donnez le droit de lire ce fichier à l'utilisateur qui lance docgen, puis relancez"


def read_failure(shown: str, exc: OSError) -> UsageError:
    """« <shown> : lecture impossible (permission refusée) », and what to do: a file docgen
    was given, or found, and may not read."""
    return UsageError(f"{shown} : lecture impossible ({os_reason(exc)})", READ_ACCESS)


def os_failure(exc: OSError, where: str) -> ResourceError:
    """Any system error on ``where``, in French (what the CLI says of an OSError that no
    layer below turned into a message of its own)."""
    if disk_full(exc):
        return ResourceError(f"{os_reason(exc)} : impossible d'écrire {where}.", FREE_SPACE)
    return ResourceError(f"opération impossible sur {where} : {os_reason(exc)}.", CHECK_ACCESS)
