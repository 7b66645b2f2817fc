"""A value typed as a French document prints it, written as a contract file holds it:
« 1 250,50 € » is 1250.50, « 15/01/2024 » is 2024-01-15. docgen serve's form reads what
a juriste types this way; docgen check offers the written form when a file holds the
printed one."""

from __future__ import annotations

import re

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FRENCH_DATE = re.compile(r"([0-9]{1,2})\s*[/.]\s*([0-9]{1,2})\s*[/.]\s*([0-9]{4})")
# Figures grouped by spaces (plain, no-break or narrow, as French prints thousands), a
# decimal comma, and the euro sign after them if any.
_FRENCH_NUMBER = re.compile(r"([0-9][0-9 \t\u00a0\u202f]*(?:,[0-9]+)?)[ \u00a0\u202f]*€?")
_SPACES = re.compile("[ \t\u00a0\u202f]")


def written_number(text: str) -> str | None:
    """``text`` as a number docgen writes (« 1 250,5 € » → 1250.5), or None when it is
    not a number written the French way."""
    match = _FRENCH_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    return _SPACES.sub("", match[1]).replace(",", ".")


def french_date(text: str) -> tuple[int, int, int] | None:
    """The year, month and day of a date typed the French way (15/01/2024, 1.2.2024),
    whether or not that day exists; None for anything else."""
    match = _FRENCH_DATE.fullmatch(text.strip())
    if match is None:
        return None
    return int(match[3]), int(match[2]), int(match[1])


def iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"
