"""Finding tables: ruled ones from their lines, unruled ones from aligned numbers.

Ruled tables are found by pdfplumber's own table finder on the page's ruling
lines and rectangles; each cell is then filled from the document model's words
so that every cell keeps the positions of what it holds.

Unruled tables are found from their numbers. A financial table is a run of rows
whose right-hand cells are amounts standing in the same columns:

    rows_to_cells        each row: its lines, with runs of amounts split into cells
    find_numeric_runs    consecutive rows whose amount cells share columns
    run_to_table         the run with its labels, section rows and wrapped labels

A label is the line just left of a row's first amount, in the label column of
the table (which keeps a neighbouring text column out). A label-only row set
tight under an amount row continues that row's label ("..., se bilaga 2"); one
set at the ordinary spacing is a section row of its own ("Verksamhetens
kostnader"). A line of prose crossing the amount columns ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from extractors.pdf.hyphenation import join_lines
from extractors.pdf.lines import rows_to_lines, words_to_rows
from extractors.pdf.model import BBox, Cell, Line, Table, Word, bbox_of
from extractors.pdf.table_numbers import NO_NUMBER, is_number, is_value_beside_numbers
from extractors.years import YEAR


@dataclass(frozen=True)
class TableSettings:
    """How tables are found.

    min_numeric_rows: an unruled table has at least this many rows of amounts.
    amount_gap_em: inside a run of numbers, a gap wider than this (in ems)
        separates two amounts; a thousands separator is narrower.
    wrapped_label_gap_em: a label-only row closer than this under an amount
        row continues its label.
    max_row_gap_em: a vertical blank wider than this ends an unruled table.
    max_header_gap_em: a header row stands no further than this above the row below it.
    """

    min_numeric_rows: int = 2
    amount_gap_em: float = 0.45
    wrapped_label_gap_em: float = 0.4
    max_row_gap_em: float = 3.5
    max_header_gap_em: float = 1.5
    min_ruled_rows: int = 2
    min_ruled_columns: int = 2
    min_ruled_one_column_rows: int = 3  # a ruled grid of one column is a table from this many rows (a box is not)

    def __post_init__(self) -> None:
        if self.min_numeric_rows < 1:
            raise ValueError(f"min_numeric_rows must be at least 1, got {self.min_numeric_rows}")
        for name in ("amount_gap_em", "wrapped_label_gap_em", "max_row_gap_em"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")


DEFAULT_TABLE_SETTINGS = TableSettings()

RULED_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


# ---------------------------------------------------------------- ruled tables


def grid_to_table(
    grid: Sequence[Sequence[BBox | None]],
    words: Sequence[Word],
    vocabulary: Collection[str] = frozenset(),
    settings: TableSettings = DEFAULT_TABLE_SETTINGS,
) -> Table | None:
    """A ruled table from the cell boxes pdfplumber's finder drew, filled from the model's words.

    Rows with nothing printed are dropped; a grid smaller than the settings
    allow (a box drawn around a paragraph) is not a table.
    """
    placed = _placed(words)
    rows = [tuple(_fill_cell(box, placed, vocabulary) for box in row) for row in grid]
    rows = _completed_columns(rows, vocabulary)
    rows = [split for row in rows for split in _split_stacked(row)]
    rows = [row for row in rows if any(cell is not None and cell.text for cell in row)]
    if rows:
        rows = _without_empty_columns(rows)  # the gap between a double rule is no column
    columns = max((len(row) for row in rows), default=0)
    # A ruled grid of one column is a list when it holds words; one of figures is a shaded or boxed column of a
    # table laid out beside it, which the unruled finder reads whole.
    one_column_list = (columns == 1 and len(rows) >= settings.min_ruled_one_column_rows
                       and sum(1 for row in rows if row[0] is not None and _is_value(row[0].text)) * 2 < len(rows))
    if len(rows) < settings.min_ruled_rows or (columns < settings.min_ruled_columns and not one_column_list):
        return None
    boxes = [box for row in grid for box in row if box is not None]
    bbox = BBox(min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes), max(b.bottom for b in boxes))
    return Table(rows=tuple(rows), bbox=bbox, ruled=True)


MIN_STACKED_LINES = 3


def _completed_columns(rows: list[tuple[Cell | None, ...]], vocabulary: Collection[str]) -> list[tuple[Cell | None, ...]]:
    """Rows whose rules leave out the column rules (drawn only in the header) split into the columns the ruled
    rows draw: a cell spanning several columns whose words stand in several of them is divided by where each
    word stands."""
    drawn = max(rows, key=lambda row: sum(1 for cell in row if cell is not None), default=())
    if sum(1 for cell in drawn if cell is not None) < 2:
        return rows
    spans = [(cell.bbox.x0, cell.bbox.x1) if cell is not None else None for cell in drawn]
    completed = []
    for row in rows:
        wide = [c for c, cell in enumerate(row) if cell is not None and cell.words
                and sum(1 for span in spans if span and cell.bbox.x0 - 1 <= span[0] and span[1] <= cell.bbox.x1 + 1) >= 2]
        if not wide:
            completed.append(row)
            continue
        cells: list[Cell | None] = list(row)
        for c in wide:
            cell = cells[c]
            by_column: dict[int, list[Word]] = {}
            for word in cell.words:
                middle = (word.bbox.x0 + word.bbox.x1) / 2
                column = next((i for i, span in enumerate(spans) if span and span[0] <= middle <= span[1]), None)
                by_column.setdefault(column, []).append(word)
            if len(by_column) < 2 or None in by_column:
                continue  # the words stand in one column, or some between the columns drawn: left as drawn
            for column, column_words in by_column.items():
                box = BBox(spans[column][0], cell.bbox.top, spans[column][1], cell.bbox.bottom)
                cells[column] = _fill_cell(box, _placed(column_words), vocabulary)
        completed.append(tuple(cells))
    return completed


def _split_stacked(row: tuple[Cell | None, ...]) -> list[tuple[Cell | None, ...]]:
    """A ruled row that holds several printed rows, split into them.

    Rules drawn only between columns (or only under the header) leave a whole column of figures in one grid
    cell. Where two or more cells of a grid row each hold three lines or more, most of them numbers, the lines are grouped by their
    height on the page across the row, and each group is a row of its own; a group with text only in the first
    column continues the label above it (a wrapped label). Other rows stand as drawn."""
    lines = [rows_to_lines(words_to_rows(cell.words)) if cell is not None and cell.words else [] for cell in row]
    stacked = [cell_lines for cell_lines in lines if len(cell_lines) >= MIN_STACKED_LINES
               and sum(1 for line in cell_lines if _is_value(line.text)) * 2 >= len(cell_lines)]
    if len(stacked) < 2:  # a header's words over several lines are one cell
        return [row]
    placed = sorted((((line.bbox.top + line.bbox.bottom) / 2, column, line)
                     for column, cell_lines in enumerate(lines) for line in cell_lines), key=lambda item: item[:2])
    tolerance = 0.5 * median(line.bbox.height for _, _, line in placed)
    groups: list[list[tuple[float, int, Line]]] = []
    for item in placed:
        if groups and item[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    split: list[list[list[Line]]] = []
    for group in groups:
        by_column: list[list[Line]] = [[] for _ in row]
        for _, column, line in group:
            by_column[column].append(line)
        if split and all(not lines for lines in by_column[1:]) and by_column[0]:
            split[-1][0].extend(by_column[0])  # the wrapped end of the label above
        else:
            split.append(by_column)
    return [tuple(None if row[c] is None else _lines_cell(cell_lines, row[c].bbox)
                  for c, cell_lines in enumerate(columns)) for columns in split]


def _is_value(text: str) -> bool:
    return is_number(text) or text.strip().lower() in NO_NUMBER or all(is_number(part) for part in text.split())


def _lines_cell(lines: Sequence[Line], grid_box: BBox) -> Cell:
    return _cell_of_lines(lines) if lines else Cell(text="", bbox=grid_box)


def _cell_of_lines(lines: Sequence[Line]) -> Cell:
    """A cell of these lines, top to bottom: read as one run of text, and kept line by line as printed."""
    return Cell(text=join_lines([line.text for line in lines]), bbox=bbox_of(lines),
                words=tuple(w for line in lines for w in line.words), lines=tuple(line.text for line in lines))


def _placed(words: Sequence[Word]) -> list[tuple[Word, float, float]]:
    """Each word with its centre, which says the cell it stands in."""
    return [(word, *_center(word.bbox)) for word in words]


def _fill_cell(box: BBox | None, placed: Sequence[tuple[Word, float, float]], vocabulary: Collection[str]) -> Cell | None:
    if box is None:
        return None
    x0, top, x1, bottom = box.x0, box.top, box.x1, box.bottom
    inside = [word for word, x, y in placed if x0 <= x <= x1 and top <= y <= bottom]
    if not inside:
        return Cell(text="", bbox=box)
    lines = tuple(line.text for line in rows_to_lines(words_to_rows(inside)))
    return Cell(text=join_lines(lines, vocabulary), bbox=box, words=tuple(inside), lines=lines)


def _center(box: BBox) -> tuple[float, float]:
    return ((box.x0 + box.x1) / 2, (box.top + box.bottom) / 2)


# -------------------------------------------------------------- unruled tables


@dataclass
class _Row:
    """One row of a page as the unruled finder sees it."""

    texts: list[Line]  # lines that are not amounts
    amounts: list[Cell]  # amount cells, left to right
    bbox: BBox
    size: float


def rows_to_cells(line_rows: Sequence[Sequence[Line]], settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> list[_Row]:
    """Each row's lines, with lines made only of amounts split into amount cells."""
    rows = []
    for lines in line_rows:
        texts: list[Line] = []
        amounts: list[Cell] = []
        for line in lines:
            cells = split_amounts(line, settings)
            if cells is None:
                texts.append(line)
            else:
                amounts.extend(cells)
        if amounts:  # a range or a mark standing among the row's numbers is one of its values ("Ref.", "(1.1–1.2)")
            first = min(cell.bbox.x0 for cell in amounts)
            values = [line for line in texts if line.bbox.x0 > first and is_value_beside_numbers(line.text)]
            texts = [line for line in texts if line not in values]
            amounts = sorted([*amounts, *(Cell(text=v.text, bbox=v.bbox, words=v.words) for v in values)],
                             key=lambda cell: cell.bbox.x0)
        size = median(line.size for line in lines)
        rows.append(_Row(texts=texts, amounts=amounts, bbox=bbox_of(lines), size=size))
    return rows


def split_amounts(line: Line, settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> list[Cell] | None:
    """The amounts a line is made of, or None if it holds anything else."""
    cells: list[list[Word]] = []
    for word in line.words:
        if cells:
            previous = cells[-1][-1]
            gap = word.bbox.x0 - previous.bbox.x1
            joined = " ".join(w.text for w in cells[-1] + [word])
            # A thousands space is at most about a digit wide (in a monospaced
            # font exactly so), so the limit follows the font's own digits.
            digit_width = word.bbox.width / max(len(word.text), 1)
            limit = max(settings.amount_gap_em * word.size, 1.15 * digit_width)
            if gap <= limit and is_number(joined) and not _starts_amount(word.text):
                cells[-1].append(word)
                continue
        cells.append([word])
    result = []
    for words in cells:
        text = " ".join(w.text for w in words)
        if not (is_number(text) or text.lower() in NO_NUMBER):
            return None
        result.append(Cell(text=text, bbox=bbox_of(words), words=tuple(words)))
    return result


def _starts_amount(text: str) -> bool:
    return text[:1] in "-\u2013\u2212("


def find_unruled_tables(
    line_rows: Sequence[Sequence[Line]],
    vocabulary: Collection[str] = frozenset(),
    settings: TableSettings = DEFAULT_TABLE_SETTINGS,
) -> list[Table]:
    """Tables found from columns of amounts in rows of lines (top to bottom)."""
    rows = rows_to_cells(line_rows, settings)
    tables = []
    for run in find_numeric_runs(rows, settings):
        table = run_to_table(rows, run, vocabulary, settings)
        if table is not None and not is_line_numbering(table):
            tables.append(table)
    return tables


def is_line_numbering(table: Table) -> bool:
    """A single column counting 1, 2, 3 ... beside lines of text numbers the lines; it is no table."""
    if len(table.rows[0]) != 2:
        return False
    numbers = []
    for row in table.rows:
        cell = row[1]
        if cell is None:
            continue
        text = cell.text.strip()
        if not text.isdigit():
            return False
        numbers.append(int(text))
    steps = {b - a for a, b in pairwise(numbers)}
    return len(numbers) >= 3 and steps == {1}


def _columns_of(cells: Sequence[Cell]) -> list[tuple[float, float]]:
    return [(c.bbox.x0, c.bbox.x1) for c in cells]


def _shares_column(columns: list[tuple[float, float]], cell: Cell) -> int | None:
    for index, (x0, x1) in enumerate(columns):
        if min(x1, cell.bbox.x1) - max(x0, cell.bbox.x0) > 0 or (x0 - 0.5 <= cell.bbox.x0 and cell.bbox.x1 <= x1 + 0.5):
            return index  # overlapping, or within it (a glyph some fonts give no width)
    return None


def find_numeric_runs(
    rows: Sequence[_Row], settings: TableSettings = DEFAULT_TABLE_SETTINGS
) -> list[tuple[int, int, list[tuple[float, float]]]]:
    """Spans of rows (first, last index) whose amounts stand in shared columns.

    Rows without amounts inside a span (section rows, wrapped labels) are kept
    as long as they stay clear of the amount columns and no blank wider than
    `max_row_gap_em` opens; the span ends at its last row of amounts.
    """
    runs = []
    start: int | None = None
    columns: list[tuple[float, float]] = []
    last_numeric = -1
    last_bottom = 0.0
    for index, row in enumerate(rows):
        if start is not None and row.bbox.top - last_bottom > settings.max_row_gap_em * row.size:
            runs.append((start, last_numeric, columns))
            start, columns = None, []
        if row.amounts:
            if start is not None and all(_shares_column(columns, c) is not None for c in row.amounts):
                for cell in row.amounts:
                    i = _shares_column(columns, cell)
                    columns[i] = (min(columns[i][0], cell.bbox.x0), max(columns[i][1], cell.bbox.x1))
            else:
                if start is not None:
                    runs.append((start, last_numeric, columns))
                start, columns = index, _columns_of(row.amounts)
            last_numeric, last_bottom = index, row.bbox.bottom
        elif start is not None:
            if _crosses_columns(row, columns):
                runs.append((start, last_numeric, columns))
                start, columns = None, []
            else:
                last_bottom = row.bbox.bottom
    if start is not None:
        runs.append((start, last_numeric, columns))
    numeric_rows = lambda run: sum(1 for r in rows[run[0] : run[1] + 1] if r.amounts)
    return [run for run in runs if numeric_rows(run) >= settings.min_numeric_rows]


def _crosses_columns(row: _Row, columns: list[tuple[float, float]]) -> bool:
    """Whether a row without amounts is prose running across the table: a line over two or more of its columns
    (a section row's one word in the first column, "Projected" over the years, is not)."""
    return any(sum(1 for x0, x1 in columns if line.bbox.x1 > x0 and line.bbox.x0 < x1) >= 2 for line in row.texts)


@dataclass(frozen=True)
class _LabelColumn:
    """Where a run's labels stand: left of its first amount column, from about `x0` on."""

    x0: float
    tolerance: float
    left_edge: float  # where the amounts begin
    right: float = 0.0  # where the widest label ends

    def lines(self, row: _Row) -> list[Line]:
        """The row's lines that stand in the label column."""
        return [line for line in row.texts if self.holds(line)]

    def holds(self, line: Line) -> bool:
        return line.bbox.x1 <= self.left_edge + 0.5 and line.bbox.x0 >= self.x0 - self.tolerance


def run_to_table(
    rows: Sequence[_Row],
    run: tuple[int, int, list[tuple[float, float]]],
    vocabulary: Collection[str],
    settings: TableSettings = DEFAULT_TABLE_SETTINGS,
) -> Table | None:
    """The table of a run: labels found, wrapped labels joined, columns ordered."""
    first, last, columns = run
    columns = sorted(columns)
    labels = _label_column(rows, first, last, columns[0][0])
    last = _past_wrapped_label(rows, last, labels, settings)
    built = [
        _table_row(texts, cells, vocabulary)
        for texts, cells in _rows_of_run(rows, first, last, columns, labels, settings)
    ]
    if not built:
        return None
    header = _header_rows(rows, first, columns, labels, settings)
    built = _without_empty_columns([*header, *built])
    all_cells = [cell for row in built for cell in row if cell is not None]
    return Table(rows=tuple(built), bbox=bbox_of(all_cells), ruled=False)


MAX_HEADER_ROWS = 6
MAX_HEADER_WORDS = 8  # a header line longer than this is a caption


def _header_rows(
    rows: Sequence[_Row], first: int, columns: list[tuple[float, float]], labels: _LabelColumn, settings: TableSettings
) -> list[tuple[Cell | None, ...]]:
    """The header rows printed above a run's first row: rows without amounts, close above, with at least one
    line standing over an amount column (a title beside the table is not a header), each line in the column
    it stands over. A line set tight under a header line of the same column continues its cell ("Cycle" over
    "Name" is one cell, "Cycle\nName"); a line spanning several columns stands in the first of them."""
    taken: list[_Row] = []
    below = rows[first]
    index = first - 1
    while index >= 0 and len(taken) < MAX_HEADER_ROWS:
        row = _years_as_text(rows[index])
        if row.amounts or not row.texts or below.bbox.top - row.bbox.bottom > settings.max_header_gap_em * row.size:
            break
        placed = [_header_column(line, columns, labels) for line in row.texts]
        if any(column is None for column in placed):
            break  # a line beside the table: not a header
        if not any(column for column in placed) and not _section_row(row, below):
            break  # only the label column's, and not a short section row like the table's own: a title
        if any(len(line.words) > MAX_HEADER_WORDS for line in row.texts):
            break  # a sentence: the table's caption
        taken.insert(0, row)
        below = row
        index -= 1
    grid: list[list[list[Line]]] = []
    previous: _Row | None = None
    for row in taken:
        lines_by_column: dict[int, list[Line]] = {}
        for line in row.texts:
            lines_by_column.setdefault(_header_column(line, columns, labels), []).append(line)
        tight = previous is not None and row.bbox.top - previous.bbox.bottom < settings.wrapped_label_gap_em * row.size
        if grid and tight and all(grid[-1][c] for c in lines_by_column):
            for column, lines in lines_by_column.items():
                grid[-1][column].extend(lines)
        else:
            grid.append([lines_by_column.get(c, []) for c in range(len(columns) + 1)])
        previous = row
    return [tuple(_header_cell(lines) for lines in row) for row in grid]


_YEAR = re.compile(rf"^{YEAR}(?:[/–-]\d{{2,4}})?$")  # a year column's header: "2023", "2022/23", "2022-2023"


def _years_as_text(row: _Row) -> _Row:
    """A row whose numbers are all years ("2023   2022" over the columns they head) as a row of header text."""
    if not row.amounts or not all(_YEAR.match(cell.text.strip()) for cell in row.amounts):
        return row
    years = [Line.of(cell.words) for cell in row.amounts if cell.words]
    return _Row(texts=[*row.texts, *years], amounts=[], bbox=row.bbox, size=row.size)


def _section_row(row: _Row, below: _Row) -> bool:
    """A short line in the label column, set like the table's rows ("Sex" above "Male"): a row of the table."""
    return all(len(line.words) <= 4 for line in row.texts) and row.size <= below.size + 0.5


def _header_column(line: Line, columns: list[tuple[float, float]], labels: _LabelColumn) -> int | None:
    """The table column a header line stands in: 0 for the label column, 1.. for the amount columns; None when it
    stands clear of them all."""
    over = [i for i, (x0, x1) in enumerate(columns) if line.bbox.x1 > x0 - 2 and line.bbox.x0 < x1 + 2]
    if over:
        return over[0] + 1
    if line.bbox.x0 < labels.x0 - labels.tolerance or line.bbox.x0 > columns[-1][1]:
        return None  # beside the table
    # Between columns: the column whose middle is nearest (a header centred over right-aligned numbers
    # stands out left of them); the label column's middle is that of its labels.
    middle = (line.bbox.x0 + line.bbox.x1) / 2
    middles = [(labels.x0 + max(labels.right, labels.x0)) / 2, *((x0 + x1) / 2 for x0, x1 in columns)]
    return min(range(len(middles)), key=lambda i: abs(middles[i] - middle))


def _header_cell(lines: Sequence[Line]) -> Cell | None:
    return _cell_of_lines(sorted(lines, key=lambda line: (round(line.bbox.top), line.bbox.x0))) if lines else None


def _without_empty_columns(rows: list[tuple[Cell | None, ...]]) -> list[tuple[Cell | None, ...]]:
    """The rows without the columns that hold nothing in any row (a label column no row has, a spacer)."""
    width = max(len(row) for row in rows)
    kept = [c for c in range(width) if any(c < len(row) and row[c] is not None and row[c].text for row in rows)]
    return [tuple(row[c] if c < len(row) else None for c in kept) for row in rows]


def _label_column(rows: Sequence[_Row], first: int, last: int, left_edge: float) -> _LabelColumn:
    """The label column of a run: where the labels nearest its amounts stand, within two lines' height."""
    labels = [_nearest_label(rows[i], left_edge) for i in range(first, last + 1) if rows[i].amounts]
    label_x0s = [line.bbox.x0 for line in labels if line is not None]
    if not label_x0s:
        return _LabelColumn(left_edge, 0.0, left_edge, left_edge)
    return _LabelColumn(median(label_x0s), 2.0 * median(rows[i].size for i in range(first, last + 1)), left_edge,
                        max(line.bbox.x1 for line in labels if line is not None))


def _past_wrapped_label(rows: Sequence[_Row], last: int, labels: _LabelColumn, settings: TableSettings) -> int:
    """The run's last row, taking in the wrapped label of its last row of amounts (below it, tight)."""
    while last + 1 < len(rows) and not rows[last + 1].amounts and labels.lines(rows[last + 1]):
        if rows[last + 1].bbox.top - rows[last].bbox.bottom >= settings.wrapped_label_gap_em * rows[last + 1].size:
            break
        last += 1
    return last


def _rows_of_run(
    rows: Sequence[_Row],
    first: int,
    last: int,
    columns: list[tuple[float, float]],
    labels: _LabelColumn,
    settings: TableSettings,
) -> list[tuple[list[Line], list[Cell | None]]]:
    """The run's table rows as (label lines, amount cells by column): wrapped labels joined to their row."""
    table_rows: list[tuple[list[Line], list[Cell | None]]] = []
    previous_bottom = None
    for index in range(first, last + 1):
        row = rows[index]
        texts = labels.lines(row)
        tight = previous_bottom is not None and row.bbox.top - previous_bottom < settings.wrapped_label_gap_em * row.size
        if not row.amounts:
            over = _in_one_column(row, columns, labels)
            if over and not texts:  # a section row over an amount column ("Projected" over the years)
                table_rows.append(([], over))
                previous_bottom = row.bbox.bottom
                continue
            if not texts:
                continue
            if tight and table_rows and any(table_rows[-1][1]):
                table_rows[-1][0].extend(texts)  # the wrapped end of the label above
            else:
                table_rows.append((texts, [None] * len(columns)))
            previous_bottom = row.bbox.bottom
            continue
        cells: list[Cell | None] = [None] * len(columns)
        for cell in row.amounts:
            cells[_shares_column(columns, cell)] = cell
        # A label printed just above its amounts, at the tight leading of a
        # wrapped line, belongs to this row rather than standing as a section row.
        if tight and table_rows and not any(table_rows[-1][1]):
            texts = table_rows.pop()[0] + texts
        table_rows.append((texts, cells))
        previous_bottom = row.bbox.bottom
    return table_rows


def _in_one_column(row: _Row, columns: list[tuple[float, float]], labels: _LabelColumn) -> list[Cell | None] | None:
    """A row without amounts whose lines each stand over one amount column (none in the label column), as cells
    in those columns; None for any other row."""
    cells: list[Cell | None] = [None] * len(columns)
    for line in row.texts:
        over = [i for i, (x0, x1) in enumerate(columns) if line.bbox.x1 > x0 and line.bbox.x0 < x1]
        if len(over) != 1 or labels.holds(line) or cells[over[0]] is not None:
            return None
        cells[over[0]] = Cell(text=line.text, bbox=line.bbox, words=line.words)
    return cells if any(cells) else None


def _table_row(texts: Sequence[Line], cells: Sequence[Cell | None], vocabulary: Collection[str]) -> tuple[Cell | None, ...]:
    """A table row: its label (lines joined in reading order, dehyphenated), then its amounts."""
    if not texts:
        return (None, *cells)
    ordered = sorted(texts, key=lambda line: (line.bbox.top, line.bbox.x0))
    words = tuple(w for line in ordered for w in line.words)
    label = Cell(text=join_lines([line.text for line in ordered], vocabulary), bbox=bbox_of(ordered), words=words)
    return (label, *cells)


def _nearest_label(row: _Row, left_edge: float) -> Line | None:
    candidates = [line for line in row.texts if line.bbox.x1 <= left_edge + 0.5]
    return max(candidates, key=lambda line: line.bbox.x1, default=None)
