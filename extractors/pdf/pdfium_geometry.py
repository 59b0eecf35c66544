"""Reading a page's raw geometry with PDFium's own API: the fast path beside pdfplumber (FH_PDF_READER=pdfium).

pdfplumber (pdfminer) interprets a page's content stream in Python; PDFium does it in C, about ten times
faster. This module asks PDFium for what `extractors.pdf.geometry` takes from pdfplumber, in pdfplumber's own
shapes, so that the same functions make words, rules and ruled grids of either:

- characters with their text, font and size, in the content's order of text objects. The box is pdfminer's:
  from the origin across the character's advance (the font's widths), from the font's descent up one font
  size; for turned text (by an angle, or a quarter up a margin) that box turned, sized by its height. A
  font's name and descent are pdfminer's where the page's font dictionaries tell which it is
  (`extractors.pdf.font_dictionaries`): pdfplumber ends a word where the font's name changes, and pdfminer
  takes a descent the descriptor does not give for 0 where PDFium measures the glyphs; else PDFium's name,
  each font told apart by its handle as pdfplumber's subset tags tell them apart;
- paths as pdfminer classifies them: a subpath of one segment is a line, a closed axis-aligned quadrilateral a
  rectangle, anything else a curve, each with its points;
- pictures with their boxes, inside forms too.

PDFium's text page is made for selecting text, and it changes what is printed: it adds spaces and line breaks
where it sees gaps, leaves out a text object narrower than a hair (a space printed on its own) or drawn
again over itself, and keeps one space of a run, even a space it made before a printed one. What is printed
is read back from the page's objects: the spaces PDFium made are dropped (pdfplumber ends a word at a printed
space or a gap wider than its tolerance, and so do the words made of these characters) but for one standing
where a printed space was (`_erased_space`), a text object the text page leaves out for want of width is the
space it prints, and a run of spaces is put back whole (`_collapsed_spaces`).

pdfplumber stays the reference. A page PDFium would read differently is left to it (`FastPathRefused`, the
rule):
- a rotated page, or one whose media box does not start at the origin (pdfminer moves its coordinates);
- a character PDFium maps to no text;
- a font without a ToUnicode map whose characters the two libraries each guess their own way, and a font whose
  width of a character PDFium gives for another code than the one printed;
- a text object with width that the text page leaves out (text printed twice over itself, a lone hyphen), but
  for one that, read alone, prints spaces and nothing else, none of which could end a word
  (`_lost_text_prints_no_word_break`);
  text marked with an ActualText, which PDFium reads in place of the glyphs;
- a ligature whose ink hides where its advance ends, or in turned text;
- a line-end hyphen not as wide as the font's hyphen-minus, or with more text printed right after it;
- a soft hyphen a font prints on the page (PDFium reads it as a hyphen, pdfminer as a space in WinAnsi or as
  U+00AD where a ToUnicode map says so);
- a gap between two characters within a hair of pdfplumber's tolerance (which side it falls is rounding).

The differential test (tests/test_fast_path.py) reads every PDF of the sample, real-world and larger reports
both ways and holds their records and their words the same, holds the words of every page of others' PDFs
PDFium reads to pdfplumber's, and renders the pages the rule is for.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

from extractors.pdf.font_dictionaries import PageFonts, page_fonts
from extractors.pdf.geometry import UPRIGHT_SKEW
from extractors.pdf.pdfium_calls import (
    GENERATED,
    HYPHEN,
    IDENTITY,
    MAP_ERROR,
    PageChars,
    RunShape,
    lean,
    place_plain,
    read_chars,
    read_objects,
    read_path,
)
from extractors.pdf.word_grouping import X_TOLERANCE, Y_TOLERANCE, group_words

# Characters that are no text (PDFium's markers), refused; U+0000 and U+FFFD are read as pdfminer reads them.
_NO_TEXT = frozenset({0xFFFE, 0xFFFF})
_UNMAPPED = frozenset({"\x00", "\ufffd"})  # glyphs PDFium maps to no character (besides "(cid:N)")


@dataclass
class PageObjects:
    """A page's objects in pdfplumber's shapes (top-left origin, points)."""

    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    text_order: dict[int, int] = field(default_factory=dict)  # each text object's place in the content
    inked_text: list[int] = field(default_factory=list)  # the places of the text objects with a width
    # Where each text object drawn on the page itself (not in a form) reaches, by its place: the right edge of
    # its bounds, which for a glyph without ink (a space) is its origin.
    text_reach: dict[int, float] = field(default_factory=dict)
    # Their bounds (left, bottom, right, top, PDF coordinates), and which of the page's objects each is (its
    # index among them), by their places.
    text_bounds: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)
    text_slots: dict[int, int] = field(default_factory=dict)
    # The others: (place, matrix, font size or None, font's address), a printed space each (`_printed_space`).
    blank_text: list[tuple] = field(default_factory=list)
    # Whether the characters are settled as `extractors.pdf.geometry.settle_rounding` settles them (sizes to a
    # hundredth, upright but for rounding): so the fast path reads them, once a text object; pdfplumber's are not.
    settled: bool = False


class FastPathRefused(Exception):
    """A page the fast path leaves to pdfplumber, and why."""


class PdfiumPages:
    """A PDF open in PDFium, its pages read one at a time into `PageObjects`."""

    def __init__(self, path: str | Path):
        self._pdf = pypdfium2.PdfDocument(str(path))

    def __len__(self) -> int:
        return len(self._pdf)

    def close(self) -> None:
        self._pdf.close()

    def read(self, number: int, width: float, height: float, source) -> PageObjects:
        """Page `number` (1-based), pdfplumber's size of it and pdfminer's page (`PDFPage`: its resources and
        content streams, where the fast path learns what PDFium does not say of its fonts) given; raises
        FastPathRefused where pdfplumber reads it instead."""
        fonts = page_fonts(source.resources, source.contents)
        guessed = fonts.guessed()
        if guessed:
            raise FastPathRefused(f"a font without a ToUnicode map ({', '.join(guessed[:3])}): pdfminer and PDFium "
                                  f"guess its characters each their own way")
        page = self._pdf[number - 1]
        try:
            x0, y0, x1, y1 = page.get_mediabox()
            if page.get_rotation() % 360:
                raise FastPathRefused("the page is rotated")
            if abs(x0) > 1e-6 or abs(y0) > 1e-6 or abs((x1 - x0) - width) > 0.01 or abs((y1 - y0) - height) > 0.01:
                raise FastPathRefused("the media box does not start at the origin")
            objects = PageObjects()
            _read_objects(page.raw, height, objects)
            lost = _read_chars(page, height, objects, fonts)
            if lost is not None:
                _lost_text_prints_no_word_break(lambda: self._pdf[number - 1], height, objects, *lost)
            return objects
        finally:
            page.close()


class _Fonts:
    """A page's fonts, their metrics asked once, and the runs of text read in each font, matrix and size."""

    def __init__(self, dictionaries: PageFonts):
        self.dictionaries = dictionaries
        self._fonts: dict[int, _Font] = {}
        self.runs: dict[tuple, _Run] = {}

    def of(self, handle) -> _Font:
        """The font of this handle (a pointer or its address)."""
        address = handle if isinstance(handle, int) else ctypes.cast(handle, ctypes.c_void_p).value or 0
        font = self._fonts.get(address)
        if font is None:
            font = self._fonts[address] = _Font(ctypes.cast(address, pdfium.FPDF_FONT) if address else None,
                                                self.dictionaries)
            if font.prints_soft_hyphen(self.dictionaries):
                raise FastPathRefused(f"a soft hyphen may be printed in {font.name.split(FONT_TAG)[0]} (or its dictionary "
                                      f"is not found): PDFium reads one as a hyphen, pdfminer as its encoding or "
                                      f"ToUnicode map says (a space in WinAnsi)")
        return font

    def run(self, font: int, matrix: tuple, size: float) -> tuple[_Run, tuple]:
        """The run of text in the font at address `font`, at `size`, with `matrix`, shaped once for every text
        object in the same font, size and matrix but for where it starts; and the matrix as the run reads it
        (skewed by rounding only: upright, `_Run._shape`)."""
        key = (font, matrix[0], matrix[1], matrix[2], matrix[3], size)
        run = self.runs.get(key)
        if run is None:
            run = self.runs[key] = _Run(self.of(font), matrix, size)
        return run, (*run.matrix[:4], matrix[4], matrix[5])


_CONTENT_PLACE = itemgetter(0, 1)  # of a placed character: its text object's place in the content, its own


def _read_chars(page, height: float, objects: PageObjects, dictionaries: PageFonts) -> tuple | None:
    """The page's characters into `objects.chars`; where PDFium's text page leaves out text objects (`_lost_text`),
    what `_lost_text_prints_no_word_break` asks of them: their places in the content, the page's fonts and the
    characters' places in the content."""
    textpage = page.get_textpage()
    fonts = _Fonts(dictionaries)
    try:
        raw = textpage.raw
        tp = ctypes.cast(raw, ctypes.c_void_p).value
        ink = (ctypes.c_double * 4)()  # left, right, bottom, top
        ink_at = [ctypes.addressof(ink) + 8 * side for side in range(4)]
        runs: dict[int, tuple[_Run, int, tuple]] = {}  # a text object's run, place in the content and matrix
        placed: list[tuple] = []  # (its text object's place in the content, its own place, char)
        spaces: list[int] = []  # where in `placed` a space is
        hyphens: list[dict] = []
        last_key = None  # the text object of the last character placed
        count = _count_chars(tp)
        chars = read_chars(tp, count)  # every character's code, flags, text object, loose box and origin
        _lost_text(objects, {objects.text_order.get(key) for key in set(chars.objects)})  # (at once: below)
        codes, flags, keys, lefts, rights, xs, ys = (chars.codes, chars.flags, chars.objects, chars.lefts,
                                                     chars.rights, chars.xs, chars.ys)

        runs_told: list[_Run] = []  # by the run `place_plain` tells each character's by

        def shape(first: int) -> RunShape:
            run, _ = fonts.run(chars.fonts[first], chars.matrix(first), chars.sizes[first])
            runs_told.append(run)
            return run.a, run.lift, run.size, run.font_size, run.upright and not run.turned, chars.fonts[first]

        # The common case, placed in C (`place_plain`): stretches of printed characters of a text object in an
        # upright, unturned run, as the general case below places them. The rest are placed here, one by one.
        common = place_plain(tp, chars, height, shape)
        stretches, x1s, tops, bottoms, run_of = common.stretches, common.x1s, common.tops, common.bottoms, common.runs
        in_order, last_order = True, -1  # whether the characters come in the content's order (as they mostly do)
        at = 0
        for start, end, space_count in zip(stretches[0::3] + [count], stretches[1::3] + [count],
                                           stretches[2::3] + [0], strict=True):  # (then the characters after the last)
            for index in range(at, start):
                code, flag, key = codes[index], flags[index], keys[index]
                made = flag & GENERATED
                if made and not (code == 0x20 and _erased_space(keys, xs, ys, index, count)):
                    continue  # a space or line break PDFium made from a gap: no glyph (printed spaces are below)
                hyphen = flag & HYPHEN
                if hyphen:
                    code = 0x2D  # a hyphen-minus, where its glyph's width says so (below)
                if flag & MAP_ERROR:
                    # A glyph its font maps to no text: PDFium gives its character code, pdfminer writes it
                    # "(cid:N)" (extractors.pdf.geometry reads "(cid:127)" as a bullet).
                    text = f"(cid:{code})"
                elif code == 0:
                    text = "\x00"  # mapped to NUL (a dropped ligature, "u\x00allet"), as pdfminer gives it
                elif code in _NO_TEXT or code < 0x20 and code not in (9, 10, 13) or 0xD800 <= code <= 0xDFFF:
                    raise FastPathRefused(f"a character without text (U+{code:04X})")
                else:
                    text = chr(code)
                entry = runs.get(key)
                if entry is None:
                    if not key:
                        raise FastPathRefused("a character of no text object")
                    entry = runs[key] = _Run.of_char(chars, index, key, objects.text_order, fonts)
                run, run_order, run_matrix = entry
                loose_right = rights[index]
                if run.upright:
                    # pdfminer's box: from the origin across the advance (the font's /Widths), from the descent up
                    # one font size. PDFium's loose box reaches the glyph's ink where it is wider (a ligature).
                    advance = run.advances.get(code)
                    if advance is None:
                        advance = run.advance(code)
                    if run.turned:
                        x0, right, top, bottom = run.turned_box(xs[index], ys[index], advance, height)
                        size = bottom - top
                    else:
                        x0 = xs[index]
                        right = x0 + run.a * advance
                        if hyphen and abs((loose_right - lefts[index]) - run.a * advance) > 0.05:
                            raise FastPathRefused("a hyphen at a line's end whose glyph is not the font's hyphen-minus")
                        if abs(loose_right - right) > 0.01 and not (hyphen or made):  # (a made space has no box)
                            _ink_box(tp, index, *ink_at)
                            right = _advance_end(loose_right, right, ink[1], text)
                        bottom = height - (ys[index] + run.lift)
                        top = bottom - run.size
                        size = run.size
                else:
                    # Turned a quarter or more (text up a margin): pdfminer's box turned all the same, its size the
                    # box's height (the glyph's advance, for text turned upright).
                    if run.descent is None:
                        raise FastPathRefused("a font whose descent PDFium does not give")
                    advance = run.advances.get(code)
                    if advance is None:
                        advance = run.advance(code)
                    x0, right, top, bottom = run.turned_box(xs[index], ys[index], advance, height)
                    size = bottom - top
                if placed and key == last_key and x0 == placed[-1][2]["x0"] and top == placed[-1][2]["top"]:
                    # One glyph PDFium gives as several characters, all at its origin: a ligature ("ff" for the
                    # glyph "ﬀ"). pdfminer reads the glyph as one character with all of its text, across the glyph's
                    # advance (PDFium's loose box).
                    glyph = placed[-1][2]
                    glyph["text"] += text
                    if run.turned:
                        raise FastPathRefused(f"a ligature ({glyph['text']!r}) in text turned by an angle")
                    if run.upright:
                        _ink_box(tp, index, ink_at[0], ink_at[1], ink_at[2], ink_at[3])
                        if abs(loose_right - ink[1]) <= 0.01:
                            # PDFium's loose box is the glyph's advance joined with its ink; where the ink reaches
                            # further, how far the advance goes it does not say.
                            raise FastPathRefused(f"a ligature ({glyph['text']!r}) whose ink reaches past its advance")
                    glyph["x1"] = max(glyph["x1"], loose_right if run.upright else right)
                    continue
                last_key = key
                char = {"text": text, "x0": x0, "x1": right, "top": top, "bottom": bottom, "doctop": top,
                        "size": round(size, 2), "upright": run.upright,
                        "fontname": run.fontname, "matrix": run_matrix}
                if text == " ":
                    spaces.append(len(placed))
                if run_order < last_order:
                    in_order = False
                last_order = run_order
                placed.append((run_order, index, char))
                if hyphen:
                    hyphens.append(char)
            if start == end:
                continue
            key = keys[start]
            entry = runs.get(key)
            if entry is None:
                entry = runs[key] = _Run.of_char(chars, start, key, objects.text_order, fonts, runs_told[run_of[start]])
            run, run_order, run_matrix = entry
            if run_order < last_order:
                in_order = False
            last_order, last_key = run_order, key
            fontname, word_size = run.fontname, run.word_size
            base = len(placed)
            placed += [(run_order, index, {"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                                           "doctop": top, "size": word_size, "upright": True, "fontname": fontname,
                                           "matrix": run_matrix})
                       for index, code, x0, x1, top, bottom in zip(range(start, end), codes[start:end], xs[start:end],
                                                                   x1s[start:end], tops[start:end], bottoms[start:end], strict=True)]
            if space_count:
                spaces += [base + index - start for index in range(start, end) if codes[index] == 0x20]
            at = end
        added = _collapsed_spaces(placed, spaces, objects.text_reach, {order: run for run, order, _ in runs.values()},
                                  lambda index: _ink_box(tp, index, *ink_at) and ink[3] - ink[2] > _NO_INK)
        for order, matrix, font_size, font in objects.blank_text:
            added.append((order, -1, _printed_space(matrix, font_size, font, height, fonts)))
        lost = _lost_text(objects, {order for _, order, _ in runs.values()})
        if in_order:
            for char in added:  # (a few, each put in its place: the rest are in order)
                bisect.insort(placed, char, key=_CONTENT_PLACE)
        else:
            placed += added
            placed.sort(key=_CONTENT_PLACE)
        objects.chars = [char for _, _, char in placed]
        objects.settled = True
        _hyphens_end_their_lines(hyphens, objects.chars)
        _no_gap_at_the_tolerance(objects.chars)
        return (lost, fonts, [place for place, _, _ in placed]) if lost else None
    finally:
        textpage.close()


def _lost_text(objects: PageObjects, referenced: set) -> list[int]:
    """The text objects with width that PDFium's text page leaves out (one drawn again over itself, a bold made by
    printing twice; a lone hyphen at a line's start; a glyph read as a second space in a row), by their places in
    the content: asked first of every object the text page has a character of, then of those it places one of.
    Refuses a page where one is drawn in a form (`_lost_text_prints_no_word_break` reads those on the page)."""
    lost = [order for order in objects.inked_text if order not in referenced]
    if any(order not in objects.text_reach for order in lost):
        raise FastPathRefused(f"{len(lost)} text object(s) PDFium's text page leaves out, in a form")
    return lost


LOST_LINE = 0.75  # ems: a left-out text object this high (its ink, or its spaces' origins) may be on two lines
MAX_LOST = 50  # left-out text objects a page reads alone, at most (each a page loaded anew)
ROUNDING = 0.01  # points: how far PDFium's bounds (in 32 bits) and its origins (in 64) may round apart


def _lost_text_prints_no_word_break(load_page: Callable, height: float, objects: PageObjects, lost: list[int],
                                    fonts: _Fonts, places: list[int]) -> None:
    """Refuses a page where a text object PDFium's text page leaves out prints anything that changes a word.

    Read alone (the page loaded anew by `load_page`, every other object taken out of it, and closed unsaved),
    each such object must print spaces and nothing else: PDFium's text page then gives its first space. pdfminer
    reads those spaces, this reading leaves them out; a space ends a word where it stands in a line between two
    characters the word would join. Where the spaces may stand (the object's bounds, and its first origin),
    spaces are put at every place between the page's characters, and the words made with them are held to those
    made without: the same, then the spaces that do stand there (some of those places) change no word either (a
    space only ends words)."""
    if len(lost) > MAX_LOST:
        raise FastPathRefused(f"{len(lost)} text object(s) PDFium's text page leaves out")
    spaces = {order: _read_alone(load_page, objects.text_slots[order], height, fonts) for order in lost}
    chars = objects.chars
    probed = list(chars)
    for order in sorted(lost, reverse=True):
        found = spaces[order]
        space, em = found[0], found[0]["bottom"] - found[0]["top"]
        left, bottom, _, top = objects.text_bounds[order]
        if top - bottom > LOST_LINE * em or any(c["top"] != space["top"] for c in found):
            raise FastPathRefused("a text object PDFium's text page leaves out, on more than one line")
        # A space's glyph has no ink: the object's bounds are its spaces' origins (to a rounding); where a glyph
        # read as a space has ink, its origin may stand off its ink, by an em at most.
        reach = em if top > bottom else ROUNDING
        start = min(min(c["x0"] for c in found), left) - reach
        end = max(max(c["x0"] for c in found), objects.text_reach[order]) + reach
        stops = sorted({start, end, *(c["x0"] for c in chars if start < c["x0"] < end)})
        stops += [(a + b) / 2 for a, b in zip(stops, stops[1:], strict=False)]
        at = bisect.bisect_left(places, order)
        probed[at:at] = [{**space, "x0": x0, "x1": x0 + (space["x1"] - space["x0"])} for x0 in stops]
    if group_words(probed) != group_words(chars):
        raise FastPathRefused(f"{len(lost)} text object(s) PDFium's text page leaves out, printing spaces that "
                              f"end a word")


def _read_alone(load_page: Callable, slot: int, height: float, fonts: _Fonts) -> list[dict]:
    """The spaces the page's object at `slot` prints, read alone (a page loaded anew, every other object taken out
    of it, closed unsaved): refuses where it prints anything else, or nothing PDFium reads."""
    page = load_page()
    try:
        raw = page.raw
        for at in reversed(range(pdfium.FPDFPage_CountObjects(raw))):
            if at != slot:
                obj = pdfium.FPDFPage_GetObject(raw, at)
                if not pdfium.FPDFPage_RemoveObject(raw, obj):
                    raise FastPathRefused("a text object PDFium's text page leaves out, not to be read alone")
                pdfium.FPDFPageObj_Destroy(obj)
        textpage = page.get_textpage()
        try:
            tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            alone = read_chars(tp, _count_chars(tp))
        finally:
            textpage.close()
        spaces = []
        for index, (code, flag, key) in enumerate(zip(alone.codes, alone.flags, alone.objects, strict=True)):
            if flag & GENERATED:
                continue
            if not key or code != 0x20 or flag:
                raise FastPathRefused("a text object PDFium's text page leaves out, printing more than spaces")
            run, _, matrix = _Run.of_char(alone, index, key, {}, fonts)
            if not run.upright or run.turned:
                raise FastPathRefused("a text object PDFium's text page leaves out, turned")
            spaces.append(_space_at(run, matrix, alone.xs[index], alone.ys[index], height))
        if not spaces:
            raise FastPathRefused("a text object PDFium's text page leaves out, read alone to nothing")
        return spaces
    finally:
        page.close()


def _erased_space(keys: list[int], xs: list[float], ys: list[float], index: int, count: int) -> bool:
    """Whether the space PDFium made at `index` stands in for a space printed there, which its text page erased.

    Within a text object PDFium makes a space where the text is moved on by more than a gap (a TJ number) before
    a character, at that character's origin, and keeps only the first of two spaces in a row: where the
    character moved on to is a printed space, the space it made is kept and the printed one erased. Then the
    next character stands elsewhere than the space made, which made at a gap before it stands at its origin.
    (A space made between two text objects has no text object.)"""
    if index + 1 >= count or not keys[index]:
        return False
    return (xs[index + 1], ys[index + 1]) != (xs[index], ys[index])


class _Run:
    """What the characters of text objects in one font, size and matrix (but for where it starts) share, asked
    once: their font's metrics, their shape (upright, turned) and the size of their glyphs."""

    def __init__(self, font: _Font, matrix: tuple, size: float):
        self.font = font
        self._shape(matrix, size)

    @classmethod
    def of_char(cls, chars: PageChars, index: int, key: int, text_order: dict[int, int],
                fonts: _Fonts, run: _Run | None = None) -> tuple[_Run, int, tuple]:
        """The run of the text object `key`, which character `index` of the text page is printed by (`run` where it
        is known), the object's place in the content and its matrix."""
        if run is None:
            run, matrix = fonts.run(chars.fonts[index], chars.matrix(index), chars.sizes[index])
        else:
            matrix = (*run.matrix[:4], chars.matrices[6 * index + 4], chars.matrices[6 * index + 5])
        return run, text_order.get(key, len(text_order) + key), matrix  # (an object not found: after the others)

    def _shape(self, matrix: tuple, size: float) -> None:
        a, b, c, d = matrix[:4]
        scale = max(abs(a), abs(d))
        if abs(b) <= UPRIGHT_SKEW * scale and abs(c) <= UPRIGHT_SKEW * scale:
            b = c = 0.0  # upright but for rounding (extractors.pdf.geometry.settle_rounding)
        self.matrix = (a, b, c, d, *matrix[4:])
        self.upright = a * d > 0 and b * c <= 0
        # Turned by an angle and yet upright to pdfminer (its test is only that): its box is the glyph's box
        # turned, and its size that box's height, as pdfminer has them.
        self.turned = self.upright and bool(b or c)
        self.a, self.font_size = a, size
        self.advances = self.font.advances_at(size)  # by character, shared by the runs of this font and size
        self.size = d * size  # pdfminer's size of an upright glyph: the font size, scaled
        self.word_size = round(self.size, 2)  # as words are told apart by it (extractors.pdf.geometry.settle_rounding)
        self.fontname = self.font.name
        descent = self.font.descent(size)
        if self.upright and descent is None:
            raise FastPathRefused("a font whose descent PDFium does not give")
        self.lift = d * descent if self.upright else 0.0
        self.descent = descent

    def glyph_box(self, x: float, y: float, advance: float, height: float) -> tuple[float, float, float, float]:
        """x0, x1, top and bottom of an upright run's glyph at origin (x, y), as pdfminer boxes it. (`_read_chars`
        writes out the unturned case for itself: it is what a character costs.)"""
        if self.turned:
            return self.turned_box(x, y, advance, height)
        bottom = height - (y + self.lift)
        return x, x + self.a * advance, bottom - self.size, bottom

    def turned_box(self, x: float, y: float, advance: float, height: float) -> tuple[float, float, float, float]:
        """x0, x1, top and bottom of a glyph of a turned run at origin (x, y): pdfminer's box (from the descent
        up one font size, across the advance) turned by the run's matrix, and the box around it."""
        a, b, c, d = self.matrix[:4]
        low, high = self.descent, self.descent + self.font_size
        xs = [x + a * across + c * up for across in (0.0, advance) for up in (low, high)]
        ys = [y + b * across + d * up for across in (0.0, advance) for up in (low, high)]
        return min(xs), max(xs), height - max(ys), height - min(ys)

    def advance(self, code: int) -> float:
        advance = self.advances.get(code)
        if advance is None:
            advance = self.font.advance(code, self.font_size)
            if advance is None:
                raise FastPathRefused("a font whose widths PDFium does not give")
            self.advances[code] = advance
        return advance

def _printed_space(matrix: tuple, font_size: float | None, font: int, height: float, fonts: _Fonts) -> dict:
    """A text object PDFium's text page leaves out because its one glyph has no width of ink: a printed space,
    as pdfminer reads it (a space ends a word). Its matrix (with the forms' it is drawn in), font size (None
    where PDFium gives none) and font are the object's own."""
    if font_size is None:
        raise FastPathRefused("a text object without a font size")
    run, matrix = fonts.run(font, matrix, float(font_size))
    if not run.upright:
        raise FastPathRefused("a turned text object of a space")
    return _space_at(run, matrix, matrix[4], matrix[5], height)


def _space_at(run: _Run, matrix: tuple, x: float, y: float, height: float) -> dict:
    """A space of an upright run printed at origin (x, y), as pdfminer boxes it."""
    x0, x1, top, bottom = run.glyph_box(x, y, run.advance(0x20), height)
    return {"text": " ", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "size": round(bottom - top, 2) if run.turned else run.word_size, "upright": True, "fontname": run.fontname,
            "matrix": matrix}


# How far the spaces of a run may stand apart beside the space's own width (a share of it): character and
# word spacing (Tc, Tw) move every space of a run alike.
SPACE_FIT = 0.05


def _collapsed_spaces(placed: list[tuple], spaces: list[int], reach: dict[int, float], runs: dict[int, _Run],
                      inked: Callable[[int], bool]) -> list[tuple]:
    """The spaces PDFium's text page leaves out of a run of printed spaces (it keeps the first), put back.

    A run of spaces in one text object (a table cell padded to its column) stands in PDFium's text page as its
    first space. pdfplumber has them all, and a word printed over the padding by another text object is split
    at each (its characters and the spaces sort between each other). Where the next character of the same
    object on the same line (or, after the object's last character, its reach: the origin of its last space,
    where the space's glyph has no box of ink; `inked(index)` says whether a character's has) stands some
    space widths after the kept space, the spaces between are put back, evenly apart. `spaces`: where in
    `placed` the spaces are."""
    restored = []
    for at in spaces:
        order, index, char = placed[at]
        run = runs[order]
        if char["text"] != " " or not char["upright"] or run.turned:
            continue  # (the gaps of text turned by an angle do not run across the page)
        width = run.a * run.advance(0x20)
        following = placed[at + 1] if at + 1 < len(placed) else None
        if following is not None and following[0] == order:
            if abs(following[2]["top"] - char["top"]) > 0.01:
                continue  # the object goes on on another line
            gap, after_last = following[2]["x0"] - char["x0"], False
        elif order in reach and not inked(index):
            gap, after_last = reach[order] - char["x0"], True
        else:
            continue
        steps = round(gap / width) if width > 0 else 0
        count = steps if after_last else steps - 1
        if count < 1 or abs(gap / steps - width) > SPACE_FIT * width:
            continue
        step = gap / steps
        for n in range(1, count + 1):
            x0 = char["x0"] + n * step
            restored.append((order, index + n / (count + 1), {**char, "x0": x0, "x1": x0 + width}))
    return restored


def _advance_end(loose: float, asked: float, ink: float, text: str) -> float:
    """Where an upright character's advance ends, where PDFium's loose box (`loose`: its right edge) and the width
    the font gives for the character (`asked`: where it would end) disagree; `ink` is where its ink ends.

    The loose box is the glyph's advance joined with its ink. Where it reaches past the ink, it is the advance of
    the code printed: a ligature printing more than this character ("ff"), or a glyph PDFium maps to no
    character the font's widths are asked by (NUL, U+FFFD, an unmapped code). Where the ink makes it, the ink
    overhangs the advance (an italic f) and the font's width stands, but not where that width reaches past the
    ink too: the font prints the character by another code than PDFium maps it back to (a subset with two codes
    for one letter), and the width asked is another glyph's; a glyph of no character ends where its ink does
    (pdfminer's box may be a tenth of a point shorter: its width is nowhere in PDFium's API)."""
    if loose > ink + 0.01:
        return loose
    if asked > loose + 0.01:
        if text in _UNMAPPED or text.startswith("(cid:"):
            return loose  # no character to ask the font's width by: the ink's end is what PDFium knows of it
        raise FastPathRefused(f"a font whose width of {text!r} PDFium gives for another code than the one printed")
    return asked


# How near pdfplumber's tolerance a gap between two characters is a tie: pdfminer and PDFium each round the
# positions their own way (in 64 and 32 bits), and which side of the tolerance such a gap falls is their rounding.
TIE = 0.001


def _no_gap_at_the_tolerance(chars: list[dict]) -> None:
    """Refuses a page where a character follows the one before it on its line (in the content's order) by a
    gap within a hair of the tolerance a word ends at (dot leaders spaced to it): whether pdfplumber ends a
    word there is its rounding's to say."""
    previous = None
    for char in chars:
        if previous is not None and abs(char["x0"] - previous["x1"] - X_TOLERANCE) < TIE \
                and char["upright"] and previous["upright"] \
                and abs(char["top"] - previous["top"]) <= Y_TOLERANCE \
                and not (char["text"].isspace() or previous["text"].isspace()):
            raise FastPathRefused(f"a gap of pdfplumber's tolerance to a hair, before {char['text']!r}: which side "
                                  f"of it the gap falls is rounding")
        previous = char


def _hyphens_end_their_lines(hyphens: list[dict], chars: list[dict]) -> None:
    """PDFium drops the spaces printed after a hyphen it takes for a word broken at a line's end. Where more
    text is printed right after one on the same line, a dropped space would have ended a word there."""
    if not hyphens:
        return
    ends = [(hyphen["x1"], hyphen["top"], hyphen) for hyphen in hyphens]
    for char in chars:
        x0 = char["x0"]
        for end, top, hyphen in ends:
            if (0.0 <= x0 - end <= X_TOLERANCE and char is not hyphen and not char["text"].isspace()
                    and abs(char["top"] - top) <= Y_TOLERANCE):
                raise FastPathRefused(f"a hyphen at a line's end with {char['text']!r} printed right after it")


class _Font:
    """A PDF font of the page: its name as words are grouped by, and its metrics at each size, asked once."""

    def __init__(self, handle, dictionaries: PageFonts):
        self.handle = handle
        buffer = ctypes.create_string_buffer(256)
        length = pdfium.FPDFFont_GetBaseFontName(handle, buffer, len(buffer)) if handle else 0
        base = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
        self._dictionaries = dictionaries.matching(base)
        names = {font.name for font in self._dictionaries}
        # pdfplumber ends a word where the font's name changes: the name is pdfminer's where all the page's
        # dictionaries that PDFium's name may name agree on one (two dictionaries of one name are one font to
        # it). Else PDFium's name, without the subset's tag at times, each font told apart by its handle.
        self.name = names.pop() if len(names) == 1 else f"{base}{FONT_TAG}{ctypes.cast(handle, ctypes.c_void_p).value}"
        descents = {font.descent for font in self._dictionaries}
        # pdfminer's descent is its descriptor's, 0 where it gives none; PDFium takes one from the glyphs then.
        self._descent = descents.pop() if len(descents) == 1 and None not in descents else None
        self._out = ctypes.c_float()
        self._advances: dict[float, dict[int, float]] = {}
        self._descents: dict[float, float | None] = {}
        self._soft_hyphen: bool | None = None

    def prints_soft_hyphen(self, page: PageFonts) -> bool:
        """Whether the font may print a soft hyphen on the page: by a code the page prints, where its
        dictionaries are found and tell; yes where not."""
        if self._soft_hyphen is None:
            codes = [font.soft_hyphen_codes() for font in self._dictionaries]
            self._soft_hyphen = not codes or any(found is None or any(page.may_print(code) for code in found)
                                                 for found in codes)
        return self._soft_hyphen

    def advances_at(self, size: float) -> dict[int, float]:
        """The advances asked for so far at `size`, by character."""
        return self._advances.setdefault(size, {})

    def advance(self, code: int, size: float) -> float | None:
        """The advance of a character at `size` (`FPDFFont_GetGlyphWidth` takes the character, not a glyph index,
        and gives the font's /Widths); None where PDFium has none."""
        done = self.handle and pdfium.FPDFFont_GetGlyphWidth(self.handle, code, size, self._out)
        return float(self._out.value) if done else None

    def descent(self, size: float) -> float | None:
        """The font's descent at `size`: pdfminer's where its dictionary is known, else PDFium's."""
        if self._descent is not None:
            return self._descent * size / 1000
        if size not in self._descents:
            done = self.handle and pdfium.FPDFFont_GetDescent(self.handle, size, self._out)
            self._descents[size] = float(self._out.value) if done else None
        return self._descents[size]


_ADDRESS, _INT = ctypes.c_void_p, ctypes.c_int
_count_chars = lean(pdfium.FPDFText_CountChars, _INT, _ADDRESS)
_ink_box = lean(pdfium.FPDFText_GetCharBox, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)


FONT_TAG = "\x1f"  # between a font's name and what tells its PDF font apart (stripped from the words' names)

_FORM, _PATH, _IMAGE, _TEXT = (pdfium.FPDF_PAGEOBJ_FORM, pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_IMAGE,
                                pdfium.FPDF_PAGEOBJ_TEXT)


def _multiply(first, then):
    """The matrix that applies `first`, then `then` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _read_objects(page_raw, height: float, objects: PageObjects) -> None:
    """The page's objects, its forms' too, in the content's order: text objects placed (and those the text page
    leaves out noted), paths painted as pdfminer paints them, pictures boxed."""
    found = read_objects(ctypes.cast(page_raw, ctypes.c_void_p).value)
    inner: dict[int, tuple] = {}  # a form's place: the matrix its objects are drawn with
    bounds = found.bounds
    slot = -1  # the index of the object among the page's own (not a form's)
    for at, obj in enumerate(found.objects):
        kind, parent = found.types[at], found.parents[at]
        if parent < 0:
            slot += 1
        outer = IDENTITY if parent < 0 else inner[parent]
        if kind == _TEXT:
            order = objects.text_order[obj] = len(objects.text_order)
            left, right = bounds[4 * at], bounds[4 * at + 2]
            if abs(right - left) < _NO_WIDTH:
                # Left out of PDFium's text page before anything else is asked of it (a tab printed as a space
                # with an ActualText among them).
                objects.blank_text.append((order, _multiply(found.matrix(at), outer),
                                           found.sizes[at] if found.sized[at] else None, found.fonts[at]))
            elif found.marks[at] and _has_actual_text(_typed(obj)):
                # PDFium's text page reads a marked content's ActualText in place of its glyphs; pdfminer the
                # glyphs.
                raise FastPathRefused("text marked with an ActualText")
            else:
                objects.inked_text.append(order)
                if parent < 0:
                    objects.text_reach[order] = right
                    objects.text_bounds[order] = tuple(bounds[4 * at:4 * at + 4])
                    objects.text_slots[order] = slot
        elif kind == _PATH:
            _read_path(obj, _multiply(found.matrix(at), outer), height, objects)
        elif kind == _FORM:
            inner[at] = _multiply(found.matrix(at), outer)
        elif kind == _IMAGE and found.bounded[at]:
            left, bottom, right, top = bounds[4 * at:4 * at + 4]
            corners = [_apply(outer, x, y) for x in (left, right) for y in (bottom, top)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            objects.images.append({"object_type": "image", "x0": min(xs), "x1": max(xs),
                                   "top": height - max(ys), "bottom": height - min(ys)})


def _read_path(obj: int, matrix: tuple, height: float, objects: PageObjects) -> None:
    """A path's subpaths as pdfminer paints them: ops "m", "l", "c", "h", each with its end point."""
    segments = read_path(obj)
    if segments.fill == 0 and segments.stroke == 0:
        return  # neither filled nor stroked: nothing painted (pdfminer's "n")
    path: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    a, b, c, d, e, f = matrix
    for kind, closes, x, y in zip(segments.kinds, segments.closes, segments.xs, segments.ys, strict=True):
        point = (a * x + c * y + e, b * x + d * y + f)
        if kind == _MOVETO:
            if path:
                _paint(path, height, objects)
            path = [("m", point)]
            bezier = 0
        elif kind == _BEZIERTO:
            bezier += 1
            if bezier == 3:  # a curve's two control points, then its end
                path.append(("c", point))
                bezier = 0
        else:
            path.append(("l", point))
        if closes and path:
            path.append(("h", path[0][1]))
    if path:
        _paint(path, height, objects)


def _typed(obj: int):
    """A page object's address as the pointer pypdfium2's own functions take."""
    return ctypes.cast(obj, pdfium.FPDF_PAGEOBJECT)


_NO_INK = 0.05  # points: a glyph's ink box this low is a line PDFium draws for a glyph without ink (a space)
_NO_WIDTH = 1e-4  # PDFium's text page leaves out a text object narrower than this (kSizeEpsilon)
_MOVETO, _BEZIERTO = pdfium.FPDF_SEGMENT_MOVETO, pdfium.FPDF_SEGMENT_BEZIERTO


def _has_actual_text(obj) -> bool:
    for index in range(pdfium.FPDFPageObj_CountMarks(obj)):
        mark = pdfium.FPDFPageObj_GetMark(obj, index)
        if mark and pdfium.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != pdfium.FPDF_OBJECT_UNKNOWN:
            return True
    return False


def _paint(path: list[tuple[str, tuple[float, float]]], height: float, objects: PageObjects) -> None:
    """pdfminer's `paint_path` for one subpath: a line, a rectangle or a curve (pdfminer.layout)."""
    shape = "".join(op for op, _ in path)
    points = [point for _, point in path]
    if not shape.startswith("m"):
        return
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    flipped = [(px, height - py) for px, py in points]

    def shaped(kind: str, at: list[tuple[float, float]]) -> dict:
        xs, ys = [p[0] for p in at], [p[1] for p in at]
        top, bottom = min(ys), max(ys)
        return {"object_type": kind, "x0": min(xs), "x1": max(xs), "top": top, "bottom": bottom, "doctop": top,
                "y0": height - bottom, "y1": height - top, "width": max(xs) - min(xs), "height": bottom - top,
                "pts": at}

    if shape in ("mlh", "ml"):
        objects.lines.append(shaped("line", flipped[:2]))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        closed = points[0] == points[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            objects.rects.append(shaped("rect", flipped))
        else:
            objects.curves.append(shaped("curve", flipped))
    else:
        objects.curves.append(shaped("curve", flipped))


def edges_of(objects: PageObjects) -> list[dict]:
    """The page's edges as pdfplumber's `Page.edges` makes them: lines, rectangles' sides, curves' straight parts."""
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    return ([line_to_edge(line) for line in objects.lines]
            + [edge for rect in objects.rects for edge in rect_to_edges(rect)]
            + [edge for curve in objects.curves for edge in curve_to_edges(curve)])
