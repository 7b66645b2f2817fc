"""French formatting for every template: money, numbers, dates, place names, punctuation.

Registered as Jinja filters through ``FILTERS``. Output follows French administrative
typography (CLDR fr, Imprimerie nationale): U+202F groups thousands, U+00A0 sits before
€, % and ETP, U+2212 is the minus sign. Every apostrophe this module writes is the
typographic one, U+2019 (« d’Arras », « un million d’euros »), so a document never mixes
’ and '. Money is ``Decimal`` or ``int``, never ``float``; ``None`` is refused.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"  # no-break space
MINUS = "\u2212"
APOSTROPHE = "\u2019"
NO_BREAK_HYPHEN = "\u2011"

_CENT = Decimal("0.01")
# The styles of ``amount`` (the filter montant): « auto », cents only when not zero, and
# « centimes » (departement.yaml's word), always; « toujours » says the same, and
# « always » is the English of earlier versions.
_CENTS_MODES = ("auto", "centimes", "toujours", "always")
_SPELLINGS = ("traditional", "1990")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _to_decimal(value: object, func: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{func}(): got a float ({value!r}); money and counts must be Decimal")
    # bool is an int subclass: True would print as "1 €" and hide a wrong field.
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{func}(): expected Decimal or int, got {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{func}(): {value!r} is not a finite number")
    return result


def _to_cents(value: object, func: str) -> Decimal:
    return _to_decimal(value, func).quantize(_CENT, rounding=ROUND_HALF_UP)


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


def _figures(value: Decimal, strip_zeros: bool) -> str:
    """French digits for a finite Decimal, keeping its exponent unless told to strip."""
    text = format(value.copy_abs(), "f")
    if strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    integer, _, fraction = text.partition(".")
    result = _group(integer) + ("," + fraction if fraction else "")
    # Decimal("-0.00") is not < 0, so rounding a tiny debt away never prints "−0,00".
    return MINUS + result if value < 0 else result


def amount(value: Decimal, cents: str = "auto") -> str:
    """312 345,67 € — ``cents="auto"`` drops ",00" on whole euros, ``"centimes"`` keeps it."""
    if cents not in _CENTS_MODES:
        raise ValueError(f"amount(): cents must be one of {_CENTS_MODES}, got {cents!r}")
    quantized = _to_cents(value, "amount")
    if cents == "auto" and quantized == quantized.to_integral_value():  # else: always
        quantized = quantized.quantize(Decimal(1))
    return _figures(quantized, strip_zeros=False) + NBSP + "€"


def number(value: Decimal | int, places: int | None = None) -> str:
    """3,83 / 13 197 804 — trailing zeros stripped unless ``places`` fixes the decimals.

    Groups thousands, so years, postcodes and article numbers must not go through it.
    """
    decimal_value = _to_decimal(value, "number")
    if places is None:
        return _figures(decimal_value, strip_zeros=True)
    if isinstance(places, bool) or not isinstance(places, int):
        raise TypeError(f"number(): places must be an int, got {type(places).__name__}")
    if places < 0:
        raise ValueError(f"number(): places must not be negative, got {places}")
    exponent = Decimal(1).scaleb(-places)
    return _figures(decimal_value.quantize(exponent, rounding=ROUND_HALF_UP), strip_zeros=False)


def etp(value: Decimal) -> str:
    """3,83 ETP (équivalents temps plein)."""
    return number(value) + NBSP + "ETP"


def percent(value: Decimal) -> str:
    """95 %, 4,75 % — ``value`` is already a percentage (95, not 0.95)."""
    return number(value) + NBSP + "%"


# num2words spells these as nouns ("deux millions"); "d’euros" follows them and, in the
# 1990 spelling, they stay outside the hyphenated numeral (Grevisse, Le Bon usage).
_LARGE_NOUN = re.compile(r"\w+illi(?:on|ard)s?")


def _cardinal(n: int, spelling: str) -> str:
    # Measured against an independent implementation (0–199 999 and 180 000 random values
    # up to 10**15): num2words' fr cardinals agree, including quatre-vingts/quatre-vingt
    # mille, deux cents/deux cent un, deux cents millions. Only its currency mode is wrong.
    words = str(num2words(n, lang="fr"))
    if spelling == "traditional":
        return words
    runs: list[str] = []
    numerals: list[str] = []
    for word in words.split(" "):
        if _LARGE_NOUN.fullmatch(word):
            if numerals:
                runs.append("-".join(numerals))
                numerals = []
            runs.append(word)
        else:
            numerals.append(word)
    if numerals:
        runs.append("-".join(numerals))
    return " ".join(runs)


def amount_in_words(value: Decimal, spelling: str = "traditional") -> str:
    """Trois cent douze mille trois cent quarante-cinq euros et soixante-sept centimes.

    ``spelling="1990"`` hyphenates the numerals (rectifications de 1990): « soixante-et-onze
    euros », « deux-cents millions d’euros ». Zero centimes are left out; 0,50 € is
    « cinquante centimes »; below two the noun is singular (« zéro euro », « un centime »).
    """
    if spelling not in _SPELLINGS:
        raise ValueError(
            f"amount_in_words(): spelling must be one of {_SPELLINGS}, got {spelling!r}"
        )
    quantized = _to_cents(value, "amount_in_words")
    if quantized < 0:
        raise ValueError(f"amount_in_words(): cannot spell a negative amount ({value})")
    euros, cents = divmod(int(quantized * 100), 100)
    parts: list[str] = []
    if euros or not cents:
        words = _cardinal(euros, spelling)
        if euros >= 1_000_000 and euros % 1_000_000 == 0:
            parts.append(f"{words} d{APOSTROPHE}euros")
        else:
            parts.append(f"{words} {'euros' if euros >= 2 else 'euro'}")
    if cents:
        parts.append(f"{_cardinal(cents, spelling)} {'centimes' if cents >= 2 else 'centime'}")
    return " et ".join(parts)


def amount_full(value: Decimal) -> str:
    """Words then figures, as a convention states a sum: « cinq mille euros (5 000 €) »."""
    return f"{amount_in_words(value)} ({amount(value)})"


def _check_date(value: object, func: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise TypeError(f"{func}(): expected datetime.date, got {type(value).__name__}")
    return value


def date_long(value: datetime.date) -> str:
    """1er janvier 2024, 11 décembre 2023."""
    day = _check_date(value, "date_long")
    return f"{ordinal(1) if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def date_short(value: datetime.date) -> str:
    """11/12/2023."""
    day = _check_date(value, "date_short")
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def ordinal(n: int, feminine: bool = False) -> str:
    """1er, 1re, 2e, 14e (never 1ère, 2ème)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"ordinal(): expected int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"ordinal(): expected a positive int, got {n}")
    if n == 1:
        return "1re" if feminine else "1er"
    return f"{n}e"


_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")


def _elides(name: str) -> bool:
    first = name[0].lower()
    if first in _VOWELS:
        return True
    # Y elides before a consonant (d’Ypres, d’Yvetot) but is a semi-vowel before a vowel
    # (de Yerres, de Yutz). H never elides: too many h aspirés to guess (de Harnes).
    return first == "y" and len(name) > 1 and name[1].lower() not in _VOWELS | {"y"}


class PlaceName(str):
    """A name that says itself whether it elides: an h muet (« d’Hénin-Beaumont ») or an
    exception is a fact about the name, given in the data, not a rule docgen can guess."""

    elision: bool | None

    def __new__(cls, value: str, elision: bool | None = None) -> PlaceName:
        name = super().__new__(cls, value)
        name.elision = elision
        return name


def de(name: str) -> str:
    """De + a place name: « d’Arras », « de Calais », « du Touquet », « des Attaques »."""
    if not isinstance(name, str):
        raise TypeError(f"de(): expected str, got {type(name).__name__}")
    if not name.strip():
        raise ValueError("de(): empty name")
    # "de Le Portel" is never written: the article contracts, and loses its capital.
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith("Le "):
        return "du " + name[3:]
    forced = getattr(name, "elision", None)
    elides = _elides(name) if forced is None else forced
    return f"d{APOSTROPHE}{name}" if elides else f"de {name}"


def number_in_words(value: int, feminine: bool = False) -> str:
    """Any whole quantity in words: « six » (mois), « trois » (ans), « une » (année)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"number_in_words(): expected int, got {type(value).__name__}")
    number = int(value)
    if number != value or number < 0:
        raise ValueError(f"number_in_words(): expected a whole number ≥ 0, got {value}")
    words = _cardinal(number, "traditional")
    if feminine and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"  # une année, vingt et une années
    return words


_ORDINAL_FIRST = {"un": "premier", "une": "première"}


def ordinal_in_words(value: int, feminine: bool = False) -> str:
    """« premier », « deuxième », « vingt et unième », « quatre-vingtième »."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"ordinal_in_words(): expected a positive int, got {value!r}")
    if value == 1:
        return "première" if feminine else "premier"
    words = _cardinal(value, "traditional")
    head, _, last = words.rpartition(" ")
    stem = last
    for plural in ("vingts", "cents"):  # quatre-vingts → quatre-vingtième
        if stem.endswith(plural):
            stem = stem[:-1]
    if stem.endswith("cinq"):
        stem += "u"
    elif stem.endswith("neuf"):
        stem = stem[:-1] + "v"
    elif stem.endswith("e"):
        stem = stem[:-1]
    return (head + " " if head else "") + stem + "ième"


def capfirst(text: str) -> str:
    """The first letter in capitals, the rest untouched: « l’État » → « L’État » (Jinja's
    ``capitalize`` would write « L’état »)."""
    if not isinstance(text, str):
        raise TypeError(f"capfirst(): expected str, got {type(text).__name__}")
    return text[:1].upper() + text[1:]


def accord(person: object, masculine: str, feminine: str) -> str:
    """The word that agrees with a person's civility: {{ maire|accord("autorisé",
    "autorisée") }}. A person is anything with a ``civility`` (« Madame » is feminine)."""
    civility = getattr(person, "civility", None)
    if civility is None:
        raise TypeError(f"accord(): expected a person, got {type(person).__name__}")
    return feminine if civility == "Madame" else masculine


def join_fr(items: list[str]) -> str:
    """« Carvin », « Carvin et Oignies », « Carvin, Courrières, Libercourt et Oignies »."""
    # Jinja's map filter hands over a generator, so any iterable of str is accepted; a
    # bare str would silently be joined letter by letter.
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise TypeError(f"join_fr(): expected a list of str, got {type(items).__name__}")
    values = list(items)
    for item in values:
        if not isinstance(item, str):
            raise TypeError(f"join_fr(): expected str items, got {type(item).__name__}")
    if not values:
        raise ValueError("join_fr(): empty list")
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + " et " + values[-1]


# URLs and e-mail addresses are left exactly as written; a URL's trailing punctuation
# belongs to the sentence, not to the address.
#
# Every pattern applied to user text below runs in linear time: each repetition is
# followed by something it cannot match, and the e-mail's local part may only start
# where a run of its characters starts (the look-behind). Without that look-behind, a
# word of n letters with no "@" was rescanned from each of its letters: 275 s for
# 100,000 letters.
_PROTECTED = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]]"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_H = "[ \u00a0\u202f]*"  # horizontal spaces that the rules below replace
# Not after a space, "(", "[", "«" or other punctuation: "(?)" and "?!" stay as they are.
_HIGH_PUNCT = re.compile(rf"(?P<before>[^\s;:!?(\[«])(?P<space>{_H})(?P<mark>[;!?])")
# A colon only after a word, a figure or a closing mark, and only before a space or the
# end, which keeps "https://", "12:30" and "C:\" intact.
_COLON = re.compile(rf"(?P<before>[\w)\]»\"’%])(?P<space>{_H})(?P<mark>:)(?=\s|$)")
_OPEN_QUOTE = re.compile(rf"(?P<mark>«){_H}(?=\S)")
_CLOSE_QUOTE = re.compile(rf"(?<=\S){_H}(?P<mark>»)")


def _outside_protected(
    pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]
) -> str:
    # finditer's spans are sorted and disjoint: a binary search finds the one that could
    # hold a mark (a linear scan made many URLs and many marks quadratic). Most text holds
    # no address at all: then there is nothing to protect, and nothing to scan for.
    if "@" in text or "://" in text or "www." in text:
        spans = [match.span() for match in _PROTECTED.finditer(text)]
    else:
        spans = []
    starts = [start for start, _ in spans]

    def guarded(match: re.Match[str]) -> str:
        position = match.start("mark")
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < spans[index][1]:
            return match.group(0)
        return replace(match)

    return pattern.sub(guarded, text)


_MONTH = "|".join(_MONTHS)
_SPACES = "[ \u00a0\u202f]+"
# A date never breaks across lines: « 11 décembre 2023 », « 1er janvier 2024 ».
_DAY_MONTH = re.compile(
    rf"(?<![\w.])(?P<day>1er|[0-3]?\d)(?P<space>{_SPACES})(?P<mark>(?:{_MONTH})\b)"
)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})(?P<space>{_SPACES})(?P<mark>\d{{4}})(?!\d)")


def _dates(text: str) -> str:
    text = _outside_protected(_DAY_MONTH, text, lambda m: m["day"] + NBSP + m["mark"])
    return _outside_protected(_MONTH_YEAR, text, lambda m: m["month"] + NBSP + m["mark"])


def typography(text: str) -> str:
    """French spacing around ; ! ? : « » in free text, and no-break spaces inside dates.
    Idempotent; URLs are untouched."""
    if not isinstance(text, str):
        raise TypeError(f"typography(): expected str, got {type(text).__name__}")
    text = _dates(text)
    # Guillemets first: the space they add before "»" can make a colon end a clause.
    text = _outside_protected(_OPEN_QUOTE, text, lambda m: "«" + NNBSP)
    text = _outside_protected(_CLOSE_QUOTE, text, lambda m: NNBSP + "»")
    text = _outside_protected(_HIGH_PUNCT, text, lambda m: m["before"] + NNBSP + m["mark"])
    return _outside_protected(_COLON, text, lambda m: m["before"] + NBSP + ":")


# A word made of parts joined by hyphens, not glued to a letter or a hyphen before it.
_COMPOUND = re.compile(rf"(?<![\w{NO_BREAK_HYPHEN}-])(?P<mark>\w+(?:[-{NO_BREAK_HYPHEN}]\w+)+)")


def no_break_hyphens(text: str) -> str:
    """The hyphens of a proper name or a reference become no-break hyphens (U+2011): a
    line never ends with « Pas-de- », « Jean- » or « L121- ». A compound is a proper name
    when it starts with a capital (« Pas-de-Calais », « d’Hénin-Beaumont », « Jean-Claude »,
    « MESSEANNE-GROBELNY », « L121-2 ») and a reference when it starts with a figure
    (« 2023-601 »); a common word (« quatre-vingts », « co-financeuses ») may still break
    at its hyphen, as French typography allows. Idempotent; URLs and e-mail addresses are
    left as written."""
    if not isinstance(text, str):
        raise TypeError(f"no_break_hyphens(): expected str, got {type(text).__name__}")
    if "-" not in text:
        return text

    def join(match: re.Match[str]) -> str:
        word = match["mark"]
        if word[0].isupper() or word[0].isdigit():
            return word.replace("-", NO_BREAK_HYPHEN)
        return word

    return _outside_protected(_COMPOUND, text, join)


def numbers_fr(values: Iterable[int]) -> str:
    """« 2 », « 2 et 5 », « 1, 3 et 5 », « 1 à 8 »: annex or article numbers, a run of
    three or more written as its ends."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"numbers_fr(): expected a list of int, got {type(values).__name__}")
    numbers = list(values)
    for value in numbers:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"numbers_fr(): expected int items, got {type(value).__name__}")
    if not numbers:
        raise ValueError("numbers_fr(): empty list")
    runs: list[list[int]] = []
    for value in numbers:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    pieces: list[str] = []
    for run in runs:
        if len(run) >= 3:
            pieces.append(f"{run[0]} à {run[-1]}")
        else:
            pieces += [str(n) for n in run]
    return join_fr(pieces)


# The filters a template uses, by their French names (``{{ financement.dotation|montant }}``).
FILTERS: dict[str, Callable[..., str]] = {
    "montant": amount,
    "montant_en_lettres": amount_in_words,
    "montant_complet": amount_full,
    "nombre": number,
    "en_lettres": number_in_words,
    "ordinal": ordinal,
    "ordinal_en_lettres": ordinal_in_words,
    "pourcentage": percent,
    "etp": etp,
    "date_longue": date_long,
    "date_courte": date_short,
    "de": de,
    "accord": accord,
    "liste": join_fr,
    "numeros": numbers_fr,
    "majuscule_initiale": capfirst,
    "typographie": typography,
}

# Jinja's own filters a template may use, by a French name (Jinja's name → French name).
JINJA_FILTERS: dict[str, str] = {
    "upper": "majuscules",
    "lower": "minuscules",
    "length": "longueur",
    "default": "defaut",
    "first": "premier",
    "last": "dernier",
    "sum": "somme",
    "join": "joindre",
    "replace": "remplacer",
    "trim": "sans_espaces",
    "round": "arrondi",
    "int": "entier",
}

# The English names of earlier versions: they still work, and the template lint names the
# French one (``docgen modeles migrer`` rewrites them).
ENGLISH_FILTERS: dict[str, str] = {
    "amount": "montant",
    "amount_in_words": "montant_en_lettres",
    "amount_full": "montant_complet",
    "number": "nombre",
    "number_in_words": "en_lettres",
    "ordinal_in_words": "ordinal_en_lettres",
    "percent": "pourcentage",
    "date_long": "date_longue",
    "date_short": "date_courte",
    "join_fr": "liste",
    "capfirst": "majuscule_initiale",
    "typography": "typographie",
    **JINJA_FILTERS,
}
