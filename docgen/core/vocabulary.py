"""The names a template uses: the YAML's own keys, in French.

A template context (``docgen.core.context``) is typed with English attribute names, the
Python code's. What a juriste types in a template is French: the YAML key a value comes
from (``association.nom``, ``financement.dotation``, ``president.prenom``), or, for a
computed value, the French name declared beside its description
(``doc("calculé : …", fr="nom_complet")``). This module is the one map between the two:

* the engine's environment reads a French name through ``attribute`` (``association.nom``
  is the ``name`` attribute of the association);
* the template lint resolves a tag's chain of names with ``resolve``, accepts the English
  names of earlier versions with a warning naming the French one, and suggests the
  closest name for an unknown one;
* the field guide (``docgen modeles champs``) and the reference pages list ``field_docs``;
* ``docgen modeles migrer`` rewrites English names into French ones with ``rename``.

A computed value whose values are words (an avenant's kind of change) may declare their
French words too (``values=``): read by its French name, it gives them.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.core.context import DESCRIBED, DOC, FRENCH, VALUES

# A date's parts, read in French as in English (``duree.debut.annee``).
_DATE_PARTS: tuple[tuple[str, str, str], ...] = (
    ("year", "annee", "l’année"),
    ("month", "mois", "le mois (1 à 12)"),
    ("day", "jour", "le jour du mois"),
)


@dataclass(frozen=True)
class Member:
    """A name a template may use on a value of some type, in both languages."""

    english: str  # the attribute: "name"
    french: str  # what a template types: "nom"
    text: str  # French: where the value comes from
    owner: type  # the type the member belongs to
    inner: Any  # the type inside Optional/tuple (a dataclass for a nested level); of a
    # dict, the type inside its values
    many: bool  # a list (of a dict: its values are lists): {% for x in … %} reaches them
    mapping: bool  # a dict: its keys are data (``totaux.etat``)
    values: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def is_date(self) -> bool:
        return self.inner in (datetime.date, datetime.datetime)


@dataclass(frozen=True)
class FieldDoc:
    """One name of the field guide: the French chain, its English twin and its doc."""

    name: str  # French: "association.president.prenom", "communes[].nom"
    english: str  # "association.president.first_name", "communes[].name"
    text: str  # French: where the value comes from


class VocabularyError(Exception):
    """A context type declares a name twice, or a field without a French name: a mistake
    in docgen's own code, found by the tests."""


def derived_name(text: str) -> str | None:
    """The French name a documentation gives by itself: its YAML key, when it starts with
    one (« prenom », « civilite (Monsieur ou Madame) », « repartition, sinon … »)."""
    if text == "departement.yaml":
        return "departement"
    found = re.fullmatch(r"([a-z_]+)(?:(?: \(|, ).*)?", text, re.S)
    return found[1] if found else None


def unwrap(hint: Any) -> tuple[Any, bool]:
    """The type inside Optional/tuple/list, and whether it is a list of them."""
    many = False
    while True:
        origin = typing.get_origin(hint)
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if origin in (typing.Union, types.UnionType) and len(args) == 1:
            hint = args[0]
        elif origin in (tuple, list, Sequence) and args and not many:
            hint, many = args[0], True
        else:
            return hint, many


def _is_mapping(hint: Any) -> bool:
    return typing.get_origin(hint) is dict or hint is dict


def _member(owner: type, english: str, hint: Any, meta: Mapping[str, Any]) -> Member:
    text: str = meta[DOC]
    french = meta.get(FRENCH) or derived_name(text)
    if not french:
        raise VocabularyError(
            f"{owner.__name__}.{english}: a template field needs a French name (fr=…)"
        )
    mapping = _is_mapping(hint)
    if mapping:
        args = typing.get_args(hint)
        inner, many = unwrap(args[1]) if len(args) == 2 else (Any, False)
    else:
        inner, many = unwrap(hint)
    return Member(
        english=english,
        french=french,
        text=text,
        owner=owner,
        inner=inner,
        many=many,
        mapping=mapping,
        values=dict(meta.get(VALUES) or {}),
    )


@functools.cache
def members(owner: type) -> Mapping[str, Member]:
    """The documented members of ``owner`` (a dataclass), by English name, in order:
    its fields, then its described properties. A date has its parts."""
    if owner in (datetime.date, datetime.datetime):
        return types.MappingProxyType(
            {en: Member(en, fr, text, owner, int, False, False) for en, fr, text in _DATE_PARTS}
        )
    if not (dataclasses.is_dataclass(owner) and isinstance(owner, type)):
        return types.MappingProxyType({})
    hints = typing.get_type_hints(owner)
    found: dict[str, Member] = {}
    for item in dataclasses.fields(owner):
        if DOC in item.metadata:
            found[item.name] = _member(owner, item.name, hints[item.name], item.metadata)
    for name, value in vars(owner).items():
        if isinstance(value, property) and hasattr(value.fget, DESCRIBED):
            meta = getattr(value.fget, DESCRIBED)
            returned = typing.get_type_hints(value.fget).get("return", str)
            found[name] = _member(owner, name, returned, meta)
    _check_unique(owner, found)
    return types.MappingProxyType(found)


def _check_unique(owner: type, found: Mapping[str, Member]) -> None:
    seen: dict[str, str] = {}
    for member in found.values():
        other = seen.setdefault(member.french, member.english)
        if other != member.english:
            raise VocabularyError(
                f"{owner.__name__}: « {member.french} » names both {other} and {member.english}"
            )
    for member in found.values():
        # A French name that is another member's English name would hide that member.
        if member.french != member.english and member.french in found:
            raise VocabularyError(
                f"{owner.__name__}: the French name « {member.french} » of {member.english} "
                "is the English name of another field"
            )


@functools.cache
def _french_index(owner: type) -> Mapping[str, Member]:
    return types.MappingProxyType({m.french: m for m in members(owner).values()})


def by_french(owner: type, name: str) -> Member | None:
    """The member of ``owner`` a French ``name`` designates (None if it is no French name,
    or the same word in both languages)."""
    member = _french_index(owner).get(name)
    if member is None or (member.french == member.english and not member.values):
        return None
    return member


def attribute(obj: object, name: str) -> tuple[str, Mapping[str, str]]:
    """The attribute of ``obj`` that the template name ``name`` reads, and the French
    words of its values (empty: the value as it is). Names of no member are left as they
    are, for the engine to refuse or to read (a list's length, a string's method)."""
    member = by_french(type(obj), name)
    if member is None:
        return name, {}
    return member.english, member.values


# -- chains ------------------------------------------------------------------------------
#
# The lint names what a tag reads by a chain: dotted names, « [] » for an element of a
# list (``communes[].nom``), a dict's keys after its name (``totaux.etat``).


@dataclass(frozen=True)
class Resolution:
    """What a chain of names written in a template designates."""

    written: str  # as the template writes it
    english: str = ""  # the chain with English names (what docgen's code reads), if known
    french: str = ""  # the chain as a template should write it, if known
    english_names: tuple[str, ...] = ()  # the English names the template used
    unknown: str = ""  # the first name that designates nothing, if any
    suggestion: str = ""  # the French chain closest to the written one, for an unknown

    @property
    def known(self) -> bool:
        return not self.unknown


def _segments(chain: str) -> list[tuple[str, bool]]:
    out = []
    for part in chain.split("."):
        out.append((part.removesuffix("[]"), part.endswith("[]")))
    return out


def resolve(context: type, chain: str) -> Resolution:
    """``chain`` (French, English or a mix of both) read from a template of ``context``."""
    english: list[str] = []
    french: list[str] = []
    used: list[str] = []
    owner: Any = context
    mapping = False
    for index, (name, element) in enumerate(_segments(chain)):
        suffix = "[]" if element else ""
        if mapping:  # a dict's keys are data; the key's value has the type of its values
            english.append(name + suffix)
            french.append(name + suffix)
            mapping = False
            continue
        member = _french_index(owner).get(name) if isinstance(owner, type) else None
        if member is None and isinstance(owner, type):
            member = members(owner).get(name)
            if member is not None and member.french != name:
                used.append(name)
        if member is None:
            return Resolution(
                chain, unknown=name, suggestion=_suggest(context, french, name, index)
            )
        english.append(member.english + suffix)
        french.append(member.french + suffix)
        owner, mapping = member.inner, member.mapping
    return Resolution(chain, ".".join(english), ".".join(french), tuple(used))


def _suggest(context: type, done: list[str], name: str, index: int) -> str:
    """The French chain closest to what was written, among the names at that level."""
    prefix = ".".join(done)
    names = [
        d.name
        for d in field_docs(context)
        if d.name.count(".") == index and (not prefix or d.name.startswith(prefix + "."))
    ]
    last = {n.rsplit(".", 1)[-1].removesuffix("[]"): n for n in names}
    close = difflib.get_close_matches(name, list(last), n=1, cutoff=0.6)
    if not close:
        # An English name of an earlier version, or a near miss of one.
        english = {
            d.english.rsplit(".", 1)[-1].removesuffix("[]"): d.name
            for d in field_docs(context)
            if d.name.count(".") == index
        }
        close_en = difflib.get_close_matches(name, list(english), n=1, cutoff=0.75)
        return english[close_en[0]].removesuffix("[]") if close_en else ""
    return last[close[0]].removesuffix("[]")


# -- the field guide ----------------------------------------------------------------------


def field_docs(context: type) -> tuple[FieldDoc, ...]:
    """Every name a template of ``context`` may use, in declaration order, with its doc."""
    return _field_docs(context)


@functools.cache
def _field_docs(context: type) -> tuple[FieldDoc, ...]:
    return tuple(_walk(context, "", "", (), frozenset()))


def _walk(
    owner: Any, french: str, english: str, parents: tuple[str, ...], seen: frozenset[type]
) -> Iterator[FieldDoc]:
    if owner in seen:
        return
    if dataclasses.is_dataclass(owner) and isinstance(owner, type):
        seen = seen | {owner}
    for member in members(owner).values() if isinstance(owner, type) else ():
        texts = (*parents, member.text)
        fr_name, en_name = f"{french}{member.french}", f"{english}{member.english}"
        yield FieldDoc(fr_name, en_name, join(texts))
        if member.mapping:
            text = join(texts) + " (une clé : sa valeur)"
            yield FieldDoc(f"{fr_name}.*", f"{en_name}.*", text)
            if member.many and dataclasses.is_dataclass(member.inner):
                yield FieldDoc(f"{fr_name}.*[]", f"{en_name}.*[]", text)
                yield from _walk(member.inner, f"{fr_name}.*[].", f"{en_name}.*[].", texts, seen)
            continue
        if member.is_date:
            for en, fr, what in _DATE_PARTS:
                yield FieldDoc(f"{fr_name}.{fr}", f"{en_name}.{en}", f"{join(texts)} : {what}")
            continue
        if member.many:
            if not texts[-1].startswith("calculé"):
                texts = (*texts[:-1], texts[-1] + "[]")
            yield FieldDoc(f"{fr_name}[]", f"{en_name}[]", join(texts))
            fr_name, en_name = fr_name + "[]", en_name + "[]"
        if dataclasses.is_dataclass(member.inner):
            yield from _walk(member.inner, f"{fr_name}.", f"{en_name}.", texts, seen)


def join(texts: tuple[str, ...]) -> str:
    """The YAML path of a field, from each level's own doc, outermost first:
    « association.president.civilite », « departement.yaml → president.civilite ».
    A level documented as computed (« calculé : … ») stands for everything above it."""
    out = ""
    for text in texts:
        if not text:  # a level that only groups values: nothing to add to the path
            continue
        if text.startswith("calculé") and out and not out.startswith("calculé"):
            out = f"{out} → {text}"
        elif text.startswith("calculé") or not out:
            out = text
        elif out.startswith("calculé") or "→ calculé" in out:
            out = f"{out} › {text}"
        else:
            out += (" → " if out.endswith(".yaml") else ".") + text
    return out


@functools.cache
def english_chains(context: type) -> Mapping[str, str]:
    """English chain → French chain, for every name of ``context``."""
    return types.MappingProxyType({d.english: d.name for d in _field_docs(context)})


def french_chain(context: type, english: str) -> str:
    """The French chain of an English one (itself if unknown)."""
    return english_chains(context).get(english, english)


def as_mapping(context: object) -> dict[str, object]:
    """The names a template sees at its top level, French first, then the English names
    of earlier versions: the context's fields, values untouched."""
    if not dataclasses.is_dataclass(context) or isinstance(context, type):
        raise TypeError(f"a template context is a dataclass instance, not {type(context)!r}")
    names: dict[str, object] = {}
    fields = members(type(context))
    for field in dataclasses.fields(context):
        value = getattr(context, field.name)
        member = fields.get(field.name)
        if member is not None:
            names[member.french] = member.values.get(value, value) if member.values else value
        names.setdefault(field.name, value)
    return names


@functools.cache
def field_names(context: type) -> frozenset[str]:
    """Every English chain of ``context``: what docgen's own code reads."""
    return frozenset(d.english for d in _field_docs(context))


@functools.cache
def documented(context: type) -> Mapping[str, str]:
    """English chain → where its value comes from."""
    return types.MappingProxyType({d.english: d.text for d in _field_docs(context)})
