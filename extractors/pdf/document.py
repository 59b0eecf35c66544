"""Building a `Document` from a PDF file: the layout steps wired in order.

Two passes. The first reads every page's words, rulings and ruled-table grids,
each page on its own so that a page the parser cannot read is named and
skipped while the rest are kept. Between the passes come the facts that need
the whole document: the body font size, the words it prints (for
dehyphenation) and the running headers and footers. The second pass lays out
each page: tables first (they are atomic in the reading order), then
paragraphs and headings, then the reading order over all of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.table import TableFinder, TableSettings

from extractors.pdf.blocks import group_to_block, heading_levels, lines_to_groups
from extractors.pdf.files import count_pages_independently, file_sha256
from extractors.pdf.furniture import find_furniture, rotated_lines
from extractors.pdf.geometry import rules_of, words_of
from extractors.pdf.hyphenation import document_vocabulary
from extractors.pdf.lines import DEFAULT_LINE_SETTINGS, rows_to_lines, words_to_rows
from extractors.pdf.model import BBox, Block, BlockKind, Document, Line, Page, PageFailure, Table, Word
from extractors.pdf.ocr import INK_LEVEL, INK_RESOLUTION, MAX_PIXELS, OcrSettings, OcrUnavailable, has_ink, ocr_words
from extractors.pdf.pdfium_geometry import PageObjects, PdfiumPages, edges_of
from extractors.pdf.pictures import PagePictures, resolution_within
from extractors.pdf.reading_order import reading_order
from extractors.pdf.tables import RULED_TABLE_SETTINGS, find_unruled_tables, grid_to_table
from extractors.pdf.text_quality import garbled_beyond_use
from schemas.findings import Note


class ExtractionError(Exception):
    """A PDF that cannot be read at all; the message names the file and the reason."""

    def __init__(self, file_name: str, reason: str, page: int | None = None):
        self.file_name = file_name
        self.reason = reason
        self.page = page
        where = f"{file_name}, page {page}" if page else file_name
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class _RawPage:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[BBox, ...]
    grids: tuple[tuple[tuple[BBox | None, ...], ...], ...]
    printed: bool = True  # whether anything is drawn on the page at all (text, pictures, lines)
    scanned_share: float = 0.0  # the share of the page that pictures cover
    text_source: str = "text_layer"
    reading_note: Note | None = None
    pictures: tuple[BBox, ...] = ()  # the large pictures on the page (a statement printed as a picture, a photo)
    reader: str = "pdfplumber"  # what read the page's geometry: "pdfium" (the fast path) or "pdfplumber"


def build_document(
    path: str | Path,
    pages: Sequence[int] | None = None,
    page_guard: Callable[[int], AbstractContextManager] | None = None,
    max_pages: int | None = None,
    ocr: OcrSettings | None = None,
    reader: str | None = None,
) -> Document:
    """Read a PDF into the document model. `pages` (1-based) limits which pages are laid out.

    A page without a usable text layer is read by OCR (`extractors.pdf.ocr`) as `ocr` says, by default as the
    environment says (FH_OCR, FH_OCR_PAGE_SECONDS); a page with nothing printed is recorded as blank.

    `page_guard(number)` wraps the reading of each page (a time budget, say): an
    exception it raises fails that page only. A file with more than `max_pages`
    pages is refused before any page is parsed (PDFium counts them from the page
    tree at once), and so is a file with no pages at all.

    `reader` is "pdfium" (the fast path: PDFium reads each page it can read as pdfplumber would, pdfplumber
    the rest; `extractors.pdf.pdfium_geometry`) or "pdfplumber" (every page, the reference); by default
    FH_PDF_READER says, and it says "pdfium".
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise ExtractionError(name, "file not found")
    if path.stat().st_size == 0:
        raise ExtractionError(name, "empty file (0 bytes)")
    sha256 = file_sha256(path)
    try:
        counted: int | None = count_pages_independently(path)
    except Exception:  # noqa: BLE001 - the second reader failing is not fatal on its own
        counted = None
    if counted is not None and max_pages is not None and counted > max_pages:
        raise ExtractionError(name, f"has {counted} pages, more than the limit of {max_pages}")
    raw_pages, failures, metadata, plumber_count = _read_pages(path, pages, page_guard, max_pages,
                                                               reader or default_reader())
    raw_pages = read_unusable_pages(path, raw_pages, ocr or OcrSettings.from_environment())
    page_count = counted if counted is not None else plumber_count
    if page_count == 0 and plumber_count == 0:
        raise ExtractionError(name, "no pages (the file's page tree is empty)")
    laid_out = _lay_out(raw_pages)
    return Document(
        path=str(path),
        sha256=sha256,
        page_count=page_count,
        pages=tuple(laid_out),
        metadata=metadata,
        failed_pages=tuple(failures),
    )


READERS = ("pdfium", "pdfplumber")


DEFAULT_READER = "pdfium"  # the fast path: it reads as pdfplumber does where the differential tests hold


def default_reader() -> str:
    """The reader FH_PDF_READER names: "pdfium" (the fast path, the default) or "pdfplumber" (the reference)."""
    reader = os.environ.get("FH_PDF_READER", DEFAULT_READER).strip().lower() or DEFAULT_READER
    if reader not in READERS:
        raise ValueError(f"FH_PDF_READER is {reader!r}: it takes {' or '.join(READERS)}")
    return reader


def page_readers(path: str | Path) -> dict[int, str]:
    """What the fast path reads each page of a file with: "pdfium", or "pdfplumber" where it leaves the page to
    the reference (a rule of `extractors.pdf.pdfium_geometry`)."""
    raw_pages, _, _, _ = _read_pages(Path(path), None, reader="pdfium")
    return {raw.number: raw.reader for raw in raw_pages}


def _fast_pages(path: Path, reader: str, page_count: int) -> PdfiumPages | None:
    """The file open in PDFium for the fast path, when it is asked for and PDFium sees the same pages."""
    if reader != "pdfium":
        return None
    try:
        fast = PdfiumPages(path)
    except Exception:  # noqa: BLE001 - a file PDFium cannot open is pdfplumber's alone
        return None
    if len(fast) != page_count:
        fast.close()
        return None
    return fast


def _read_pages(path: Path, wanted: Sequence[int] | None, page_guard=None, max_pages: int | None = None,
                reader: str = "pdfplumber"):
    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfplumber wraps every parser error
        raise ExtractionError(path.name, f"not a readable PDF: {describe_error(error)}") from error
    with pdf:
        metadata = {str(k): _text(v) for k, v in (pdf.metadata or {}).items()}
        try:
            plumber_pages = pdf.pages
        except Exception as error:
            raise ExtractionError(path.name, f"page tree unreadable: {describe_error(error)}") from error
        if max_pages is not None and len(plumber_pages) > max_pages:
            raise ExtractionError(path.name, f"has {len(plumber_pages)} pages, more than the limit of {max_pages}")
        guard = page_guard or (lambda number: contextlib.nullcontext())
        raw_pages: list[_RawPage] = []
        failures: list[PageFailure] = []
        fast = _fast_pages(path, reader, len(plumber_pages))
        try:
            for page in plumber_pages:
                if wanted and page.page_number not in wanted:
                    continue
                try:
                    with guard(page.page_number):
                        raw_pages.append(_read_page(page, fast))
                except Exception as error:  # a broken page costs only itself
                    failures.append(PageFailure(page.page_number, describe_error(error)))
                finally:
                    page.close()
        finally:
            if fast is not None:
                fast.close()
        return raw_pages, failures, metadata, len(plumber_pages)


def _read_page(page, fast: PdfiumPages | None = None) -> _RawPage:
    """One page's words, rules, grids and pictures: by PDFium where the fast path reads it, else by pdfplumber."""
    if not (float(page.width) > 0 and float(page.height) > 0):
        raise ValueError(f"the page has no size ({float(page.width):g} × {float(page.height):g} points: its MediaBox is empty)")
    width, height = float(page.width), float(page.height)
    if fast is not None:
        try:
            objects = fast.read(page.page_number, width, height, page.page_obj)
        except (TimeoutError, MemoryError):
            raise  # the page's budget ran out (the reader's page guard): pdfplumber gets no second go at it
        except Exception:  # noqa: BLE001 - FastPathRefused, or a page PDFium fails on: pdfplumber reads it
            pass
        else:
            return _raw_page(page.page_number, width, height, objects, lambda: edges_of(objects), "pdfium")
    objects = PageObjects(chars=page.chars, lines=page.lines, rects=page.rects, curves=page.curves, images=page.images)
    return _raw_page(page.page_number, width, height, objects, lambda: page.edges, "pdfplumber")


def _raw_page(number: int, width: float, height: float, objects: PageObjects, edges: Callable[[], list[dict]],
              reader: str) -> _RawPage:
    """A page's raw geometry from its objects; `edges` (what ruled grids are found on) made only where asked."""
    words = words_of(objects.chars, settled=objects.settled)
    rules = rules_of(objects.lines, objects.rects)
    grids: tuple = ()
    if len(rules) >= 4:
        finder = TableFinder(_Edges(edges(), (0.0, 0.0, width, height)), TableSettings.resolve(RULED_TABLE_SETTINGS))
        grids = tuple(
            tuple(tuple(BBox(*map(float, c)) if c else None for c in row.cells) for row in found.rows)
            for found in finder.tables
        )
    printed = bool(words) or any((objects.chars, objects.images, objects.curves, objects.lines, objects.rects))
    boxes = [BBox(max(float(i["x0"]), 0.0), max(float(i["top"]), 0.0), min(float(i["x1"]), width),
                  min(float(i["bottom"]), height)) for i in objects.images]
    boxes = [box for box in boxes if box.width > 0 and box.height > 0]
    pictured = sum(box.width * box.height for box in boxes)
    large = tuple(box for box in boxes if box.width * box.height >= LARGE_PICTURE_SHARE * width * height)
    return _RawPage(number, width, height, words, rules, grids, printed, min(1.0, pictured / (width * height)),
                    pictures=large, reader=reader)


@dataclass(frozen=True)
class _Edges:
    """What pdfplumber's table finder asks of a page with the "lines" strategy: its edges and its box."""

    edges: list[dict]
    bbox: tuple[float, float, float, float]


NOT_READ = "not_read"  # the text source of such a page: what its text layer gave (if anything), OCR still due
SCANNED_SHARE = 0.5  # a page this much covered by pictures is a scan ...
SCANNED_FEW_WORDS = 25  # ... and with fewer text-layer words than this, they are a stamp or a page number on it
LARGE_PICTURE_SHARE = 0.08  # a picture this much of its page may print text (a statement set as a picture)
TEXT_IN_PICTURE_WORDS = 3  # a picture the text layer prints fewer words on than this has its own text, if any
# A picture of printed text is mostly paper with a little ink: this share of its pixels near white, and ink
# (dark pixels) between these shares. A photograph spreads over the greys.
PAPER_LEVEL, PAPER_SHARE = 225, 0.6
INK_SHARE_RANGE = (0.005, 0.25)


def read_unusable_pages(path: Path, raw_pages: Sequence[_RawPage], settings: OcrSettings) -> list[_RawPage]:
    """The pages, each whose text layer is missing or unusable read by OCR, each with nothing printed marked blank.

    OCR reads a page with no text layer that shows ink, a page whose text layer is garbled beyond use, and a
    scan that carries only a few words of text layer (an e-signing stamp, a page number): there the words of
    the text layer are kept and OCR adds what they do not cover. A page OCR cannot read keeps what it had,
    with a note that says why.
    """
    # Most pages' text layers stand as they are: told here, not handed to a thread that has nothing to wait on.
    pending = [at for at, raw in enumerate(raw_pages) if not _stands_as_printed(raw)]
    if not pending:
        return list(raw_pages)
    pictures = PagePictures(path)
    try:
        if settings.parallel_pages <= 1 or len(pending) <= 1:
            read = [_read_unusable(raw_pages[at], pictures, settings) for at in pending]
        else:
            # Pages side by side: each thread waits on its own Tesseract process, the pictures drawn one at a time.
            with ThreadPoolExecutor(max_workers=settings.parallel_pages, thread_name_prefix="ocr") as pool:
                read = list(pool.map(lambda at: _read_unusable(raw_pages[at], pictures, settings), pending))
    finally:
        pictures.close()
    pages = list(raw_pages)
    for at, page in zip(pending, read, strict=True):
        pages[at] = page
    return pages


def _stands_as_printed(raw: _RawPage) -> bool:
    """Whether a page's text layer is read as it is (`_read_unusable` would give it back unchanged): it has words,
    not garbled, not a scan stamped with a few, and no large picture that may print text."""
    return (bool(raw.words) and not raw.pictures
            and not (raw.scanned_share >= SCANNED_SHARE and len(raw.words) < SCANNED_FEW_WORDS)
            and not garbled_beyond_use(w.text for w in raw.words))


def _read_unusable(raw: _RawPage, pictures: PagePictures, settings: OcrSettings) -> _RawPage:
    garbled = bool(raw.words) and garbled_beyond_use(w.text for w in raw.words)
    stamped_scan = bool(raw.words) and raw.scanned_share >= SCANNED_SHARE and len(raw.words) < SCANNED_FEW_WORDS
    if raw.words and not garbled and not stamped_scan:
        return _read_pictures_of_text(raw, pictures, settings)
    if not raw.printed:
        return dataclasses.replace(raw, text_source="blank")
    try:
        if not raw.words and not has_ink(pictures.grey(raw.number, INK_RESOLUTION)):
            return dataclasses.replace(raw, text_source="blank")
        if not settings.enabled:
            return dataclasses.replace(raw, text_source=NOT_READ, reading_note=Note.of("not_read_ocr_off"))
        resolution = resolution_within(raw.width, raw.height, settings.resolution, MAX_PIXELS) or settings.resolution
        read = ocr_words(pictures.grey(raw.number, resolution), raw.width, raw.height, settings)
    except (OcrUnavailable, TimeoutError) as error:
        return dataclasses.replace(raw, text_source=NOT_READ, reading_note=Note.of("not_read_ocr_failed", error=str(error)))
    except Exception as error:  # noqa: BLE001 - a page OCR fails on keeps what it had
        return dataclasses.replace(raw, text_source=NOT_READ,
                                   reading_note=Note.of("not_read_ocr_failed", error=describe_error(error)))
    kept = raw.words if stamped_scan else ()
    added = tuple(w for w in read if not any(_inside(w, k.bbox.expanded(2.0)) for k in kept))
    words = tuple(sorted((*kept, *added), key=lambda w: (round(w.bbox.top), w.bbox.x0)))
    note = None if added else Note.of("ocr_found_no_words")
    return dataclasses.replace(raw, words=words, text_source="ocr", reading_note=note)


def _read_pictures_of_text(raw: _RawPage, pictures: PagePictures, settings: OcrSettings) -> _RawPage:
    """A page with a text layer, its pictures of printed text read by OCR into its words (a listed company's
    report may print its statements as pictures among text): each large picture the text layer prints nothing
    on and that looks like print (mostly paper, a little ink), not a photograph. Its words carry their OCR
    confidence, as a scan's do; what OCR could not read is said in the page's note."""
    bare = [box for box in raw.pictures
            if sum(1 for w in raw.words if _inside(w, box)) < TEXT_IN_PICTURE_WORDS]
    if not bare:
        return raw
    try:
        overview = pictures.grey(raw.number, INK_RESOLUTION)
        printed = [box for box in bare if _looks_printed(overview, box, raw)]
        if not printed:
            return raw
        if not settings.enabled:
            return dataclasses.replace(raw, reading_note=Note.of("not_read_pictures_ocr_off", count=len(printed)))
        resolution = resolution_within(raw.width, raw.height, settings.resolution, MAX_PIXELS) or settings.resolution
        page_image = pictures.grey(raw.number, resolution)
        scale = page_image.width / raw.width
        added: list[Word] = []
        for box in printed:
            crop = page_image.crop((round(box.x0 * scale), round(box.top * scale), round(box.x1 * scale),
                                    round(box.bottom * scale)))
            for word in ocr_words(crop, box.width, box.height, settings):
                b = word.bbox
                added.append(dataclasses.replace(word, bbox=BBox(b.x0 + box.x0, b.top + box.top, b.x1 + box.x0,
                                                                 b.bottom + box.top)))
    except (OcrUnavailable, TimeoutError) as error:
        return dataclasses.replace(raw, reading_note=Note.of("not_read_picture_ocr_failed", error=str(error)))
    except Exception as error:  # noqa: BLE001 - a picture OCR fails on leaves the page's text layer as it was
        return dataclasses.replace(raw, reading_note=Note.of("not_read_picture_ocr_failed", error=describe_error(error)))
    words = tuple(sorted((*raw.words, *added), key=lambda w: (round(w.bbox.top), w.bbox.x0)))
    return dataclasses.replace(raw, words=words, reading_note=Note.of("pictures_read_by_ocr", count=len(printed)))


def _looks_printed(overview, box: BBox, raw: _RawPage) -> bool:
    """Whether a picture, in a low-resolution grey rendering of its page, looks like printed text: mostly paper,
    a little ink."""
    scale = overview.width / raw.width
    region = overview.crop((round(box.x0 * scale), round(box.top * scale), round(box.x1 * scale),
                            round(box.bottom * scale)))
    histogram = region.histogram()
    pixels = max(1, region.width * region.height)
    paper = sum(histogram[PAPER_LEVEL:]) / pixels
    ink = sum(histogram[:INK_LEVEL]) / pixels
    return paper >= PAPER_SHARE and INK_SHARE_RANGE[0] <= ink <= INK_SHARE_RANGE[1]


@dataclass(frozen=True)
class _Style:
    """What laying out a page needs to know of the whole document."""

    body_size: float
    body_bold: bool
    vocabulary: frozenset[str]  # the words the document prints, for dehyphenation
    min_gutter: float  # the narrowest gap between two columns, in points


def _lay_out(raw_pages: Sequence[_RawPage]) -> list[Page]:
    """Every page laid out: ruled tables, lines, furniture set apart, blocks in reading order, heading levels."""
    style = _document_style(raw_pages)
    found = [_ruled_tables(raw, style) for raw in raw_pages]
    ruled = [tables for tables, _ in found]
    line_rows = [_flow_rows(raw, tables) for raw, tables in zip(raw_pages, ruled, strict=True)]
    furniture = find_furniture(
        [(raw.height, _flat(rows)) for raw, rows in zip(raw_pages, line_rows, strict=True)], style.body_size
    )
    pages = [
        _lay_out_page(raw, rows, furniture_ids, tables, style, failed)
        for raw, rows, furniture_ids, (tables, failed) in zip(raw_pages, line_rows, furniture, found, strict=True)
    ]
    return _with_heading_levels(pages)


def _document_style(raw_pages: Sequence[_RawPage]) -> _Style:
    words = [w for page in raw_pages for w in page.words]
    body_size, body_bold = _body_style(words)
    return _Style(body_size, body_bold, document_vocabulary(w.text for w in words),
                  DEFAULT_LINE_SETTINGS.gap_em * body_size)


def _ruled_tables(raw: _RawPage, style: _Style) -> tuple[list[Table], Note | None]:
    """The tables drawn with rules on a page: they come first, and their words leave the text flow. A grid the
    finder fails on is left to the text flow, and the reason is given beside the tables."""
    tables, failed = [], None
    for grid in raw.grids:
        try:
            table = grid_to_table(grid, raw.words, style.vocabulary)
        except Exception as error:  # noqa: BLE001 - a table the finder cannot read never costs the page its text
            failed = Note.of("ruled_table_not_read", error=describe_error(error))
            continue
        if table is not None:
            tables.append(table)
    return tables, failed


def _flow_rows(raw: _RawPage, ruled: Sequence[Table]) -> list[list[Line]]:
    """The page's words outside its ruled tables, as rows of lines (a row can hold lines of several columns)."""
    words = [w for w in raw.words if w.upright and not any(_inside(w, t.bbox) for t in ruled)]
    return [rows_to_lines([row]) for row in words_to_rows(words)]


def _flat(rows: Sequence[Sequence[Line]]) -> list[Line]:
    return [line for row in rows for line in row]


def _lay_out_page(
    raw: _RawPage, rows: Sequence[Sequence[Line]], furniture_ids: Sequence[int], ruled: Sequence[Table], style: _Style,
    tables_failed: Note | None = None,
) -> Page:
    """One page: furniture set apart, unruled tables found in the body, the rest grouped into blocks, all in reading order."""
    lines = _flat(rows)
    furniture_lines = {id(lines[i]) for i in furniture_ids}
    body_rows = [kept for row in rows if (kept := [line for line in row if id(line) not in furniture_lines])]
    try:
        unruled = find_unruled_tables(body_rows, style.vocabulary)
    except Exception as error:  # noqa: BLE001 - the page keeps its text, read as paragraphs
        unruled = []
        tables_failed = Note.of("tables_not_found", error=describe_error(error))
    in_tables = {id(w) for t in unruled for cell in t.cells for w in cell.words}
    text_lines = [line for row in body_rows for line in row if not any(id(w) in in_tables for w in line.words)]
    blocks = [group_to_block(g, style.body_size, style.body_bold, style.vocabulary) for g in lines_to_groups(text_lines)]
    blocks += [_table_block(t) for t in (*ruled, *unruled)]
    return Page(
        number=raw.number,
        width=raw.width,
        height=raw.height,
        words=raw.words,
        rules=raw.rules,
        text_source=raw.text_source,
        reading_note=raw.reading_note,
        table_note=tables_failed,
        blocks=tuple(reading_order(blocks, lambda b: b.bbox, style.min_gutter)),
        furniture=(*(lines[i] for i in sorted(furniture_ids)), *rotated_lines(raw.words)),
    )


def _with_heading_levels(pages: Sequence[Page]) -> list[Page]:
    """The pages with each heading's level, ranked by size over the whole document."""
    levels = heading_levels([block for page in pages for block in page.blocks])

    def levelled(block: Block) -> Block:
        if block.kind is not BlockKind.HEADING:
            return block
        return dataclasses.replace(block, level=levels[round(max(line.size for line in block.lines), 1)])

    return [dataclasses.replace(page, blocks=tuple(levelled(b) for b in page.blocks)) for page in pages]


def _body_style(words: Sequence[Word]) -> tuple[float, bool]:
    """The font size and weight most characters of the document are set in."""
    sizes: Counter[float] = Counter()
    bold = 0
    for word in words:
        sizes[round(word.size, 1)] += len(word.text)
        bold += len(word.text) if word.bold else 0
    if not sizes:
        return 10.0, False
    total = sum(sizes.values())
    return sizes.most_common(1)[0][0], bold * 2 > total


def _table_block(table: Table) -> Block:
    return Block(kind=BlockKind.TABLE, lines=(), bbox=table.bbox, text=table.to_text(), table=table)


def _inside(word: Word, box: BBox) -> bool:
    return box.contains_point((word.bbox.x0 + word.bbox.x1) / 2, (word.bbox.top + word.bbox.bottom) / 2, 0.5)


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def describe_error(error: BaseException) -> str:
    """A readable reason for a parser error, looking inside pdfplumber's wrapper."""
    inner = error
    while inner.__cause__ is not None or (inner.args and isinstance(inner.args[0], BaseException)):
        inner = inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else inner.__cause__
    kind = type(inner).__name__
    message = str(inner).strip()
    if isinstance(inner, TimeoutError):
        return message or "exceeded its time budget"
    if "password" in kind.lower() or "encrypt" in kind.lower() or "password" in message.lower():
        return f"encrypted or password-protected ({kind})"
    return f"{kind}: {message}" if message else kind
