"""Reading a page's raw geometry with PDFium's own API: the fast path beside pdfplumber (FH_PDF_READER=pdfium).

pdfplumber (pdfminer) interprets a page's content stream in Python; PDFium does it in C, about ten times
faster. This module asks PDFium for what `extractors.pdf.geometry` takes from pdfplumber, in pdfplumber's own
shapes, so that the same functions make words, rules and ruled grids of either:

- characters with their text, font and size, in the content's order of text objects. The box is pdfminer's:
  from the origin across the character's advance (the font's widths), from the font's descent up one font
  size. A font is told apart by its PDF font as well as its name, as pdfplumber's names (with their subset
  tag) tell them apart: pdfplumber ends a word where the font changes;
- paths as pdfminer classifies them: a subpath of one segment is a line, a closed axis-aligned quadrilateral a
  rectangle, anything else a curve, each with its points;
- pictures with their boxes, inside forms too.

pdfplumber stays the reference. A page PDFium would read differently is left to it (`FastPathRefused`, the
rule): a rotated page, or one whose media box does not start at the origin (pdfminer moves its coordinates);
a character PDFium maps to no text (pdfminer writes such a glyph as "(cid:N)"); a space PDFium generated where
it cannot be told whether one is printed (`_space_between`). The differential test (tests/test_fast_path.py)
reads every PDF of the sample, real-world and larger reports both ways and holds their records the same.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium

from extractors.pdf.geometry import UPRIGHT_SKEW

# Characters that are no text (PDFium's markers), refused; U+0000 and U+FFFD are read as pdfminer reads them.
_NO_TEXT = frozenset({0xFFFE, 0xFFFF})
# PDFium gives a hyphen it takes for a word broken at a line's end as U+0002 (FPDFText_IsHyphen). It is read
# as a hyphen-minus where its glyph is as wide as the font's and it is printed in the same text object as the
# word before it, nothing between; elsewhere PDFium may have dropped a space printed before it ("Villkors -").
_LINE_END_HYPHEN = 0x02
# PDFium gives many of the spaces a page prints as spaces it generated itself (after a hyphen, "Kultur- och";
# a narrow space between words), so its generated spaces are kept as spaces: a space only ever ends a word.


@dataclass
class PageObjects:
    """A page's objects in pdfplumber's shapes (top-left origin, points)."""

    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    curves: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    text_order: dict[int, int] = field(default_factory=dict)  # each text object's place in the content


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

    def read(self, number: int, width: float, height: float) -> PageObjects:
        """Page `number` (1-based), pdfplumber's size of it given; raises FastPathRefused where pdfplumber reads
        it instead."""
        page = self._pdf[number - 1]
        try:
            x0, y0, x1, y1 = page.get_mediabox()
            if page.get_rotation() % 360:
                raise FastPathRefused("the page is rotated")
            if abs(x0) > 1e-6 or abs(y0) > 1e-6 or abs((x1 - x0) - width) > 0.01 or abs((y1 - y0) - height) > 0.01:
                raise FastPathRefused("the media box does not start at the origin")
            objects = PageObjects()
            _read_objects(page.raw, height, objects)
            _read_chars(page, height, objects)
            return objects
        finally:
            page.close()


def _read_chars(page, height: float, objects: PageObjects) -> None:
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium.FS_RECTF()
        matrix = pdfium.FS_MATRIX()
        name = ctypes.create_string_buffer(256)
        x, y = ctypes.c_double(), ctypes.c_double()
        ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        fonts: dict[int, _Font] = {}  # by text object
        spaced = False  # PDFium generated a space after the last character
        placed: list[tuple] = []  # (its text object's place in the content, its own place, spaced, char, object)
        for index in range(pdfium.FPDFText_CountChars(raw)):
            code = pdfium.FPDFText_GetUnicode(raw, index)
            if pdfium.FPDFText_IsGenerated(raw, index):
                spaced = spaced or code == 0x20
                continue  # a line break PDFium adds between runs, or a space (below)
            hyphen = code == _LINE_END_HYPHEN and bool(pdfium.FPDFText_IsHyphen(raw, index))
            if hyphen:
                code = 0x2D  # a hyphen-minus, where the rule below holds
            if pdfium.FPDFText_HasUnicodeMapError(raw, index):
                # A glyph its font maps to no text: PDFium gives its character code, pdfminer writes it
                # "(cid:N)" (extractors.pdf.geometry reads "(cid:127)" as a bullet).
                text = f"(cid:{code})"
            elif code == 0:
                text = "\x00"  # mapped to NUL (a dropped ligature, "u\x00allet"), as pdfminer gives it
            elif code in _NO_TEXT or code < 0x20 and code not in (9, 10, 13) or 0xD800 <= code <= 0xDFFF:
                raise FastPathRefused(f"a character without text (U+{code:04X})")
            else:
                text = chr(code)
            key = _text_object_address(raw, index) or 0
            if hyphen and not (placed and placed[-1][4] == key and not spaced):
                # Printed in a text object of its own, or after a space PDFium made: PDFium drops the spaces
                # before such a hyphen ("Villkors -"), and whether one was printed there, it cannot say.
                raise FastPathRefused("a hyphen at a line's end, not printed with the word before it")
            font = fonts.get(key)
            if font is None:
                font = fonts[key] = _Font(pdfium.FPDFTextObj_GetFont(pdfium.FPDFText_GetTextObject(raw, index)), name)
            fontname = font.name
            size = pdfium.FPDFText_GetFontSize(raw, index)
            pdfium.FPDFText_GetMatrix(raw, index, matrix)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            scale = max(abs(a), abs(d))
            if abs(b) <= UPRIGHT_SKEW * scale and abs(c) <= UPRIGHT_SKEW * scale:
                b = c = 0.0  # upright but for rounding (extractors.pdf.geometry.settle_rounding)
            upright = a * d > 0 and b * c <= 0
            if upright:
                # pdfminer's box: from the origin across the advance (the font's /Widths), from the descent up
                # one font size. PDFium's loose box reaches the glyph's ink where it overhangs the advance.
                advance = font.advance(code, size)
                descent, space = font.descent_and_space(size)
                if advance is None or descent is None:
                    raise FastPathRefused("a font whose widths PDFium does not give")
                pdfium.FPDFText_GetCharOrigin(raw, index, x, y)
                bottom = height - (y.value + d * descent)
                right = x.value + a * advance
                pdfium.FPDFText_GetLooseCharBox(raw, index, box)
                overreach = 0.0
                if hyphen and abs((box.right - box.left) - a * advance) > 0.05:
                    raise FastPathRefused("a hyphen at a line's end whose glyph is not the font's hyphen-minus")
                if box.right > right + 0.01:
                    # The glyph reaches further than the character's own advance: its ink overhangs (an italic
                    # f), or it is a ligature printing more than this character ("ff"), whose box is the glyph's.
                    pdfium.FPDFText_GetCharBox(raw, index, *ink)
                    if box.right > ink[1].value + 0.01:
                        right = box.right
                    overreach = ink[1].value - right
                char = {"x0": x.value, "x1": right, "top": bottom - d * size, "bottom": bottom,
                        "size": d * size, "space": a * space if space else None, "overreach": overreach}
            else:
                pdfium.FPDFText_GetLooseCharBox(raw, index, box)
                top, bottom = height - max(box.top, box.bottom), height - min(box.top, box.bottom)
                char = {"x0": min(box.left, box.right), "x1": max(box.left, box.right), "top": top, "bottom": bottom,
                        "size": bottom - top, "space": None}  # pdfminer's size of a turned glyph: its box's height
            char.update(text=text, doctop=char["top"], upright=upright, fontname=fontname,
                        matrix=(a, b, c, d, matrix.e, matrix.f))
            placed.append((objects.text_order.get(key, len(objects.text_order)), len(placed), spaced, char, key))
            spaced = False
        # In the content's order, as pdfminer reads it (PDFium's text page moves some runs about): pdfplumber's
        # words are made of runs of one font in that order.
        for _, _, spaced_before, char, _ in sorted(placed, key=lambda entry: entry[:2]):
            if spaced_before and objects.chars:
                _space_between(objects.chars, objects.chars[-1], char)
            objects.chars.append(char)
    finally:
        textpage.close()


# pdfplumber ends a word at a printed space, or where the gap to the next character is wider than this.
WORD_GAP = 3.0
# A gap this share of the font's space advance, or wider up to the second share, holds a printed space.
SPACE_SHARE = (0.8, 1.6)
OVERREACH = 0.5  # points of ink past a character's advance that may be another character's


def _space_between(chars: list[dict], before: dict, after: dict) -> None:
    """A space PDFium generated between two characters. PDFium gives many printed spaces so (after a hyphen,
    "Kultur- och"; a space after a kerned pair) and also makes spaces of its own where a gap looks like one.

    Where the next character is on another line, or further off than pdfplumber's word gap, the words end
    there either way. Nearer on the same line, the gap tells: a printed space leaves the font's space advance
    (give or take character spacing), so a gap of about that width is a printed space. Any other gap cannot be
    told, and the page is left to pdfplumber."""
    gap = after["x0"] - before["x1"]
    if before.get("overreach", 0.0) > OVERREACH:
        # Ink past the character's advance, then a space PDFium made: a ligature printing more characters than
        # PDFium gave ("ff" as one f), or an overhanging glyph; which, it cannot say.
        raise FastPathRefused(f"a space PDFium generated after {before['text']!r}, whose glyph prints "
                              f"{before['overreach']:.2f} pt past its advance")
    same_line = abs(after["top"] - before["top"]) <= WORD_GAP and before["upright"] and after["upright"]
    if same_line and after["x0"] >= before["x0"] and gap <= WORD_GAP:  # (further left: a word's end either way)
        space = before.get("space")
        if not space or not (SPACE_SHARE[0] * space <= gap <= SPACE_SHARE[1] * space):
            raise FastPathRefused(f"a space PDFium generated between {before['text']!r} and {after['text']!r}, "
                                  f"{gap:.2f} pt apart (a space is {space or 0:.2f} pt): printed or not, it cannot say")
    chars.append({**before, "text": " ", "x0": before["x1"]})


class _Font:
    """A PDF font of the page: its name as words are grouped by, and its metrics at each size, asked once."""

    def __init__(self, handle, buffer):
        self.handle = handle
        length = pdfium.FPDFFont_GetBaseFontName(handle, buffer, len(buffer)) if handle else 0
        base = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
        # pdfplumber's font name keeps the subset's tag ("AAAAAI+ArialMT"), and words end where it changes;
        # PDFium's drops it, so each font of the page is told apart by its handle too.
        self.name = f"{base}{FONT_TAG}{ctypes.cast(handle, ctypes.c_void_p).value}"
        self._out = ctypes.c_float()
        self._advances: dict[tuple[int, float], float | None] = {}
        self._sizes: dict[float, tuple[float | None, float | None]] = {}

    def advance(self, code: int, size: float) -> float | None:
        """The advance of a character at `size` (`FPDFFont_GetGlyphWidth` takes the character, not a glyph index,
        and gives the font's /Widths); None where PDFium has none."""
        key = (code, size)
        if key not in self._advances:
            done = self.handle and pdfium.FPDFFont_GetGlyphWidth(self.handle, code, size, self._out)
            self._advances[key] = float(self._out.value) if done else None
        return self._advances[key]

    def descent_and_space(self, size: float) -> tuple[float | None, float | None]:
        """The font's descent and the advance of its space at `size`."""
        if size not in self._sizes:
            done = self.handle and pdfium.FPDFFont_GetDescent(self.handle, size, self._out)
            self._sizes[size] = (float(self._out.value) if done else None, self.advance(0x20, size))
        return self._sizes[size]


# FPDFText_GetTextObject as an address (an int), where a text object is only asked for by its address: telling
# the text objects apart costs no ctypes cast per character.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, *pdfium.FPDFText_GetTextObject.argtypes)(
    ctypes.cast(pdfium.FPDFText_GetTextObject, ctypes.c_void_p).value)


FONT_TAG = "\x1f"  # between a font's name and what tells its PDF font apart (stripped from the words' names)

_FORM, _PATH, _IMAGE, _TEXT = (pdfium.FPDF_PAGEOBJ_FORM, pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_IMAGE,
                                pdfium.FPDF_PAGEOBJ_TEXT)
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(first, then):
    """The matrix that applies `first`, then `then` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def _matrix_of(obj) -> tuple:
    matrix = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, matrix):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _read_objects(page_raw, height: float, objects: PageObjects) -> None:
    for index in range(pdfium.FPDFPage_CountObjects(page_raw)):
        _read_object(pdfium.FPDFPage_GetObject(page_raw, index), _IDENTITY, height, objects)


def _read_object(obj, outer, height: float, objects: PageObjects) -> None:
    kind = pdfium.FPDFPageObj_GetType(obj)
    if kind == _TEXT:
        objects.text_order[ctypes.cast(obj, ctypes.c_void_p).value or 0] = len(objects.text_order)
    elif kind == _FORM:
        inner = _multiply(_matrix_of(obj), outer)
        for index in range(pdfium.FPDFFormObj_CountObjects(obj)):
            _read_object(pdfium.FPDFFormObj_GetObject(obj, index), inner, height, objects)
    elif kind == _IMAGE:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            corners = [_apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            objects.images.append({"object_type": "image", "x0": min(xs), "x1": max(xs), "top": height - max(ys),
                                   "bottom": height - min(ys)})
    elif kind == _PATH:
        _read_path(obj, _multiply(_matrix_of(obj), outer), height, objects)


def _read_path(obj, matrix, height: float, objects: PageObjects) -> None:
    """A path's subpaths as pdfminer paints them: ops "m", "l", "c", "h", each with its end point."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return  # neither filled nor stroked: nothing painted (pdfminer's "n")
    path: list[tuple[str, tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    count = pdfium.FPDFPath_CountSegments(obj)
    bezier = 0
    for index in range(count):
        segment = pdfium.FPDFPath_GetPathSegment(obj, index)
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            if path:
                _paint(path, height, objects)
            path = [("m", point)]
            bezier = 0
        elif kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier == 3:  # a curve's two control points, then its end
                path.append(("c", point))
                bezier = 0
        else:
            path.append(("l", point))
        if pdfium.FPDFPathSegment_GetClose(segment) and path:
            path.append(("h", path[0][1]))
    if path:
        _paint(path, height, objects)


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
