"""Swedish money in running text: "8,7 Mkr", "10 020 000 kr", "drygt 4,5 miljoner kronor".

`find_money(text)` returns every amount of money a text states, each as an
integer number of SEK with the precision its wording implies (the place value
of its last printed digit: "8,7 Mkr" is 8 700 000 to the nearest 100 000,
"10 020 000 kr" is exact), its qualifier ("ca", "drygt") and what it is per
("per invånare"). A number is money only with a unit of money after it, so
years, ranges ("2024–2027"), ordinals ("16:e"), dates, percentages, telephone
numbers and page numbers never are. The vocabulary (units, qualifiers, number
words) is data: `schemas/vocabularies/money.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from schemas.vocabularies import money_vocabulary

_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
_NUMBER = rf"(?P<number>{_GROUPED}|\d+)(?:,(?P<decimals>\d+))?"
_SEPARATORS = re.compile(r"[ \u00a0\u202f\u2009]")
# A short group of digits just before a number means the digits run on in
# groups no thousands separator makes ("042-10 50 54"): a telephone number,
# not the start of an amount. A year before an amount ("under 2024 100 000 kr")
# is four digits and does not count.
_RUN_ON_DIGITS = re.compile(r"(?<![\d])\d{1,3}[ \u00a0\u202f\u2009]$")


@dataclass(frozen=True)
class Money:
    """An amount of money stated in text, with where in the text it stands."""

    value: int  # whole SEK
    precision: int  # the rounding unit the wording implies, in SEK
    unit: str  # "SEK", or "SEK per invånare"
    qualifier: str | None  # "ca", "drygt", ... as printed
    number_text: str  # the digits as printed ("7 530 250", "8,7")
    unit_text: str  # the unit as printed ("kr", "Mkr", "miljoner kronor")
    start: int  # offsets of the whole mention (qualifier to per-unit) in the text
    end: int


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    vocabulary = money_vocabulary()
    units = sorted((u.text for u in vocabulary.units if "prose" in u.read_in), key=len, reverse=True)
    qualifiers = sorted(vocabulary.qualifiers, key=len, reverse=True)
    per_units = sorted(vocabulary.per_units, key=len, reverse=True)
    alternatives = lambda words: "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?:(?P<qualifier>{alternatives(qualifiers)})\s+)?"
        rf"(?<![\d,.:/\-\u2013])"
        rf"{_NUMBER}"
        rf"\s?(?P<unit>{alternatives(units)})(?:/(?P<per_slash>{alternatives(per_units)}))?(?![\wåäöÅÄÖ])"
        rf"(?:(?:\s*\([\d\s\u00a0\u202f,.:;\u2013-]{{1,30}}\))?\s+per\s+(?P<per>{alternatives(per_units)})(?![\wåäöÅÄÖ]))?"
    )


def per_unit(match: re.Match[str]) -> str:
    """What an amount is per, named as key_figures.unit names it: "SEK", "SEK per kvm", "SEK per kvm per år"."""
    names = money_vocabulary().per_unit_names
    pers = [names.get(word, word) for word in (match["per_slash"], match["per"]) if word]
    return " per ".join(["SEK", *dict.fromkeys(pers)])


@lru_cache(maxsize=1)
def _units() -> dict[str, dict]:
    return {u.text: u for u in money_vocabulary().units if "prose" in u.read_in}


def find_money(text: str) -> list[Money]:
    """Every amount of money the text states, in order."""
    found = []
    context = text.lower()
    money_words = money_vocabulary().money_context
    for match in _pattern().finditer(text):
        if _RUN_ON_DIGITS.search(text[: match.start("number")]):
            continue
        unit = _units()[match["unit"]]
        if unit.needs_money_context and not any(word in context for word in money_words):
            continue
        digits = _SEPARATORS.sub("", match["number"])
        decimals = match["decimals"] or ""
        value = Decimal(f"{digits}.{decimals}" if decimals else digits) * unit.sek
        precision = max(1, unit.sek // 10 ** len(decimals)) if unit.sek > 1 else 1
        number_text = match["number"] + (f",{decimals}" if decimals else "")
        found.append(
            Money(
                value=int(value),
                precision=int(precision),
                unit=per_unit(match),
                qualifier=match["qualifier"],
                number_text=number_text,
                unit_text=match["unit"],
                start=match.start(),
                end=match.end(),
            )
        )
    return found


def parse_count(text: str) -> tuple[int, int] | None:
    """A count as prose states it: "6", "sex", "40-tal" -> (value, precision)."""
    cleaned = _SEPARATORS.sub("", text.strip().lower())
    if cleaned.endswith("-tal") and cleaned[:-4].isdigit():
        return int(cleaned[:-4]), 10
    if cleaned.isdigit():
        return int(cleaned), 1
    words = money_vocabulary().number_words
    if cleaned in words:
        return int(words[cleaned]), 1
    return None
