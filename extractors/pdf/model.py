"""The document model: what a PDF holds once its geometry has been read.

A `Document` is a list of `Page`s. A page keeps every word with its position and
font, the ruling lines and rectangles, and what the layout steps made of them:

    words -> lines (runs of words on one baseline, split at wide gaps)
          -> blocks (paragraphs, headings, tables) in reading order
          + furniture (running headers, footers, page numbers) set apart

Every object carries a bounding box in pdfplumber's coordinates (points, origin
top-left: x0, top, x1, bottom), so any value taken from it can be traced back to
its place on the page. The classes are frozen dataclasses rather than pydantic
models: a page has thousands of words and this is the hot path; the records
derived from a document are validated by pydantic in `schemas/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from schemas.findings import Note


@dataclass(frozen=True, slots=True)
class BBox:
    """A rectangle on a page, in points from the top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float

    def __reduce__(self):
        # Pickled as a plain call: a frozen slotted dataclass otherwise unpickles
        # field by field through object.__setattr__, and pages hold thousands.
        return (BBox, (self.x0, self.top, self.x1, self.bottom))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def expanded(self, margin: float) -> BBox:
        """This box grown by `margin` points on every side."""
        return BBox(self.x0 - margin, self.top - margin, self.x1 + margin, self.bottom + margin)

    def contains_point(self, x: float, y: float, tolerance: float = 0.0) -> bool:
        return (
            self.x0 - tolerance <= x <= self.x1 + tolerance
            and self.top - tolerance <= y <= self.bottom + tolerance
        )

    def horizontal_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def vertical_overlap(self, other: BBox) -> float:
        return max(0.0, min(self.bottom, other.bottom) - max(self.top, other.top))

    def corners(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom), as records store a box."""
        return (self.x0, self.top, self.x1, self.bottom)

    def rounded(self, digits: int = 2) -> tuple[float, float, float, float]:
        return (
            round(self.x0, digits),
            round(self.top, digits),
            round(self.x1, digits),
            round(self.bottom, digits),
        )


def ocr_confidence(words: Iterable[Word]) -> float | None:
    """The lowest OCR confidence among these words: how sure the reading of what they print is. None when
    none was read by OCR."""
    read = [w.confidence for w in words if w.confidence is not None]
    return min(read) if read else None


def mean_confidence(words: Iterable[Word]) -> float | None:
    """The mean OCR confidence of these words, to three places; None when none was read by OCR."""
    read = [w.confidence for w in words if w.confidence is not None]
    return round(sum(read) / len(read), 3) if read else None


def bbox_of(items: Iterable[Word | Line | Block | Cell]) -> BBox:
    """The smallest box around every item."""
    boxes = iter([item.bbox for item in items])
    first = next(boxes, None)
    if first is None:
        raise ValueError("bbox_of needs at least one item")
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for box in boxes:  # one pass, comparing as min and max do (the first of equals kept)
        if box.x0 < x0:
            x0 = box.x0
        if box.top < top:
            top = box.top
        if box.x1 > x1:
            x1 = box.x1
        if box.bottom > bottom:
            bottom = box.bottom
    return BBox(x0, top, x1, bottom)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as pdfplumber found it, with its font; or as OCR read it, with its confidence (0 to 1)."""

    text: str
    bbox: BBox
    fontname: str
    size: float
    bold: bool
    upright: bool = True
    confidence: float | None = None  # None: from the text layer

    def __reduce__(self):
        return (Word, (self.text, self.bbox, self.fontname, self.size, self.bold, self.upright, self.confidence))


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one baseline that belong together (a wide gap starts a new line).

    `size` is the font size most of its characters are set in, and `bold`
    whether most are bold; both are worked out once, by `Line.of`.
    """

    words: tuple[Word, ...]
    bbox: BBox
    size: float
    bold: bool

    def __reduce__(self):
        return (Line, (self.words, self.bbox, self.size, self.bold))

    @classmethod
    def of(cls, words: Iterable[Word]) -> Line:
        words = tuple(words)
        characters = sum(len(w.text) for w in words)
        bold_characters = sum(len(w.text) for w in words if w.bold)
        return cls(
            words=words,
            bbox=bbox_of(words),
            size=_dominant(((w.size, len(w.text)) for w in words), default=0.0),
            bold=bold_characters * 2 > characters,
        )

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


class BlockKind(str, Enum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text and where it stands.

    `text` reads a cell of several lines as one run of text (line-end hyphens repaired), as readers want a
    label; `lines` keeps the lines as printed, and `printed` joins them with a newline, as a table's own output
    shows the cell."""

    text: str
    bbox: BBox
    words: tuple[Word, ...] = ()
    lines: tuple[str, ...] = ()

    @property
    def printed(self) -> str:
        return "\n".join(self.lines) if len(self.lines) > 1 else self.text


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells; `ruled` says whether lines drew its grid.

    Rows are lists of equal length; a position with nothing printed holds None.
    """

    rows: tuple[tuple[Cell | None, ...], ...]
    bbox: BBox
    ruled: bool

    @property
    def cells(self) -> Iterable[Cell]:
        for row in self.rows:
            for cell in row:
                if cell is not None:
                    yield cell

    def to_text(self) -> str:
        """The table read row by row, cells separated by tabs."""
        return "\n".join(
            "\t".join(cell.text if cell else "" for cell in row) for row in self.rows
        )

    def to_dict(self) -> dict:
        return {
            "bbox": self.bbox.rounded(),
            "ruled": self.ruled,
            "rows": [
                [
                    None if cell is None else {"text": cell.text, "bbox": cell.bbox.rounded()}
                    for cell in row
                ]
                for row in self.rows
            ],
        }


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of reading order: a paragraph, a heading or a whole table."""

    kind: BlockKind
    lines: tuple[Line, ...]
    bbox: BBox
    text: str
    level: int | None = None  # heading level, 1 is the largest
    table: Table | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its raw geometry and the layout read from it."""

    number: int  # 1-based physical page number
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[BBox, ...]  # ruling lines and rectangle edges, as thin boxes
    blocks: tuple[Block, ...] = ()  # body, in reading order
    furniture: tuple[Line, ...] = ()  # running headers, footers, page numbers
    # Where the words came from: "text_layer", "ocr", "blank" (nothing printed) or "not_read" (OCR was due and did not
    # run: turned off, missing, out of its budget; the words are what the text layer gave, if anything).
    text_source: str = "text_layer"
    reading_note: Note | None = None  # why a page that needed OCR has no words (OCR off, Tesseract missing, ...)
    table_note: Note | None = None  # why the page's tables could not be read, when the table finder failed on it

    @property
    def has_text_layer(self) -> bool:
        return self.text_source in ("text_layer", "not_read") and bool(self.words)

    def ocr_confidence(self, box: BBox) -> float | None:
        """The lowest OCR confidence of the words within a box on this page; None on a text layer."""
        if self.text_source != "ocr":
            return None
        return ocr_confidence(w for w in self.words if box.contains_point(*w.bbox.centre, 0.5))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b.table for b in self.blocks if b.table is not None)

    @property
    def text(self) -> str:
        """The body text in reading order, one block per paragraph."""
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True, slots=True)
class PageFailure:
    """A page the parser could not read, and why."""

    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """A whole PDF as read: pages in order, plus what could not be read."""

    path: str
    sha256: str
    page_count: int  # pages the file has, as counted by an independent reader
    pages: tuple[Page, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    failed_pages: tuple[PageFailure, ...] = ()

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]  # POSIX paths: a backslash is part of a name

    def page(self, number: int) -> Page:
        for page in self.pages:
            if page.number == number:
                return page
        raise KeyError(f"{self.file_name}: no page {number}")


def phrase_box(block: Block, phrase: str) -> BBox:
    """The box of the words of a block that spell `phrase` (first occurrence), else the block's."""
    tokens = phrase.split()
    words = [w for line in block.lines for w in line.words]
    texts = [w.text.strip(",.") for w in words]
    for i in range(len(texts) - len(tokens) + 1):
        if texts[i : i + len(tokens)] == tokens:
            return bbox_of(words[i : i + len(tokens)])
    return block.bbox


def _dominant(weighted: Iterable[tuple[float, int]], default: float) -> float:
    totals: dict[float, int] = {}
    for value, weight in weighted:
        key = round(value, 1)
        totals[key] = totals.get(key, 0) + weight
    if not totals:
        return default
    return max(totals.items(), key=lambda kv: (kv[1], kv[0]))[0]
