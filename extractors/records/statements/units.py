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
from functools import cache

from extractors.pdf.model import Document
from schemas.vocabularies import money_vocabulary, statement_wording


@dataclass(frozen=True)
class Unit:
    name: str  # kr, tkr, mnkr
    factor: int  # SEK per printed unit: the precision of an amount printed in it


KR, TKR, MNKR = Unit("kr", 1), Unit("tkr", 1_000), Unit("mnkr", 1_000_000)
BY_FACTOR = {unit.factor: unit for unit in (KR, TKR, MNKR)}


@cache
def _patterns() -> tuple[list[tuple[Unit, re.Pattern[str]]], list[tuple[Unit, re.Pattern[str]]]]:
    """Per unit, largest first: the pattern of its words in a statement's heading or header, and the pattern of
    a sentence stating it for the whole report (the words from money.yaml, the sentences from statements.yaml)."""
    words: dict[Unit, list[str]] = {}
    for word in money_vocabulary().units:
        if "statements" in word.read_in:
            if word.sek not in BY_FACTOR:
                raise ValueError(f"money.yaml: {word.text!r} is read in statements but {word.sek} SEK is no statement unit")
            words.setdefault(BY_FACTOR[word.sek], []).append(word.text.lower())
    said = statement_wording()
    in_statement, for_the_report = [], []
    for unit in sorted(words, key=lambda u: -u.factor):
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in dict.fromkeys(words[unit]))
        in_statement.append((unit, re.compile(said.unit_in_statement.replace("{words}", alternatives), re.IGNORECASE)))
        sentences = "|".join(f"(?:{p})" for p in said.unit_for_the_report).replace("{words}", alternatives)
        for_the_report.append((unit, re.compile(sentences, re.IGNORECASE)))
    return in_statement, for_the_report


def stated_unit(text: str) -> Unit | None:
    """The unit a statement's own heading and header state, if any ("Belopp i tkr", "(tkr)", "TSEK")."""
    for unit, pattern in _patterns()[0]:
        if unit == KR:
            continue  # a bare "kr" in a header says nothing a default would not
        if pattern.search(text):
            return unit
    return None


def report_unit(document: Document) -> Unit | None:
    """The unit the report states for all its amounts, in a sentence about all of them, if it does."""
    for page in document.pages:
        text = " ".join(page.text.split())
        for unit, pattern in _patterns()[1]:
            if pattern.search(text):
                return unit
    return None
