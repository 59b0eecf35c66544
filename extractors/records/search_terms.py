"""Each page's words for search: stems of Snowball's Swedish stemmer, å/ä/ö folded, from the page's text; where
the text layer is garbled, from its text repaired with the letters the report's own read-back labels show.

A garbled text layer maps letters to other glyphs ("Balansr " kning" for "Balansräkning"). The statement reader
reads such labels back from the charts and keeps both (`label_as_read`, `label`); held side by side they say
which letter each glyph stands for in this report, and the page's words are repaired with that before they are
stemmed. `pages.search_text` keeps the repaired text, for the snippets a search shows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import product

from schemas.search import PageTerm, SearchForm

_WORD = re.compile(r"[^\W\d_]+")
_GLYPH = r"[\ue000-\uf8ff\ufffd!\"#$]"  # what a garbled layer prints for a letter
# "Balansr " kning", 'Balansr"kning': spaces on both sides or on neither ("planen! Det" is a sentence's own).
_GLYPH_IN_WORD = re.compile(rf"(?<=[^\W\d_])(?: ({_GLYPH}) |({_GLYPH}))(?=[^\W\d_])")
_GLYPH_FIRST = re.compile(rf"(?:^|(?<=\s))({_GLYPH}) ?(?=[^\W\d_])")  # "$ vriga"
_FOLD = str.maketrans("åäöéèüÅÄÖÉÈÜ", "aaoeeuaaoeeu")


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=200_000)
def search_stem(word: str) -> str:
    """The stem a word is searched by: "Balansräkningen" and "BALANSRAKNING" both "balansrakning"."""
    return _stemmer().stemWord(word.lower()).translate(_FOLD)


def query_stems(query: str) -> list[str]:
    """The stems of a query's words, in order, once each."""
    return list(dict.fromkeys(search_stem(word) for word in _WORD.findall(query)))


def _joined(text: str) -> str:
    """The glyphs standing for letters joined to their words: "Balansr " kning" -> 'Balansr"kning'."""
    return _GLYPH_FIRST.sub(r"\1", _GLYPH_IN_WORD.sub(lambda m: m[1] or m[2], text))


def glyph_letters(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Which letter(s) each glyph of a garbled text layer stands for, from labels as read beside what the page
    prints, most often first (one font may print ä and ö alike)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for as_read, label in pairs:
        garbled, printed = _joined(as_read), label
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, garbled, printed, autojunk=False).get_opcodes():
            glyph, letters = garbled[i1:i2], printed[j1:j2]
            if tag == "replace" and len(glyph) == 1 and re.fullmatch(_GLYPH, glyph) and letters.isalpha() \
                    and len(letters) <= 2:
                seen[glyph][letters.lower()] += 1
    return {glyph: tuple(letters for letters, _ in counted.most_common()) for glyph, counted in seen.items()}


def repaired_text(text: str, letters: dict[str, tuple[str, ...]], known: frozenset[str] = frozenset()) -> str | None:
    """A garbled page's text with its glyphs read as the letters they stand for: in each word, the letters that
    make a word the report prints readably elsewhere (`known`, lower case), else the likeliest. None where
    nothing changes."""
    if not letters or not re.search(_GLYPH, text):
        return None
    joined = _joined(text)

    def word(match: re.Match) -> str:
        garbled = match[0]
        choices = [letters.get(char, (char,)) if re.fullmatch(_GLYPH, char) else (char,) for char in garbled]
        if sum(len(c) > 1 for c in choices) > 3:
            choices = [c[:1] for c in choices]
        candidates = ["".join(parts) for parts in product(*choices)]
        fits = [c for c in candidates if c.lower() in known]
        chosen = (fits or candidates)[0]
        return chosen[:1].upper() + chosen[1:] if garbled[:1] in letters and garbled[1:2].isupper() else chosen

    # a word with a glyph at its start or between its letters (never after them: "planen!" ends a sentence)
    repaired = re.sub(rf"(?:{_GLYPH}(?=[^\W\d_]))?[^\W\d_]+(?:{_GLYPH}[^\W\d_]+)*", word, joined)
    return repaired if repaired != text else None


@cache
def _vocabulary_words() -> frozenset[str]:
    """The words of every chart's lines and of the statements' headings and sides: what a garbled word may be."""
    from schemas.vocabularies import line_item_charts, statement_wording

    said = statement_wording()
    texts = [text for chart in line_item_charts() for item in chart.line_items for text in (item.name, *item.aliases)]
    texts += [heading.text for heading in said.headings] + list(said.sides) + list(said.other_parts)
    return frozenset(word.lower() for text in texts for word in _WORD.findall(text))


def known_words(texts: Iterable[str]) -> frozenset[str]:
    """The words a report prints readably (no glyph in them), with the vocabulary's: what repairs are held to."""
    readable = {word.lower() for text in texts for word in re.split(r"\s+", text)
                if word and not re.search(_GLYPH, word) and _WORD.fullmatch(word)}
    return frozenset(readable) | _vocabulary_words()


def page_terms(report_id: str, page_number: int, text: str) -> tuple[list[PageTerm], dict[str, str]]:
    """A page's stems with how often it prints them, and each word form it prints (lower case) with its stem."""
    forms: dict[str, str] = {}
    counts: Counter = Counter()
    for word in _WORD.findall(text):
        form = word.lower()
        stem = forms.get(form) or forms.setdefault(form, search_stem(form))
        counts[stem] += 1
    terms = [PageTerm(report_id=report_id, page_number=page_number, stem=stem, count=count)
             for stem, count in sorted(counts.items())]
    return terms, forms


def search_records(report_id: str, pages: Iterable[tuple[int, str]]) -> tuple[list[PageTerm], list[SearchForm]]:
    """The `page_terms` and `search_forms` rows of a report's pages (number, text to search)."""
    terms: list[PageTerm] = []
    forms: dict[str, str] = {}
    for number, text in pages:
        found, seen = page_terms(report_id, number, text)
        terms += found
        forms.update(seen)
    return terms, [SearchForm(report_id=report_id, form=form, stem=stem) for form, stem in sorted(forms.items())]
