"""The unit a report states its amounts in: kr, tkr or mnkr.

A statement says it itself ("Belopp i tkr", "(tkr)", "TSEK" by its header), or
the report says it once for every amount ("Om inte annat särskilt anges
redovisas alla belopp i tusental kronor (TSEK)"). A unit mentioned in passing
elsewhere ("Nettoomsättning, tkr" in a multi-year overview) is not the
report's: only a sentence about all its amounts is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.pdf.model import Document


@dataclass(frozen=True)
class Unit:
    name: str  # kr, tkr, mnkr
    factor: int  # SEK per printed unit: the precision of an amount printed in it


KR, TKR, MNKR = Unit("kr", 1), Unit("tkr", 1_000), Unit("mnkr", 1_000_000)
_WORDS = [
    (MNKR, r"mnkr|mkr|msek|miljoner kronor|miljoner\s+kr"),
    (TKR, r"tkr|tsek|ksek|tusental kronor|tusentals kronor|tusen kronor"),
    (KR, r"kronor|kr|sek"),
]
_IN_STATEMENT = [(unit, re.compile(rf"(?<![\w])(?:belopp i\s+|\()?(?:{words})(?![\w])\)?", re.IGNORECASE))
                 for unit, words in _WORDS]
_FOR_THE_REPORT = [(unit, re.compile(rf"(?:alla|samtliga)\s+belopp[^.]{{0,40}}?\b(?:i|anges i|uttrycks i)\s+(?:{words})\b"
                                     rf"|belopp(?:en)?\s+(?:redovisas|anges|är)\s+i\s+(?:{words})\b", re.IGNORECASE))
                    for unit, words in _WORDS]


def stated_unit(text: str) -> Unit | None:
    """The unit a statement's own heading and header state, if any ("Belopp i tkr", "(tkr)", "TSEK")."""
    for unit, pattern in _IN_STATEMENT[:2]:  # a bare "kr" in a header says nothing a default would not
        if pattern.search(text):
            return unit
    return None


def report_unit(document: Document) -> Unit | None:
    """The unit the report states for all its amounts, in a sentence about all of them, if it does."""
    for page in document.pages:
        text = " ".join(page.text.split())
        for unit, pattern in _FOR_THE_REPORT:
            if pattern.search(text):
                return unit
    return None
