"""Matching printed labels to the chart of line items.

Normalise deterministically first (case, dashes, spacing around hyphens,
footnote stars, the noise patterns of the chart such as ", se bilaga 2"), then
look the result up exactly among the chart's names and aliases. Only when that
fails does rapidfuzz propose the nearest alias, with `fuzz.ratio` as scorer and
no processor (the text is normalised already), and only above the chart's
threshold and by a margin over the best other line ("Ingående medel" and
"Utgående medel" are 93.5 apart by ratio). Whatever stays unknown is returned as unmatched, never forced onto
the nearest code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from schemas.financial import Statement
from schemas.vocabularies import Chart

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_AROUND_HYPHEN = re.compile(r"\s*-\s*")
_FOOTNOTES = re.compile(r"[*\u00b9\u00b2\u00b3\u2070-\u2079]+")
_SPACES = re.compile(r"\s+")


def normalise_label(label: str, chart: Chart | None = None) -> str:
    """The comparable form of a label: "Test-och utvecklingsprojekt*" -> "test - och utvecklingsprojekt"."""
    return _normalise(label, (chart or Chart.load()).label_noise)


def _normalise(label: str, label_noise: tuple[str, ...]) -> str:
    text = _FOOTNOTES.sub("", label.replace("\u00a0", " ")).lower()
    text = _DASHES.sub("-", text)
    text = _AROUND_HYPHEN.sub(" - ", text)
    text = _SPACES.sub(" ", text).strip()
    for pattern in _noise(label_noise):
        text = pattern.sub("", text).strip()
    return text.strip(" ,.:;")


@lru_cache(maxsize=4)
def _noise(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(frozen=True)
class LabelMatch:
    code: str | None
    score: float | None  # 100 for an exact match after normalising; None when unmatched or a catch-all


def _choices(chart: Chart, statement: Statement) -> dict[str, str]:
    return _choices_of(chart.line_items, chart.label_noise, statement)


@lru_cache(maxsize=16)
def _choices_of(line_items, label_noise, statement: Statement) -> dict[str, str]:
    choices: dict[str, str] = {}
    for item in line_items:
        if item.statement != statement:
            continue
        for text in (item.name, *item.aliases):
            choices[_normalise(text, label_noise)] = item.code
    return choices


def match_label(label: str, statement: Statement, chart: Chart | None = None) -> LabelMatch:
    """The chart code a printed label stands for within one statement."""
    chart = chart or Chart.load()
    normalised = normalise_label(label, chart)
    choices = _choices(chart, statement)
    if normalised in choices:
        return LabelMatch(choices[normalised], 100.0)
    ranked = process.extract(normalised, list(choices), scorer=fuzz.ratio, processor=None, limit=None)
    if ranked:
        best_text, best, _ = ranked[0]
        code = choices[best_text]
        runner_up = max((score for text, score, _ in ranked if choices[text] != code), default=0.0)
        if best >= chart.match_threshold and best - runner_up >= chart.match_margin:
            return LabelMatch(code, round(float(best), 1))
    catch_all = next((i.code for i in chart.items_of(statement) if i.catch_all), None)
    return LabelMatch(catch_all, None)



@lru_cache(maxsize=16)
def _texts_of(line_items, label_noise, statement: Statement) -> dict[str, tuple[str, ...]]:
    """Each normalised name or alias of a statement's lines, with every code that prints it."""
    texts: dict[str, tuple[str, ...]] = {}
    for item in line_items:
        if item.statement != statement:
            continue
        for text in (item.name, *item.aliases):
            key = _normalise(text, label_noise)
            if item.code not in texts.get(key, ()):
                texts[key] = (*texts.get(key, ()), item.code)
    return texts


def match_in_section(label: str, statement: Statement, section: str | None, chart: Chart) -> LabelMatch:
    """The chart code a printed label stands for, where the same label may stand for different lines in
    different sections ("Skulder till kreditinstitut" under långfristiga or kortfristiga skulder): the line
    whose section pattern the fact's section path matches wins; a line without a pattern takes the rest.
    Unknown or still ambiguous: unmatched, never forced onto the nearest code."""
    normalised = normalise_label(label, chart)
    if not normalised:
        return LabelMatch(None, None)
    texts = _texts_of(chart.line_items, chart.label_noise, statement)
    codes, score = texts.get(normalised), 100.0
    if codes is None:
        ranked = process.extract(normalised, list(texts), scorer=fuzz.ratio, processor=None, limit=None)
        if not ranked:
            return LabelMatch(None, None)
        best_text, best, _ = ranked[0]
        runner_up = max((s for text, s, _ in ranked if set(texts[text]) != set(texts[best_text])), default=0.0)
        if best < chart.match_threshold or best - runner_up < chart.match_margin:
            return LabelMatch(None, None)
        codes, score = texts[best_text], round(float(best), 1)
    if len(codes) > 1:
        items = [chart.item(code) for code in codes]
        placed = [i.code for i in items if i.section and section and re.search(i.section, section, re.IGNORECASE)]
        unplaced = [i.code for i in items if not i.section]
        codes = tuple(placed or unplaced)
    return LabelMatch(codes[0], score) if len(codes) == 1 else LabelMatch(None, None)
