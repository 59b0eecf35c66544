"""Amounts as Swedish reports print them in tables: "-2 911 743", "(1 390)", "0".

Thousands are separated by a space or a no-break space (pdfplumber often hands
the groups over as separate words), negatives carry a hyphen-minus, an en dash,
a minus sign or parentheses, and a footnote star may follow. A dash alone means
nothing was printed for that cell.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
AMOUNT_PATTERN = re.compile(
    r"^(?P<open>\()?(?P<sign>[-\u2013\u2212])?\s?"
    r"(?P<digits>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)"
    r"(?P<close>\))?(?P<note>\*{1,3})?$"
)
EMPTY_CELL = frozenset({"-", "\u2013", "\u2014", "\u2212"})


class AmountError(ValueError):
    """A table cell that should hold an amount but does not."""


def is_amount(text: str) -> bool:
    """True if the text is an amount as printed in a table cell."""
    match = AMOUNT_PATTERN.match(text.strip())
    return bool(match) and bool(match["open"]) == bool(match["close"])


def parse_amount(text: str) -> int:
    """The integer an amount cell states: "-2 911 743" -> -2911743, "(1 390)" -> -1390."""
    cleaned = text.strip()
    match = AMOUNT_PATTERN.match(cleaned)
    if not match or bool(match["open"]) != bool(match["close"]):
        raise AmountError(f"not an amount: {text!r}")
    value = int(_SPACES.sub("", match["digits"]))
    negative = bool(match["sign"]) != bool(match["open"])
    if match["sign"] and match["open"]:
        negative = True  # "(-5)" is printed by some tools for a negative; never positive
    return -value if negative else value
