"""Reading raw geometry out of a pdfplumber page: words with their fonts, and rulings.

This is the only module that talks to pdfplumber's page objects for words and
rules; everything after it works on the plain `Word` and `BBox` values of
`extractors.pdf.model`.
"""

from __future__ import annotations

import re

from extractors.pdf.model import BBox, Word
from extractors.pdf.word_grouping import group_words

# Glyphs that a font maps to no character come out as "(cid:N)". In report
# typesetting the one that recurs is the list bullet; it is read as such so that
# list items do not start with noise. Other unmapped glyphs stay visible.
# A glyph a font maps to a control character (a dropped ligature comes out as NUL: "u\x00allet" for
# "utfallet") is marked as unreadable, U+FFFD, never kept as a control character: no NUL reaches a
# record, and the garbled-label reader knows U+FFFD for a dropped ligature.
UNREADABLE_GLYPH = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters that print nothing (zero-width spaces some tools use as tab fillers, joiners, a byte-order mark):
# no part of any word.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BULLET_CIDS = re.compile(r"\(cid:127\)")
# A code WinAnsiEncoding leaves unused prints a bullet (PDF 32000, annex D, note 3): pdfminer gives it as
# "(cid:N)", PDFium as "•". Such a glyph standing alone as a word is a list bullet.
_UNUSED_WIN_ANSI = re.compile(r"\(cid:(129|141|143|144|157)\)")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Dotted leaders between a label and its amount ("Summa ........ 1 000") are
# layout, not text: a run of three or more leader characters is dropped, so
# that what remains is the gap a table has there.
_LEADER = re.compile(r"[.…·_]{3,}")
# What any of the above may change in a word: most words hold none of it, and one search tells.
_CLEANED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]|\(cid:")

# Rulings thinner than this (points) count as lines, not filled areas.
RULE_THICKNESS = 2.0


# A glyph's matrix skewed by less than this (its off-diagonal terms against its scale) is upright: some
# typesetters write 0.9996 and -5e-08 where they mean 1 and 0, and pdfminer then takes every glyph for
# rotated text, so that words would be read down the page one letter at a time.
UPRIGHT_SKEW = 1e-3


def settle_rounding(chars) -> None:
    """A page's glyphs as the typesetter meant them: upright where their matrix is upright but for rounding
    (a glyph's own flag is pdfminer's reading of a product of two tiny numbers), and their size to a
    hundredth of a point (8.9988057 beside 8.9988056 is one size: words are split where the size changes)."""
    for char in chars:
        if "size" in char:
            char["size"] = round(float(char["size"]), 2)
        if char.get("upright", True):
            continue
        a, b, c, d = char["matrix"][:4]
        scale = max(abs(a), abs(d))
        if a * d > 0 and abs(b) <= UPRIGHT_SKEW * scale and abs(c) <= UPRIGHT_SKEW * scale:
            char["upright"] = True


def read_words(page) -> tuple[Word, ...]:
    """Every word on a pdfplumber page, with its font name, size and weight."""
    return words_of(page.chars)


def words_of(chars: list[dict], settled: bool = False) -> tuple[Word, ...]:
    """Every word of a page's characters (pdfplumber's char dicts, from pdfplumber or from
    `extractors.pdf.pdfium_geometry`), with its font name, size and weight; `settled`: the characters' rounding
    is settled already (`settle_rounding`)."""
    if not settled:
        settle_rounding(chars)
    words = []
    fonts: dict[str, tuple[str, bool]] = {}  # a font's name as given, its name without pdfminer's tag, boldness
    for text, x0, top, x1, bottom, fontname, size, upright in group_words(chars):
        if _CLEANED.search(text):
            text = _CONTROL.sub(UNREADABLE_GLYPH, _BULLET_CIDS.sub("•", _INVISIBLE.sub("", text)))
            if _UNUSED_WIN_ANSI.fullmatch(text):
                text = "•"
        leader = _LEADER.search(text) if "." in text or "_" in text or "…" in text or "·" in text else None
        if leader:
            # Keep the part before the leader, with its box narrowed in proportion.
            width_per_char = (x1 - x0) / max(len(text), 1)
            if leader.start() == 0:
                text = text[leader.end():]
                x0 += width_per_char * leader.end()
            else:
                x1 = x0 + width_per_char * leader.start()
                text = text[: leader.start()]
        if not text.strip():
            continue
        font = fonts.get(fontname)
        if font is None:
            font = fonts[fontname] = (fontname.split("\x1f")[0], bool(_BOLD_FONT.search(fontname)))
        words.append(Word(text, BBox(float(x0), float(top), float(x1), float(bottom)), font[0], float(size), font[1],
                          bool(upright)))
    return tuple(words)


def rules_of(lines: list[dict], rects: list[dict]) -> tuple[BBox, ...]:
    """Ruling lines and the edges of thin rectangles, as boxes."""
    rules = []
    for line in lines:
        rules.append(BBox(float(line["x0"]), float(line["top"]), float(line["x1"]), float(line["bottom"])))
    for rect in rects:
        box = BBox(float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        if box.height <= RULE_THICKNESS or box.width <= RULE_THICKNESS:
            rules.append(box)
    return tuple(rules)
