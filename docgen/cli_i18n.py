"""Click's own messages ("Usage:", "No such option") in French, for French users.

Click looks its messages up through ``gettext``; we give its modules a lookup in a small
French table instead of installing a message catalogue for one program.
"""

from __future__ import annotations

import importlib

FRENCH = {
    "Usage:": "Utilisation :",
    # Click prints a heading followed by its colon: the space French puts before it is here.
    "Options": "Options ",
    "Commands": "Commandes ",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "No such option: {name}": "option inconnue : {name}",
    "No such option {name!r}.": "option inconnue : {name!r}.",
    "No such command {name!r}.": "commande inconnue : {name!r}.",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing command.": "commande manquante.",
    "Invalid value: {message}": "valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "Option {name!r} requires an argument.": "l'option {name!r} attend une valeur.",
    "Got unexpected extra argument ({args})": "argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "arguments en trop ({args})",
    "default: {default}": "par défaut : {default}",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Aborted!": "Interrompu.",
}


def _gettext(message: str) -> str:
    return FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n <= 1 else plural)  # French: « 0 fichier »


def install() -> None:
    for name in ("core", "exceptions", "formatting", "parser", "types", "decorators"):
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
