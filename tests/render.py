"""PDFs the tests render themselves, so that nothing depends on one file's layout.

Each function writes a PDF with reportlab from content the test chooses (text
lines placed explicitly, so a test decides exactly where a word breaks) and
returns its path. Fonts, sizes, margins and column counts are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas


@dataclass
class TextStyle:
    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 10.0
    leading: float = 12.5


@dataclass
class Column:
    """Lines of one column: ("h", text) for a heading, ("p", text) for a line, ("", "") for a blank."""

    lines: list[tuple[str, str]] = field(default_factory=list)


def _draw_lines(canvas: Canvas, x: float, y: float, lines: Sequence[tuple[str, str]], style: TextStyle) -> float:
    for kind, text in lines:
        if kind == "h":
            canvas.setFont(style.bold_font, style.size * 1.3)
            canvas.drawString(x, y, text)
            y -= style.leading * 1.6
        elif kind == "p":
            canvas.setFont(style.font, style.size)
            canvas.drawString(x, y, text)
            y -= style.leading
        else:
            y -= style.leading
    return y


def render_columns(
    path: Path,
    title: str,
    columns: Sequence[Column],
    style: TextStyle = TextStyle(),
    margin: float = 50.0,
    gutter: float = 24.0,
    footer: str | None = None,
    after: Sequence[tuple[str, str]] = (),
    pagesize=A4,
) -> Path:
    """One page: a full-width title, then the columns side by side, then full-width lines after."""
    width, height = pagesize
    canvas = Canvas(str(path), pagesize=pagesize)
    canvas.setFont(style.bold_font, style.size * 1.8)
    canvas.drawString(margin, height - margin, title)
    top = height - margin - style.size * 4
    column_width = (width - 2 * margin - gutter * (len(columns) - 1)) / len(columns)
    lowest = top
    for index, column in enumerate(columns):
        x = margin + index * (column_width + gutter)
        lowest = min(lowest, _draw_lines(canvas, x, top, column.lines, style))
    _draw_lines(canvas, margin, lowest - style.leading * 2, after, style)
    if footer:
        canvas.setFont(style.font, style.size * 0.8)
        canvas.drawRightString(width - margin, margin / 2, footer)
    canvas.showPage()
    canvas.save()
    return path


def render_pages(
    path: Path,
    pages: Sequence[Sequence[tuple[str, str]]],
    style: TextStyle = TextStyle(),
    header: str | None = None,
    footer_format: str | None = None,
    margin: float = 60.0,
    pagesize=A4,
) -> Path:
    """Several single-column pages, each with an optional running header and numbered footer."""
    width, height = pagesize
    canvas = Canvas(str(path), pagesize=pagesize)
    for number, lines in enumerate(pages, start=1):
        if header:
            canvas.setFont(style.font, style.size * 0.8)
            canvas.drawString(margin, height - margin / 2, header)
        _draw_lines(canvas, margin, height - margin - style.size * 2, lines, style)
        if footer_format:
            canvas.setFont(style.font, style.size * 0.8)
            canvas.drawCentredString(width / 2, margin / 2, footer_format.format(n=number, total=len(pages)))
        canvas.showPage()
    canvas.save()
    return path


@dataclass
class TableLayout:
    """How a table of label and amount columns is drawn."""

    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 9.0
    row_height: float = 16.0
    label_width: float = 260.0
    column_width: float = 80.0
    x: float = 50.0
    top: float = 120.0  # distance from the top of the page to the first row
    ruled: bool = False
    leaders: bool = False  # dotted leaders from label to first amount
    landscape: bool = False


def render_table(
    path: Path,
    rows: Sequence[Sequence[str]],
    layout: TableLayout = TableLayout(),
    heading: str | None = None,
    text_before: Sequence[str] = (),
    blank_pages_before: int = 0,
    beside: Sequence[str] = (),
    caption_lines: Sequence[tuple[str, Sequence[Sequence[str]]]] = (),
) -> Path:
    """A page holding a table: first cell of a row is its label, the others right-aligned amounts.

    A row of one cell is a section row; a label with "\\n" wraps onto a second line.
    `beside` is prose set in a column to the right of the table; `caption_lines`
    are further (caption, rows) tables drawn below it with the same layout.
    """
    pagesize = landscape(A4) if layout.landscape else A4
    width, height = pagesize
    canvas = Canvas(str(path), pagesize=pagesize)
    for _ in range(blank_pages_before):
        canvas.setFont(layout.font, layout.size)
        canvas.drawString(layout.x, height - 80, "Denna sida innehåller ingen tabell.")
        canvas.showPage()
    y = height - layout.top
    if heading:
        canvas.setFont(layout.bold_font, layout.size * 1.6)
        canvas.drawString(layout.x, y + layout.row_height * 2, heading)
    canvas.setFont(layout.font, layout.size)
    for line in text_before:
        canvas.drawString(layout.x, y + layout.row_height, line)
        y -= layout.row_height
    columns = max(len(r) for r in rows) - 1
    right = layout.x + layout.label_width + columns * layout.column_width
    if layout.ruled:
        canvas.setLineWidth(0.5)
    for row in rows:
        label_lines = row[0].split("\n")
        height_here = layout.row_height * len(label_lines)
        canvas.setFont(layout.font, layout.size)
        for i, text in enumerate(label_lines):
            canvas.drawString(layout.x + 3, y - layout.size - i * layout.size * 1.15, text)
        for index, amount in enumerate(row[1:], start=1):
            if not amount:
                continue
            x_right = layout.x + layout.label_width + index * layout.column_width - 4
            baseline = y - layout.size - (len(label_lines) - 1) * layout.size * 1.15
            canvas.drawRightString(x_right, baseline, amount)
            if layout.leaders and index == 1:
                start = layout.x + 3 + stringWidth(label_lines[-1], layout.font, layout.size) + 4
                end = x_right - stringWidth(amount, layout.font, layout.size) - 4
                dots = "." * max(0, int((end - start) / stringWidth(".", layout.font, layout.size)) - 1)
                canvas.drawString(start, baseline, dots)
        if layout.ruled:
            canvas.line(layout.x, y, right, y)
        y -= height_here
    if layout.ruled:
        canvas.line(layout.x, y, right, y)
        top = height - layout.top
        for x in [layout.x, layout.x + layout.label_width] + [
            layout.x + layout.label_width + i * layout.column_width for i in range(1, columns + 1)
        ]:
            canvas.line(x, top, x, y)
    if beside:
        canvas.setFont(layout.font, layout.size)
        for i, text in enumerate(beside):
            canvas.drawString(right + 30, height - layout.top - layout.size - i * layout.size * 1.3, text)
    for caption, more_rows in caption_lines:
        y -= layout.row_height * 2
        canvas.setFont(layout.font, layout.size)
        canvas.drawString(layout.x, y - layout.size, caption)
        y -= layout.row_height * 1.5
        for row in more_rows:
            canvas.drawString(layout.x + 3, y - layout.size, row[0])
            for index, amount in enumerate(row[1:], start=1):
                if amount:
                    x_right = layout.x + layout.label_width + index * layout.column_width - 4
                    canvas.drawRightString(x_right, y - layout.size, amount)
            y -= layout.row_height
    canvas.showPage()
    canvas.save()
    return path


def retypeset(source_document, path: Path, replace: dict[tuple[int, str], str] | None = None) -> Path:
    """A copy of a read document, every word set again at its place, some words changed.

    `replace` maps (page number, text of a run of words as printed, e.g.
    "1 071 642") to new text. Words are set in Helvetica, squeezed or
    stretched to the width they had, so the copy has the original's geometry;
    ruling lines are drawn again.
    """
    replace = dict(replace or {})
    canvas = None
    for page in source_document.pages:
        if canvas is None:
            canvas = Canvas(str(path), pagesize=(page.width, page.height))
        canvas.setPageSize((page.width, page.height))
        words = list(page.words)
        skip: set[int] = set()
        for (number, old), new in list(replace.items()):
            if number != page.number:
                continue
            tokens = old.split()
            for i in range(len(words) - len(tokens) + 1):
                if [w.text for w in words[i : i + len(tokens)]] == tokens:
                    first, last = words[i], words[i + len(tokens) - 1]
                    _draw_word(canvas, page.height, new, first.bbox.x0, last.bbox.x1, first)
                    skip.update(range(i, i + len(tokens)))
                    del replace[(number, old)]
                    break
        for i, word in enumerate(words):
            if i not in skip:
                _draw_word(canvas, page.height, word.text, word.bbox.x0, word.bbox.x1, word)
        canvas.setLineWidth(0.5)
        for rule in page.rules:
            canvas.line(rule.x0, page.height - rule.top, rule.x1, page.height - rule.bottom)
        canvas.showPage()
    if replace:
        raise ValueError(f"not found to replace: {sorted(replace)}")
    canvas.save()
    return path


def _draw_word(canvas: Canvas, page_height: float, text: str, x0: float, x1: float, like) -> None:
    font = "Helvetica-Bold" if like.bold else "Helvetica"
    natural = stringWidth(text, font, like.size) or 1.0
    baseline = page_height - like.bbox.bottom + like.size * 0.22
    text_object = canvas.beginText(x0, baseline)
    text_object.setFont(font, like.size)
    text_object.setHorizScale(100.0 * (x1 - x0) / natural)
    text_object.textOut(text)
    # A space after each word keeps the words apart for a reader, whatever the gap.
    text_object.setHorizScale(10.0)
    text_object.textOut(" ")
    canvas.drawText(text_object)


def scanned_copy(source: Path, page_number: int, path: Path, dpi: int = 150, skew_degrees: float = 0.5,
                 grain: float = 8.0, text_layer: str | None = None, stamp: str | None = None) -> Path:
    """One page of a PDF as a scanner gives it back: drawn at `dpi` in grey, turned by `skew_degrees`, with
    grain of that strength, and embedded as the only thing on an image-only page of the same size.

    `text_layer` lays invisible text over the picture (what a scanner's own bad OCR, or a broken font, leaves);
    `stamp` prints a line of real text in the bottom margin (an e-signing service's stamp on a scan)."""
    import pypdfium2
    from PIL import Image, ImageChops
    from reportlab.lib.utils import ImageReader

    pdf = pypdfium2.PdfDocument(str(source))
    try:
        page = pdf[page_number - 1]
        width, height = page.get_size()
        picture = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    picture = picture.rotate(skew_degrees, resample=Image.BICUBIC, fillcolor=255)
    if grain:
        picture = ImageChops.add(picture, Image.effect_noise(picture.size, grain), offset=-128)
    canvas = Canvas(str(path), pagesize=(width, height))
    canvas.drawImage(ImageReader(picture.convert("RGB")), 0, 0, width, height)
    if text_layer:
        hidden = canvas.beginText(40, height - 40)
        hidden.setTextRenderMode(3)  # invisible: in the text layer only
        hidden.setFont("Helvetica", 9)
        for line in text_layer.splitlines():
            hidden.textLine(line)
        canvas.drawText(hidden)
    if stamp:
        canvas.setFont("Helvetica", 7)
        canvas.drawString(40, 14, stamp)
    canvas.showPage()
    canvas.save()
    return path


def render_grid(path: Path, header: Sequence[Sequence[str]], body: Sequence[Sequence[str]], rules: str = "none",
                label_width: float = 170.0, column_width: float = 80.0, size: float = 9.0) -> Path:
    """A page with one table as statistics tables print it: a label column, then columns of values right-aligned
    (header cells centred over their column); a cell with "\\n" runs over several lines.

    `rules`: "none"; "grid" (every row and column ruled); "columns" (rules between columns only, and above and
    below the table: a whole column of figures between two rules); "header" (one rule under the header only);
    "double" (the grid with every column rule drawn twice, 2 points apart); "column-box" (only the first column of
    values ruled, row by row); "header-columns" (every row ruled, the column rules drawn in the header only)."""
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    x0, top, leading = 60.0, height - 100.0, size * 1.25
    columns = max(len(row) for row in (*header, *body))
    edges = [x0, x0 + label_width] + [x0 + label_width + i * column_width for i in range(1, columns)]
    y = top
    row_tops = []
    for header_row, row in [(True, r) for r in header] + [(False, r) for r in body]:
        row_tops.append(y)
        lines_here = max(len(cell.split("\n")) for cell in row)
        for index, cell in enumerate(row):
            for i, text in enumerate(cell.split("\n")):
                baseline = y - size - i * leading
                canvas.setFont("Helvetica-Bold" if header_row else "Helvetica", size)
                if index == 0:
                    canvas.drawString(x0 + 3, baseline, text)
                elif header_row:
                    canvas.drawCentredString(edges[index] + column_width / 2, baseline, text)
                else:
                    canvas.drawRightString(edges[index] + column_width - 4, baseline, text)
        y -= lines_here * leading + 4
    bottom = y
    canvas.setLineWidth(0.5)
    verticals = [*edges, edges[-1] + column_width]
    if rules in ("grid", "double"):
        for row_top in [*row_tops, bottom]:
            canvas.line(x0, row_top, verticals[-1], row_top)
    if rules in ("grid", "double", "columns"):
        for x in verticals:
            canvas.line(x, top, x, bottom)
            if rules == "double":
                canvas.line(x + 2, top, x + 2, bottom)
    if rules == "columns":
        canvas.line(x0, top, verticals[-1], top)
        canvas.line(x0, row_tops[len(header)], verticals[-1], row_tops[len(header)])
        canvas.line(x0, bottom, verticals[-1], bottom)
    if rules == "header":
        canvas.line(x0, row_tops[len(header)] + 1, verticals[-1], row_tops[len(header)] + 1)
    if rules == "header-columns":  # every row ruled, the columns ruled in the header only, the whole boxed
        for row_top in [*row_tops, bottom]:
            canvas.line(x0, row_top, verticals[-1], row_top)
        for x in verticals:
            canvas.line(x, top, x, row_tops[len(header)])
        canvas.line(verticals[0], top, verticals[0], bottom)
        canvas.line(verticals[-1], top, verticals[-1], bottom)
    if rules == "column-box":  # this year's column boxed, each row ruled inside it, as some statements print it
        for row_top in [*row_tops, bottom]:
            canvas.line(verticals[1], row_top, verticals[2], row_top)
        canvas.line(verticals[1], top, verticals[1], bottom)
        canvas.line(verticals[2], top, verticals[2], bottom)
    canvas.showPage()
    canvas.save()
    return path


@dataclass(frozen=True)
class PrintedStatement:
    """A statement as a report prints it, for `render_statements`: a heading, a unit line, bands over groups of
    columns, a header per column (its lines top to bottom; "" for a Not column's "Not"), and rows of a label and
    its cells as printed ("" where nothing is printed)."""

    heading: str
    columns: Sequence[Sequence[str]]  # each column's header lines, top to bottom
    rows: Sequence[tuple[str, Sequence[str]]]
    unit_line: str | None = None
    bands: Sequence[tuple[str, int, int]] = ()  # (text, first column, last column) centred over those columns
    note_columns: frozenset[int] = frozenset()  # the columns that print note numbers (centred, not right-aligned)
    prose: Sequence[str] = ()  # lines printed under the statement


def render_statements(path: Path, statements: Sequence[PrintedStatement], front: Sequence[str] = (),
                      first_right: float = 330.0, column_width: float = 62.0, size: float = 9.0,
                      as_picture: bool = False, picture_dpi: int = 200) -> Path:
    """A report of one page per statement (after a front page with `front`'s lines). Columns stand right of the
    labels, `column_width` apart, their amounts right-aligned (a Not column's numbers centred).

    `as_picture` prints each statement's table (everything but its heading) as a picture of itself, the way some
    listed companies' reports do, on a page whose heading and prose stay text."""
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 11)
    for number, line in enumerate(front):
        canvas.drawString(60, height - 80 - 16 * number, line)
    canvas.showPage()
    for statement in statements:
        canvas.setFont("Helvetica-Bold", 15)
        canvas.drawString(50, height - 60, statement.heading)
        if as_picture:
            table = _statement_picture(statement, first_right, column_width, size, picture_dpi)
            from reportlab.lib.utils import ImageReader

            shown_width = table.width * 72 / picture_dpi
            shown_height = table.height * 72 / picture_dpi
            canvas.drawImage(ImageReader(table.convert("RGB")), 40, height - 80 - shown_height, shown_width, shown_height)
            y = height - 100 - shown_height
        else:
            y = _draw_statement_table(canvas, statement, height - 90, first_right, column_width, size)
        canvas.setFont("Helvetica", size)
        for line in statement.prose:
            y -= size * 1.6
            canvas.drawString(50, y, line)
        canvas.showPage()
    canvas.save()
    return path


def _draw_statement_table(canvas: Canvas, statement: PrintedStatement, y: float, first_right: float,
                          column_width: float, size: float, left: float = 50.0) -> float:
    rights = [first_right + column_width * index for index in range(len(statement.columns))]
    canvas.setFont("Helvetica", size)
    if statement.unit_line:
        canvas.drawString(left, y, statement.unit_line)
        y -= size * 2
    canvas.setFont("Helvetica-Bold", size)
    for text, first, last in statement.bands:
        middle = (rights[first] - column_width * 0.4 + rights[last]) / 2
        canvas.drawCentredString(middle, y, text)
    if statement.bands:
        y -= size * 1.5
    depth = max(len(header) for header in statement.columns)
    for line_no in range(depth):
        for index, header in enumerate(statement.columns):
            lines = list(header)
            offset = depth - len(lines)  # shorter headers stand at the bottom, over the amounts
            if line_no >= offset:
                text = lines[line_no - offset]
                if index in statement.note_columns:
                    canvas.drawCentredString(rights[index] - column_width * 0.3, y, text)
                else:
                    canvas.drawRightString(rights[index], y, text)
        y -= size * 1.3
    y -= size * 0.5
    for label, cells in statement.rows:
        canvas.setFont("Helvetica-Bold" if not any(cells) else "Helvetica", size)
        canvas.drawString(left, y, label)
        canvas.setFont("Helvetica", size)
        for index, cell in enumerate(cells):
            if not cell:
                continue
            if index in statement.note_columns:
                canvas.drawCentredString(rights[index] - column_width * 0.3, y, cell)
            else:
                canvas.drawRightString(rights[index], y, cell)
        y -= size * 1.6
    return y


def _statement_picture(statement: PrintedStatement, first_right: float, column_width: float, size: float, dpi: int):
    """A statement's table drawn on its own page and rendered to a grey picture, cropped to what is printed."""
    import tempfile

    import pypdfium2
    from PIL import ImageOps

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "table.pdf"
        canvas = Canvas(str(source), pagesize=A4)
        _draw_statement_table(canvas, statement, A4[1] - 40, first_right, column_width, size, left=10.0)
        canvas.showPage()
        canvas.save()
        pdf = pypdfium2.PdfDocument(str(source))
        try:
            picture = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        finally:
            pdf.close()
    box = ImageOps.invert(picture).getbbox()
    margin = dpi // 6
    return picture.crop((max(0, box[0] - margin), max(0, box[1] - margin), min(picture.width, box[2] + margin),
                         min(picture.height, box[3] + margin)))
