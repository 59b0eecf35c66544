"""Numbers as tables print them, in every common form, for finding tables and reading their cells.

A statement's amounts are whole kronor grouped by spaces (`extractors.pdf.table_amounts`, exact). Tables of
other kinds print "2,753,438", "44.8", "12,5 %", "83,77", "$9,594", "1 234 kr/kvm", "(3.2)", "7.1*":

- a decimal comma or point; thousands grouped by a space (any width), a comma or a point;
- percent, per mille, a currency sign or code, a unit after it ("kr/kvm", "tkr", "Mkr");
- a sign, parentheses for a negative, a footnote mark after it.

Whether "1,234" is a thousand or one and a bit is decided per table, from the evidence of all its cells
(`decimal_mark`): a cell like "83,77" or "1.234,5" says comma; "2,753,438" or "44.8" says point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from schemas.vocabularies import language, money_vocabulary

_CURRENCY = r"[$€£¥]|SEK|USD|EUR|GBP|kr\.?"


@cache
def number_pattern() -> re.Pattern[str]:
    """A number as a table cell prints it. Its units: the money words statements print (money.yaml; "kr"
    also per something, "kr/kvm") and the other units of language.yaml (percent, currencies, areas)."""
    money = [u.text for u in money_vocabulary().units if "statements" in u.read_in and " " not in u.text]
    words = sorted(dict.fromkeys([*money, *language().cell_units, "[$€£¥]"]), key=len, reverse=True)
    spelled = {"[$€£¥]": "[$€£¥]", "kr": r"kr(?:/[\wåäö²]+)?"}
    units = "|".join(spelled.get(w, re.escape(w)) for w in words)
    return re.compile(
        rf"^(?P<open>\()?(?P<sign>[-\u2013\u2212+±])?\s?(?P<currency>{_CURRENCY})?\s?(?P<sign2>[-\u2013\u2212])?"
        r"(?P<digits>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?"  # 1 234 567 / 1 234,5
        r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 2,753,438 / 1,234.5
        r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.234.567 / 1.234,5
        r"|\d+(?:[.,]\d+)?|[.,]\d+)"  # 1234 / 44.8 / 83,77 / .5
        rf"\s?(?P<unit>{units})?(?P<close>\))?(?P<note>\*{{1,3}}|[†‡§¹²³⁴⁵⁶⁷⁸⁹]+)?$",
        re.IGNORECASE,
    )


# What a table prints where it has no number: a dash, two dots, "n/a", "–".
NO_NUMBER = frozenset({"-", "\u2013", "\u2014", "\u2212", "..", "...", "…", "n/a", "n.a.", "na", "x", ":", "*"})


_RANGE = re.compile(r"^\(?[-\u2013\u2212]?\d[\d.,]*\s?[-\u2013\u2014]\s?\d[\d.,]*\)?\s?%?$")
_MARK = re.compile(r"^(?:Ref\.?|ref\.?|NA|n\.?s\.?|\(X\)|NR)$")


def is_value_beside_numbers(text: str) -> bool:
    """Whether a cell standing among numbers on its line is one of their column's values: a range ("1.1–1.2",
    "(1.1–1.2)") or a mark statistical tables print for a value ("Ref.", "NA", "(X)")."""
    text = text.strip()
    return bool(_RANGE.match(text) or _MARK.match(text))


def is_number(text: str) -> bool:
    """Whether a cell's text is one number, in any of the forms above."""
    match = number_pattern().match(text.strip())
    return bool(match) and bool(match["open"]) == bool(match["close"])


@dataclass(frozen=True)
class Number:
    value: float
    unit: str | None  # "%", "kr/kvm", "$", ...: the unit or currency printed with it


def decimal_mark(texts: Iterable[str]) -> str:
    """"," or ".": the decimal mark a table's cells show, by their evidence; "," (Swedish) when none tells."""
    comma = point = 0
    for text in texts:
        match = number_pattern().match(text.strip())
        if not match:
            continue
        digits = match["digits"]
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}|\d+\.\d{1,2}|\d+\.\d{4,}", digits):
            point += 1
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d+,\d{1,2}|\d+,\d{4,}|.*\s\d{3},\d+", digits):
            comma += 1
    return "." if point > comma else ","


def parse_number(text: str, mark: str = ",") -> Number | None:
    """The number a cell prints, read with the table's decimal mark; None when it is not one number."""
    match = number_pattern().match(text.strip())
    if not match or bool(match["open"]) != bool(match["close"]):
        return None
    digits = re.sub(r"[ \u00a0\u202f\u2009]", "", match["digits"])
    group = "." if mark == "," else ","
    if re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+(?:\{mark}\d+)?", digits):
        digits = digits.replace(group, "")
    digits = digits.replace(mark, ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    negative = bool(match["open"]) or (match["sign"] or match["sign2"] or "") in "-\u2013\u2212" and bool(
        match["sign"] or match["sign2"])
    return Number(-value if negative else value, match["unit"] or match["currency"])
