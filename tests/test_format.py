"""Tests for docgen.format. Every expected French string below was written by hand."""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from docgen.core import french as fmt
from docgen.core.french import (
    ENGLISH_FILTERS,
    FILTERS,
    JINJA_FILTERS,
    amount,
    amount_full,
    amount_in_words,
    date_long,
    date_short,
    de,
    etp,
    join_fr,
    no_break_hyphens,
    number,
    numbers_fr,
    ordinal,
    percent,
    typography,
)

from .test_limits import deadline

NNBSP = "\u202f"
NBSP = "\u00a0"
NBH = "\u2011"  # no-break hyphen

WORDS = [
    ("0.50", "cinquante centimes"),
    ("1", "un euro"),
    ("2", "deux euros"),
    ("21", "vingt et un euros"),
    ("71", "soixante et onze euros"),
    ("80", "quatre-vingts euros"),
    ("81", "quatre-vingt-un euros"),
    ("91", "quatre-vingt-onze euros"),
    ("100", "cent euros"),
    ("101", "cent un euros"),
    ("200", "deux cents euros"),
    ("201", "deux cent un euros"),
    ("280", "deux cent quatre-vingts euros"),
    ("1000", "mille euros"),
    ("1001", "mille un euros"),
    ("2000", "deux mille euros"),
    ("80000", "quatre-vingt mille euros"),
    ("200000", "deux cent mille euros"),
    ("1000000", "un million d’euros"),
    ("1000001", "un million un euros"),
    ("1500000", "un million cinq cent mille euros"),
    ("2000000", "deux millions d’euros"),
    ("200000000", "deux cents millions d’euros"),
    ("1000000000", "un milliard d’euros"),
    (
        "13197804",
        "treize millions cent quatre-vingt-dix-sept mille huit cent quatre euros",
    ),
    (
        "312345.67",
        "trois cent douze mille trois cent quarante-cinq euros et soixante-sept centimes",
    ),
    ("5043267", "cinq millions quarante-trois mille deux cent soixante-sept euros"),
    (
        "4393671",
        "quatre millions trois cent quatre-vingt-treize mille six cent soixante et onze euros",
    ),
    (
        "5933255.50",
        "cinq millions neuf cent trente-trois mille deux cent cinquante-cinq euros"
        " et cinquante centimes",
    ),
    ("1.01", "un euro et un centime"),
    ("71.71", "soixante et onze euros et soixante et onze centimes"),
    ("0", "zéro euro"),
    ("0.01", "un centime"),
    ("1.00", "un euro"),
    ("180", "cent quatre-vingts euros"),
    ("80000000", "quatre-vingts millions d’euros"),
    ("3000000.20", "trois millions d’euros et vingt centimes"),
    ("23000", "vingt-trois mille euros"),
]


@pytest.mark.parametrize(("value", "expected"), WORDS)
def test_amount_in_words_traditional(value: str, expected: str) -> None:
    assert amount_in_words(Decimal(value)) == expected


WORDS_1990 = [
    ("21", "vingt-et-un euros"),
    ("71.71", "soixante-et-onze euros et soixante-et-onze centimes"),
    ("200", "deux-cents euros"),
    ("201", "deux-cent-un euros"),
    ("280", "deux-cent-quatre-vingts euros"),
    ("80000", "quatre-vingt-mille euros"),
    (
        "312345.67",
        "trois-cent-douze-mille-trois-cent-quarante-cinq euros et soixante-sept centimes",
    ),
    # million and milliard are nouns, outside the hyphenated numeral.
    ("1000000", "un million d’euros"),
    ("200000000", "deux-cents millions d’euros"),
    ("5043267", "cinq millions quarante-trois-mille-deux-cent-soixante-sept euros"),
    ("1500000", "un million cinq-cent-mille euros"),
    ("1", "un euro"),
]


@pytest.mark.parametrize(("value", "expected"), WORDS_1990)
def test_amount_in_words_1990(value: str, expected: str) -> None:
    assert amount_in_words(Decimal(value), spelling="1990") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "un centime"),  # ROUND_HALF_UP, not banker's rounding
        ("0.994", "quatre-vingt-dix-neuf centimes"),
        ("0.995", "un euro"),
        ("2.125", "deux euros et treize centimes"),
    ],
)
def test_amount_in_words_rounds_half_up_to_the_cent(value: str, expected: str) -> None:
    assert amount_in_words(Decimal(value)) == expected


def test_amount_in_words_accepts_int() -> None:
    assert amount_in_words(80) == "quatre-vingts euros"  # type: ignore[arg-type]


def test_amount_in_words_refuses_negative_and_unknown_spelling() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1"))
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1"), spelling="belge")


def test_no_ascii_apostrophe_anywhere() -> None:
    outputs = [amount_in_words(Decimal("1000000")), amount_full(Decimal("2000000")), de("Arras")]
    assert all("'" not in text and "’" in text for text in outputs)


@pytest.mark.parametrize(
    ("value", "cents", "expected"),
    [
        ("312345.67", "auto", f"312{NNBSP}345,67{NBSP}€"),
        ("5000", "auto", f"5{NNBSP}000{NBSP}€"),
        ("5000.00", "auto", f"5{NNBSP}000{NBSP}€"),
        ("5000", "always", f"5{NNBSP}000,00{NBSP}€"),
        ("1234.5", "auto", f"1{NNBSP}234,50{NBSP}€"),
        ("999", "auto", f"999{NBSP}€"),
        ("0.5", "auto", f"0,50{NBSP}€"),
        ("0", "always", f"0,00{NBSP}€"),
        ("13197804", "auto", f"13{NNBSP}197{NNBSP}804{NBSP}€"),
        ("1234.565", "auto", f"1{NNBSP}234,57{NBSP}€"),
        ("0.995", "auto", f"1{NBSP}€"),
        ("-1234.5", "auto", f"\u22121{NNBSP}234,50{NBSP}€"),
        ("-0.001", "always", f"0,00{NBSP}€"),
    ],
)
def test_amount(value: str, cents: str, expected: str) -> None:
    assert amount(Decimal(value), cents=cents) == expected


def test_amount_accepts_int_and_refuses_unknown_cents_mode() -> None:
    assert amount(1000) == f"1{NNBSP}000{NBSP}€"  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        amount(Decimal("1"), cents="never")


def test_amount_full() -> None:
    assert amount_full(Decimal("312345.67")) == (
        "trois cent douze mille trois cent quarante-cinq euros et soixante-sept centimes"
        f" (312{NNBSP}345,67{NBSP}€)"
    )
    assert amount_full(Decimal("5000")) == f"cinq mille euros (5{NNBSP}000{NBSP}€)"


@pytest.mark.parametrize(
    "func",
    [amount, amount_in_words, amount_full, number, etp, percent],
)
@pytest.mark.parametrize("bad", [0.1, 1.0, None, "12", True])
def test_numeric_functions_refuse_non_decimal(func: object, bad: object) -> None:
    with pytest.raises(TypeError):
        func(bad)  # type: ignore[operator]


def test_float_error_message_says_why() -> None:
    with pytest.raises(TypeError, match="float"):
        amount(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_refused(bad: Decimal) -> None:
    with pytest.raises(ValueError):
        amount(bad)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("3.83", None, "3,83"),
        ("0.50", None, "0,5"),
        ("1.00", None, "1"),
        ("13197804", None, f"13{NNBSP}197{NNBSP}804"),
        ("1000", None, f"1{NNBSP}000"),
        ("999", None, "999"),
        ("1E+3", None, f"1{NNBSP}000"),
        ("0.000", None, "0"),
        ("-2.5", None, "\u22122,5"),
        ("0.5", 2, "0,50"),
        ("2.345", 2, "2,35"),
        ("1234.5", 0, f"1{NNBSP}235"),
    ],
)
def test_number(value: str, places: int | None, expected: str) -> None:
    assert number(Decimal(value), places) == expected


def test_number_int_and_bad_places() -> None:
    assert number(42) == "42"
    with pytest.raises(ValueError):
        number(Decimal("1"), -1)


def test_etp() -> None:
    assert etp(Decimal("3.83")) == f"3,83{NBSP}ETP"
    assert etp(Decimal("6.0")) == f"6{NBSP}ETP"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95", f"95{NBSP}%"),
        ("4.75", f"4,75{NBSP}%"),
        ("1.666", f"1,666{NBSP}%"),
        ("1.6660", f"1,666{NBSP}%"),
        ("50.00", f"50{NBSP}%"),
    ],
)
def test_percent(value: str, expected: str) -> None:
    assert percent(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (datetime.date(2024, 1, 1), "1er janvier 2024", "01/01/2024"),
        (datetime.date(2023, 12, 11), "11 décembre 2023", "11/12/2023"),
        (datetime.date(2025, 8, 31), "31 août 2025", "31/08/2025"),
        (datetime.date(2024, 2, 29), "29 février 2024", "29/02/2024"),
    ],
)
def test_dates(day: datetime.date, long: str, short: str) -> None:
    assert date_long(day) == long
    assert date_short(day) == short


def test_dates_refuse_strings_and_none() -> None:
    for bad in ("2024-01-01", None):
        with pytest.raises(TypeError):
            date_long(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            date_short(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "feminine", "expected"),
    [(1, False, "1er"), (1, True, "1re"), (2, False, "2e"), (2, True, "2e"), (14, False, "14e")],
)
def test_ordinal(n: int, feminine: bool, expected: str) -> None:
    assert ordinal(n, feminine) == expected


def test_ordinal_refuses_zero_and_non_int() -> None:
    with pytest.raises(ValueError):
        ordinal(0)
    with pytest.raises(TypeError):
        ordinal("1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Arras", "d’Arras"),
        ("Étaples-sur-Mer", "d’Étaples-sur-Mer"),
        ("Oignies", "d’Oignies"),
        ("Isbergues", "d’Isbergues"),
        ("Harnes", "de Harnes"),
        ("Hénin-Beaumont", "de Hénin-Beaumont"),
        ("Calais", "de Calais"),
        ("Ypres", "d’Ypres"),
        ("Yerres", "de Yerres"),
        ("Le Portel", "du Portel"),
        ("Les Attaques", "des Attaques"),
        ("La Bassée", "de La Bassée"),
        ("Lestrem", "de Lestrem"),
    ],
)
def test_de(name: str, expected: str) -> None:
    assert de(name) == expected


def test_de_refuses_empty_and_none() -> None:
    with pytest.raises(ValueError):
        de("")
    with pytest.raises(TypeError):
        de(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["Carvin"], "Carvin"),
        (["Carvin", "Oignies"], "Carvin et Oignies"),
        (
            ["Carvin", "Courrières", "Libercourt", "Oignies"],
            "Carvin, Courrières, Libercourt et Oignies",
        ),
    ],
)
def test_join_fr(items: list[str], expected: str) -> None:
    assert join_fr(items) == expected


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([2], "2"),
        ([2, 5], "2 et 5"),
        ([1, 2], "1 et 2"),
        ([1, 3, 5], "1, 3 et 5"),
        ([1, 2, 3, 4, 5, 6, 7, 8], "1 à 8"),
        ([1, 2, 3, 5], "1 à 3 et 5"),
        ([1, 3, 4, 5, 9, 10], "1, 3 à 5, 9 et 10"),
    ],
)
def test_numbers_fr(numbers: list[int], expected: str) -> None:
    assert numbers_fr(numbers) == expected


def test_numbers_fr_refuses_what_is_not_a_list_of_numbers() -> None:
    for wrong in ("12", ["1"], [True], None):
        with pytest.raises(TypeError):
            numbers_fr(wrong)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        numbers_fr([])


def test_join_fr_accepts_a_generator_and_refuses_bad_input() -> None:
    assert join_fr(name for name in ("Lens", "Liévin")) == "Lens et Liévin"  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        join_fr("Carvin")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        join_fr(["Carvin", None])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        join_fr([])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Objet: convention", f"Objet{NBSP}: convention"),
        ("Objet : convention", f"Objet{NBSP}: convention"),
        ("Vu la convention;", f"Vu la convention{NNBSP};"),
        ("Vu la convention ; vu", f"Vu la convention{NNBSP}; vu"),
        ("Pourquoi?", f"Pourquoi{NNBSP}?"),
        ("Attention !", f"Attention{NNBSP}!"),
        ("Quoi?!", f"Quoi{NNBSP}?!"),
        ("«le Département»", f"«{NNBSP}le Département{NNBSP}»"),
        ("« le Département »", f"«{NNBSP}le Département{NNBSP}»"),
        ("DÉCIDE:", f"DÉCIDE{NBSP}:"),
        ("Article 3: texte", f"Article 3{NBSP}: texte"),
        ("à 12:30 précises", "à 12:30 précises"),
        ("l'article L.3121-14 du CGCT", "l'article L.3121-14 du CGCT"),
        ("voir https://www.pasdecalais.fr/a?b=1;c=2", "voir https://www.pasdecalais.fr/a?b=1;c=2"),
        # The sentence's own "!" after a URL is spaced; the URL itself is not touched.
        ("voir https://x.fr/a?b=1!", f"voir https://x.fr/a?b=1{NNBSP}!"),
        ("voir https://x.fr: ici", f"voir https://x.fr{NBSP}: ici"),
        ("écrire à contact@cd62.fr; merci", f"écrire à contact@cd62.fr{NNBSP}; merci"),
        ("www.cd62.fr/?q=1", "www.cd62.fr/?q=1"),
        ("(?)", "(?)"),
        ("C:\\dossier", "C:\\dossier"),
        ("", ""),
    ],
)
def test_typography(text: str, expected: str) -> None:
    assert typography(text) == expected


def test_typography_is_idempotent_on_random_text() -> None:
    alphabet = ["a", "É", "1", " ", NBSP, NNBSP, ";", ":", "!", "?", "«", "»", "(", ")", "/"]
    alphabet += ["\n", ".", "@", "https://", "www.", "x.fr", "’", '"']
    rng = random.Random(20240101)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        once = typography(text)
        assert typography(once) == once, repr(text)


def test_typography_is_idempotent_on_sentences() -> None:
    text = "Objet : « convention » ; voir https://x.fr/?a=1 ! Fin: oui? 12:30"
    assert typography(typography(text)) == typography(text)


# The patterns of typography() before they were made linear, with the protected spans
# looked up one by one: the reference for "same output as before".
_OLD_PROTECTED = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


def _old_typography(text: str) -> str:
    def outside(
        pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]
    ) -> str:
        protected = [m.span() for m in _OLD_PROTECTED.finditer(text)]

        def guarded(match: re.Match[str]) -> str:
            position = match.start("mark")
            if any(start <= position < end for start, end in protected):
                return match.group(0)
            return replace(match)

        return pattern.sub(guarded, text)

    text = outside(fmt._OPEN_QUOTE, text, lambda m: "«" + NNBSP)
    text = outside(fmt._CLOSE_QUOTE, text, lambda m: NNBSP + "»")
    text = outside(fmt._HIGH_PUNCT, text, lambda m: m["before"] + NNBSP + m["mark"])
    return outside(fmt._COLON, text, lambda m: m["before"] + NBSP + ":")


def test_typography_gives_the_same_output_as_before() -> None:
    alphabet = ["a", "É", "1", " ", NBSP, ";", ":", "!", "?", "«", "»", ")", "]", "/", "\n"]
    alphabet += [".", "@", "+", "-", "_", "https://", "ftp://", "www.", "x.fr", "’", '"', "<"]
    rng = random.Random(20250601)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert typography(text) == _old_typography(text), repr(text)


# Measured: a 100,000-letter association name took 275 s to typeset (the e-mail pattern
# rescanned the word from each of its letters), a 10 kB word 65 s. Now linear: these
# take a fraction of a second; the deadline only catches a quadratic pattern again.
def test_typography_of_a_million_letters_is_immediate() -> None:
    text = "a" * 1_000_000
    with deadline(10):
        assert typography(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "a@" * 100_000,
        "a." * 100_000,
        "+" * 200_000 + "@",
        "http://" * 30_000,
        "www." * 50_000,
        "www." + "!" * 200_000,
        "a" + " " * 200_000 + "b",
        "a" + NBSP * 200_000,
        "« " * 100_000,
        " »" * 100_000,
        "a :" * 70_000,
        "a ;" * 70_000,
        "www.a.fr ; a@b.fr ! « x » : " * 7_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_typography_is_linear_on_hostile_text(text: str) -> None:
    with deadline(10):
        once = typography(text)
    assert typography(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le Département du Pas-de-Calais,", f"le Département du Pas{NBH}de{NBH}Calais,"),
        ("la Commune d’Hénin-Beaumont", f"la Commune d’Hénin{NBH}Beaumont"),
        ("M. Jean-Claude LEROY", f"M. Jean{NBH}Claude LEROY"),
        ("Mme Sophie WAROT-LEMAIRE", f"Mme Sophie WAROT{NBH}LEMAIRE"),
        ("Boulogne-sur-Mer", f"Boulogne{NBH}sur{NBH}Mer"),
        ("Villeneuve-d’Ascq", f"Villeneuve{NBH}d’Ascq"),
        ("les articles L121-2 et L.3121-14", f"les articles L121{NBH}2 et L.3121{NBH}14"),
        ("la délibération n° 2023-601", f"la délibération n° 2023{NBH}601"),
        # Common words may break at their hyphen.
        ("quatre-vingt-dix-sept euros", "quatre-vingt-dix-sept euros"),
        ("les communes co-financeuses", "les communes co-financeuses"),
        ("Pas-", "Pas-"),
        ("- Calais", "- Calais"),
        ("a-Calais", "a-Calais"),
        # Addresses are left as written.
        ("Jean-Claude.Leroy@pasdecalais.fr", "Jean-Claude.Leroy@pasdecalais.fr"),
        ("https://www.pasdecalais.fr/Pas-de-Calais", "https://www.pasdecalais.fr/Pas-de-Calais"),
        # A name already half typeset is finished, not left half.
        (f"Pas{NBH}de-Calais", f"Pas{NBH}de{NBH}Calais"),
        ("", ""),
    ],
)
def test_no_break_hyphens(text: str, expected: str) -> None:
    assert no_break_hyphens(text) == expected


def test_no_break_hyphens_is_idempotent_and_only_changes_hyphens() -> None:
    alphabet = ["a", "É", "1", "-", NBH, " ", "’", ".", "@", "x.fr", "https://", "Calais"]
    rng = random.Random(20260101)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        once = no_break_hyphens(text)
        assert no_break_hyphens(once) == once, repr(text)
        assert once.replace(NBH, "-") == text.replace(NBH, "-"), repr(text)


@pytest.mark.parametrize(
    "text",
    ["a-" * 100_000, "A-" * 100_000, "-a" * 100_000, "A" * 200_000 + "-", "Aa-" * 50_000 + "@"],
    ids=lambda text: repr(text[:6]),
)
def test_no_break_hyphens_is_linear_on_hostile_text(text: str) -> None:
    with deadline(10):
        once = no_break_hyphens(text)
    assert no_break_hyphens(once) == once


def test_no_break_hyphens_refuses_none() -> None:
    with pytest.raises(TypeError):
        no_break_hyphens(None)  # type: ignore[arg-type]


def test_typography_refuses_none() -> None:
    with pytest.raises(TypeError):
        typography(None)  # type: ignore[arg-type]


def test_filters_cover_every_public_function() -> None:
    assert {f.__name__ for f in FILTERS.values()} == {
        "accord",
        "capfirst",
        "number_in_words",
        "ordinal_in_words",
        "amount",
        "amount_in_words",
        "amount_full",
        "number",
        "etp",
        "percent",
        "date_long",
        "date_short",
        "ordinal",
        "de",
        "join_fr",
        "numbers_fr",
        "typography",
    }
    assert all(FILTERS[name] is getattr(fmt, FILTERS[name].__name__) for name in FILTERS)


def test_filters_have_french_names_and_their_english_names_still_work() -> None:
    assert {"montant", "montant_en_lettres", "en_lettres", "date_longue", "date_courte"} <= set(
        FILTERS
    )
    assert {"ordinal", "pourcentage", "etp"} <= set(FILTERS)
    assert "majuscules" in JINJA_FILTERS.values()
    # Each English name of an earlier version names a French filter.
    french = set(FILTERS) | set(JINJA_FILTERS.values())
    assert set(ENGLISH_FILTERS.values()) <= french
    assert not set(ENGLISH_FILTERS) & set(FILTERS)


@pytest.mark.parametrize(
    ("value", "feminine", "cardinal", "ordinal"),
    [
        (1, False, "un", "premier"),
        (1, True, "une", "première"),
        (2, False, "deux", "deuxième"),
        (3, False, "trois", "troisième"),
        (5, False, "cinq", "cinquième"),
        (6, False, "six", "sixième"),
        (9, False, "neuf", "neuvième"),
        (21, True, "vingt et une", "vingt et unième"),
        (80, False, "quatre-vingts", "quatre-vingtième"),
        (100, False, "cent", "centième"),
    ],
)
def test_numbers_in_words(value: int, feminine: bool, cardinal: str, ordinal: str) -> None:
    assert fmt.number_in_words(value, feminine) == cardinal
    expected = ordinal if not feminine or value != 1 else "première"
    assert fmt.ordinal_in_words(value, feminine) == expected


def test_a_name_carries_its_elision() -> None:
    assert fmt.de(fmt.PlaceName("Hénin-Beaumont", elision=True)) == "d’Hénin-Beaumont"
    assert fmt.de(fmt.PlaceName("Harnes")) == "de Harnes"
    assert fmt.de(fmt.PlaceName("Yerville", elision=False)) == "de Yerville"


def test_accord_agrees_with_civility() -> None:
    from docgen.kinds.common import Person

    madame, monsieur = Person("Madame", "Anne", "Nom"), Person("Monsieur", "Paul", "Nom")
    assert fmt.accord(madame, "autorisé", "autorisée") == "autorisée"
    assert fmt.accord(monsieur, "autorisé", "autorisée") == "autorisé"
    assert (madame.son, madame.le, madame.e, monsieur.son) == ("sa", "la", "e", "son")


def test_capfirst_keeps_the_rest() -> None:
    assert fmt.capfirst("l’État") == "L’État"
    assert fmt.capfirst("le Département du Pas-de-Calais") == "Le Département du Pas-de-Calais"
