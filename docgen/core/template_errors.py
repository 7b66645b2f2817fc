"""A Word template that cannot be filled, explained in French.

Jinja and docxtpl speak English (« 'cp_x' is undefined », « No filter named 'montant'. »).
When ``docgen check`` was skipped, or a template was edited after it, such an error
reaches the person building the documents: ``explain`` turns it into what went wrong and
what to do, in French, for the five ways a template breaks: an unknown name, an unknown
field of a value, an unknown filter (or test), a syntax error, and a refusal of the
sandbox the templates run in. Any other error keeps a French message too.

Call it where a template is rendered (``docgen.core.engine.render_docx``)::

    except (jinja2.TemplateError, TypeError, ValueError) as error:
        problem = explain(error, filters=fr.FILTERS)
        raise ResourceError(problem.sentence(display_path(template)), problem.hint) from error
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jinja2
from jinja2.exceptions import SecurityError

from docgen.core.french import ENGLISH_FILTERS

README_FIELDS = "la liste des champs : docgen modeles champs"


@dataclass(frozen=True)
class TemplateProblem:
    """What is wrong in the template, and what to do, in French."""

    message: str
    hint: str
    kind: str  # "undefined", "attribute", "element", "filter", "test", "syntax", "sandbox", "value"
    line: str = ""  # the text of the paragraph where Jinja stopped, when it says so

    def sentence(self, template: str) -> str:
        where = f", dans le paragraphe « {self.line} »" if self.line else ""
        return f"le modèle {template} ne peut pas être rempli : {self.message}{where}"


def explain(
    error: BaseException, *, fields: Iterable[str] = (), filters: Iterable[str] = ()
) -> TemplateProblem:
    """``error`` (raised while filling a template) as a French message and hint.

    ``fields``: the names the template may use (« service.name »…), to suggest the
    closest one; ``filters``: the filters it may use (« amount »…).
    """
    text = str(error)
    line = _paragraph(error)
    if isinstance(error, SecurityError):
        return _sandbox(text, line)
    if isinstance(error, jinja2.UndefinedError):
        return _undefined(text, list(fields), line)
    if isinstance(error, jinja2.TemplateAssertionError):
        found = re.match(r"No (filter|test) named '([^']*)'", text)
        if found:
            return _unknown_filter(found[1], found[2], sorted(filters), line)
    if isinstance(error, jinja2.TemplateSyntaxError):
        return _syntax(error, line)
    if isinstance(error, jinja2.TemplateError):
        return TemplateProblem(
            "le moteur de modèles s'est arrêté sur une balise",
            "vérifiez les balises {{ … }} et {% … %} du modèle, puis lancez docgen check",
            "syntax",
            line,
        )
    if isinstance(error, TypeError) and "not callable" in text:
        return TemplateProblem(
            "une balise appelle comme une fonction (avec des parenthèses) une valeur qui "
            "n'en est pas une",
            "retirez les parenthèses : {{ service.name }} et non {{ service.name() }}",
            "value",
            line,
        )
    return TemplateProblem(
        "une valeur ne peut pas être mise en forme par le filtre qui lui est appliqué "
        "(par exemple |amount sur un texte)",
        "vérifiez les filtres des balises {{ … | … }} : chacun attend une sorte de valeur "
        "(montant, date, pourcentage)",
        "value",
        line,
    )


def _undefined(text: str, fields: list[str], line: str) -> TemplateProblem:
    name = re.fullmatch(r"'([^']*)' is undefined", text)
    if name:
        return TemplateProblem(
            f"« {name[1]} » n'est pas un champ connu",
            _suggest(name[1], [f.split(".")[0].removesuffix("[]") for f in fields]),
            "undefined",
            line,
        )
    attribute = re.fullmatch(r"'?(.*?)'? has no attribute '([^']*)'", text)
    if attribute:
        owner = _owner(attribute[1])
        return TemplateProblem(
            f"« {attribute[2]} » n'est pas un champ {owner}",
            _suggest(attribute[2], [f.rsplit(".", 1)[-1].removesuffix("[]") for f in fields]),
            "attribute",
            line,
        )
    element = re.fullmatch(r"'?(.*?)'? has no element (.*)", text)
    if element:
        return TemplateProblem(
            f"l'élément {element[2]} n'existe pas dans cette liste",
            "une liste se parcourt avec {% for x in liste %} … {% endfor %} ; "
            "vérifiez le numéro entre crochets",
            "element",
            line,
        )
    return TemplateProblem(
        "une balise désigne une valeur qui n'existe pas",
        f"vérifiez l'orthographe des balises : {README_FIELDS}",
        "undefined",
        line,
    )


def _owner(described: str) -> str:
    """« 'docgen.kinds….ServiceInfo object' » → « de cette valeur (ServiceInfo) »."""
    name = described.removesuffix(" object").rsplit(".", 1)[-1]
    plain = {"dict": "", "str": " (un texte)", "list": " (une liste)", "int": " (un nombre)"}
    if name in plain:
        return f"de cette valeur{plain[name]}"
    return f"de cette valeur ({name})" if name else "de cette valeur"


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, sorted(set(known)), n=1)
    if close:
        return f"vouliez-vous dire « {close[0]} » ? ({README_FIELDS})"
    return f"vérifiez l'orthographe de la balise : {README_FIELDS}"


def _unknown_filter(what: str, name: str, filters: list[str], line: str) -> TemplateProblem:
    noun = "filtre" if what == "filter" else "test"
    # A misspelt English name of an earlier version is answered with the French one.
    english = ENGLISH_FILTERS if what == "filter" else {}
    close = difflib.get_close_matches(name, [*filters, *english], n=1)
    if close:
        hint = f"vouliez-vous dire « {english.get(close[0], close[0])} » ?"
    elif filters and what == "filter":
        hint = "filtres de docgen : " + ", ".join(filters)
    else:
        hint = "retirez-le ou corrigez son nom"
    return TemplateProblem(
        f"le {noun} « {name} » n'existe pas", hint, "filter" if noun == "filtre" else "test", line
    )


_CLOSERS = {"for": "endfor", "if": "endif", "macro": "endmacro", "with": "endwith"}


def unclosed_block(error: jinja2.TemplateSyntaxError) -> str:
    """« if » or « for » when the template ended with that block still open (Jinja then
    names the end of the template, not the tag left open), else ""."""
    text = error.message or str(error)
    if not text.startswith("Unexpected end of template"):
        return ""
    found = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    return found[1] if found else ""


def _syntax(error: jinja2.TemplateSyntaxError, line: str) -> TemplateProblem:
    text = error.message or str(error)
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", text)
    unknown = re.match(r"Encountered unknown tag '(\w+)'", text)
    if innermost and not unknown:
        tag = innermost[1]
        closer = _CLOSERS.get(tag, f"end{tag}")
        return TemplateProblem(
            f"la balise {{% {tag} … %}} n'est jamais fermée",
            f"ajoutez {{% {closer} %}} là où le bloc se termine",
            "syntax",
            line,
        )
    if unknown and innermost and unknown[1].startswith(("end", "elif")):
        # A closing tag that does not close the open block: {% endfor %} inside an
        # {% if %}, or {% end if %} typed in two words.
        tag, block = unknown[1], innermost[1]
        closer = _CLOSERS.get(block, f"end{block}")
        if tag == "end":
            return TemplateProblem(
                f"la balise {{% end … %}} n'existe pas : le bloc {{% {block} … %}} se ferme "
                f"par {{% {closer} %}}, en un seul mot",
                f"écrivez {{% {closer} %}}, sans espace",
                "syntax",
                line,
            )
        return TemplateProblem(
            f"la balise {{% {tag} %}} arrive alors que le bloc {{% {block} … %}} ouvert plus "
            "haut n'est pas fermé",
            f"fermez d'abord ce bloc par {{% {closer} %}} (un bloc ouvert dans un autre se "
            f"ferme avant lui), ou corrigez {{% {tag} %}}",
            "syntax",
            line,
        )
    if unknown:
        tag = unknown[1]
        if tag.startswith(("end", "else", "elif")):
            return TemplateProblem(
                f"la balise {{% {tag} %}} ne ferme aucun bloc ouvert",
                "retirez-la, ou ouvrez le bloc qu'elle ferme "
                f"({{% {tag.removeprefix('end')} … %}})",
                "syntax",
                line,
            )
        return TemplateProblem(
            f"la balise {{% {tag} %}} n'existe pas",
            "les balises {% … %} admises : for, if, else, elif, endfor, endif ; une valeur "
            "s'imprime entre doubles accolades : {{ service.nom }}",
            "syntax",
            line,
        )
    char = re.match(r"unexpected char '(.*)' at \d+", text)
    if char and char[1] in "«»":
        # Word in French turns a typed " into « (with a no-break space): the quotes of a
        # text in a tag, or quotes typed around a field.
        return TemplateProblem(
            f"le caractère « {char[1]} » n'a pas sa place dans une balise",
            "Word remplace les guillemets droits par « » en tapant : dans une balise, un "
            'texte s\'écrit entre guillemets droits (montant("centimes")), un champ sans '
            "guillemets ({{ service.nom }}) ; retapez le guillemet et annulez aussitôt la "
            "correction (Ctrl+Z), ou désactivez-la dans les options de correction automatique",
            "syntax",
            line,
        )
    if char:
        return TemplateProblem(
            f"le caractère « {char[1]} » n'a pas sa place dans une balise",
            "Word remplace souvent les guillemets droits par des guillemets typographiques "
            "(“ ” ‘ ’) : retapez-les droits (\" ou '), ou désactivez la correction "
            "automatique",
            "syntax",
            line,
        )
    token = re.match(r"unexpected '(.*)'", text) or re.search(r"got '(.*)'", text)
    if token:
        what = token[1]
        shown = "la fin de la balise" if what.startswith("end of ") else f"« {what} »"
        return TemplateProblem(
            f"balise mal formée : {shown} arrive là où docgen attend autre chose",
            "une balise s'écrit {{ champ }} ou {% for x in liste %}, accolades doublées, "
            "sans rien de plus",
            "syntax",
            line,
        )
    return TemplateProblem(
        "la syntaxe d'une balise est illisible",
        "une balise s'écrit {{ champ }} ou {% … %} ; lancez docgen check, qui nomme le "
        "paragraphe en cause",
        "syntax",
        line,
    )


def _sandbox(text: str, line: str) -> TemplateProblem:
    found = re.search(r"attribute '([^']*)'", text)
    what = f"« {found[1]} »" if found else "une valeur interne de Python"
    return TemplateProblem(
        f"accès refusé à {what} : un modèle ne peut lire que les champs de ses données",
        "retirez cette balise (le moteur de modèles refuse tout accès à l'intérieur de "
        "Python, par sécurité)",
        "sandbox",
        line,
    )


def _paragraph(error: BaseException) -> str:
    """The text of the paragraph where Jinja stopped, from docxtpl's context, if given."""
    lineno = getattr(error, "lineno", None)
    context = getattr(error, "docx_context", None)
    if lineno is None or context is None:
        return ""
    lines = list(context)
    index = lineno - 1 - max(lineno - 4, 0)
    text = lines[index].strip() if 0 <= index < len(lines) else ""
    return text if len(text) <= 120 else text[:119] + "…"
