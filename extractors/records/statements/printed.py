"""Income statements and balance sheets as any Swedish annual report prints them (resultaträkning, balansräkning).

A statement is recognised by what it is, wherever it stands on the page:

- by its heading (Resultaträkning, Resultatrapport, Balansräkning,
  Balansrapport, with a company's or group's prefix, a garbled letter or "forts."
  allowed), which starts it; a heading of another part of the report
  (Kassaflödesanalys, Noter, Flerårsöversikt, ...) ends it;
- on a page without any heading, as the continuation of the statement the
  previous page ended in (a balance sheet over two pages), or, where no
  heading is in the text layer at all, by a period header of its own kind
  ("1 januari - 31 december  Not  2023  2022", "TILLGÅNGAR  Not  2023-12-31").

Its columns are found from the period header, wherever it is printed: a row of
the table or the line(s) above it, one period per column, over one or two
lines ("2023-01-01" over "-2023-12-31"). Each amount belongs to the column its
right edge stands under. Rows without amounts are section headings: each fact
knows its path ("Eget kapital och skulder > Långfristiga skulder"). An amount
row without a label is a subtotal, kept with an empty label. A label wrapped
over two lines is joined. Note references go to a field of their own.

Amounts are stored in SEK: a statement in tkr (said in the statement, or once
for the whole report) is multiplied out, with the precision it implies.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, reduce

from rapidfuzz import fuzz

from extractors.pdf.furniture import is_page_number
from extractors.pdf.model import BBox, Document, Page, bbox_of, ocr_confidence
from extractors.records.findings import finding
from extractors.records.statements.garbled import is_garbled, repaired
from extractors.records.statements.labels import match_in_section, normalise_label
from extractors.records.statements.rows import Row, TextLine, fiscal_year_of, is_year_word, page_lines, period_cells, split_row
from extractors.records.statements.units import Unit, report_unit, stated_unit
from schemas.financial import FinancialFact
from schemas.findings import ExtractionFinding
from schemas.vocabularies import (
    Chart,
    annual_report_chart,
    concept_vocabulary,
    group_chart,
    language,
    municipal_chart,
    statement_wording,
)

EXTRACTOR = "statements"

MAX_ROW_GAP = 5.0  # line heights between two rows of one statement: farther down is the page's foot, not a row


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class PrintedStatements:
    facts: list[FinancialFact] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)
    headings_found: int = 0
    municipal: bool = False  # the report is a municipality's: its "koncern" is the kommunkoncern


@dataclass
class _Column:
    period: str
    fiscal_year: int
    box: BBox
    entity: str | None = None  # koncern, moderbolag, kommun, kommunkoncern: as the page names it
    kind: str = "actual"  # actual, budget, forecast; a deviation column is read and never loaded
    own_words: tuple[str, ...] = ()  # the words of its own header beside its period ("Utfall", "Koncern")


@dataclass
class _Open:
    """The statement being read: carried from one page to the next while no other part begins."""

    statement: str
    columns: list[_Column]
    unit: Unit | None
    sections: list[tuple[int, str]] = field(default_factory=list)  # (level, heading) from the top
    note_columns: list[tuple[float, float]] = field(default_factory=list)  # each Not column's left and right edge
    heading_entity: str | None = None  # the entity its heading names, for the pages it is carried over
    row_index: int = 0
    closed: bool = False  # its closing line is read: the next page does not carry it on


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha() or ch == " ").strip()


def statement_heading(line: TextLine) -> str | None:
    """The statement a line's heading starts, if the line is one (short, its first words a statement's name)."""
    if len(line.words) > 12:
        return None
    words = [w.text for w in line.words if not is_year_word(w.text)]
    if not words or len(words) > 5:
        return None
    said = statement_wording()
    everything = _letters(" ".join(words)).split()
    if everything and everything[0] in said.heading_prefixes:
        everything = everything[1:]
    # The letters from the start, spaces left out: a garbled letter may split the word ("Balansr " kning").
    joined = "".join(everything[:4])
    whole = "".join(everything)
    for heading in said.headings:
        name = heading.text.replace(" ", "")
        if everything and everything[0].startswith(name) and everything[0][len(name):].startswith(said.heading_word_endings):
            continue  # "resultaträkningen, disposition av ...": the word goes on, prose
        lengths = (len(name),) if heading.alone else range(len(name) - 2, len(name) + 2)
        for length in lengths:
            head, after = joined[:length], joined[length:]
            if fuzz.ratio(head, name) < said.heading_score or after.startswith(said.heading_word_endings):
                continue
            if heading.alone and not _only_tails(whole[length:]):
                continue
            return heading.statement
    return None


def _only_tails(text: str) -> bool:
    """Whether what follows a heading on its line is only a unit, a Not column's header or "forts."."""
    tails = "|".join(sorted(statement_wording().heading_tails, key=len, reverse=True))
    return bool(_compiled(f"^(?:{tails})*$").match(text))


def _entity_word(text: str) -> str | None:
    """The entity a word names ("Koncernens", "KOMMUNEN", "Moderbolaget"), if it names one."""
    word = _letters(text)
    return next((entity for entity, words in statement_wording().entity_words.items() if word in words), None)


def _kind_word(text: str) -> str | None:
    """What a column holds, if a word of its header says: actual, budget, forecast or deviation."""
    word = text.lower().strip(" :;,")
    return next((kind for kind, words in statement_wording().kind_words.items() if word in words), None)


def heading_entity(line: TextLine) -> str | None:
    """The one entity a statement's heading names ("Koncernens balansräkning", "Resultaträkning – kommunen")."""
    named = {e for w in line.words if (e := _entity_word(w.text))}
    return named.pop() if len(named) == 1 else None


def other_part(line: TextLine) -> bool:
    """Whether a line is the heading of another part of the report, which ends a statement."""
    if not _letters(line.words[0].text)[:4].startswith(_other_part_openings()):
        return False  # the cheap test first: no other part begins so
    periods = {id(w) for _, box in period_cells(line) for w in line.words if box.x0 <= w.bbox.x0 and w.bbox.x1 <= box.x1}
    words = [w.text for w in line.words if id(w) not in periods]
    if words and _compiled(statement_wording().note_heading).match(" ".join(words)) and not split_row(line).amounts:
        return True  # a note's heading: "NOT 10, ÖVRIGA ...", "Not 1 Spec av ej likviditetspåverkande poster"
    if not words or len(words) > 6:
        return False
    if periods and all(_letters(w) in statement_wording().note_words for w in words):
        return False  # "Noter  2025-12-31  2024-12-31": a Not column's header over the periods, not the notes
    text = _letters(" ".join(words))
    return text.startswith(statement_wording().other_parts)


@cache
def _other_part_openings() -> tuple[str, ...]:
    """The first letters every other part's heading (and a note's) begins with."""
    said = statement_wording()
    return tuple({part[:4] for part in said.other_parts} | {"not"})


def extract_printed_statements(
    document: Document, report_id: str, skip_pages: set[int] = frozenset()
) -> PrintedStatements:
    """Every amount of the report's income statements and balance sheets, with findings for what could not be read."""
    result = PrintedStatements()
    unit_of_report = report_unit(document)
    current: _Open | None = None
    for page in document.pages:
        if page.number in skip_pages:
            current = None
            continue
        current = _read_page(page, report_id, current, unit_of_report, result)
    return result


def _says_municipality(lines: Sequence[TextLine]) -> bool:
    """Whether a page's headers, footers, headings or column bands name a municipality (short lines without
    amounts: "ÄNGELHOLMS KOMMUN", "KOMMUNEN  KONCERNEN"); a statement's own lines do not count."""
    words = statement_wording().municipal_words
    return any(_letters(w.text) in words for line in lines if len(line.words) <= 10 and not split_row(line).amounts
               for w in line.words)


def _read_page(page: Page, report_id: str, current: _Open | None, unit_of_report: Unit | None,
               result: PrintedStatements) -> _Open | None:
    # Running headers and footers (the document model's furniture) are no rows; a statement's header repeated
    # on every page of it is kept, since it says which column holds which period.
    furniture = {(round(line.bbox.x0), round(line.bbox.top)) for line in page.furniture}
    lines = [line for line in page_lines(page.words)
             if not is_page_number(line.text)
             and not ((round(line.bbox.x0), round(line.bbox.top)) in furniture and not period_cells(line))]
    result.municipal = result.municipal or _says_municipality(lines)
    # Where statements start and other parts begin, top to bottom.
    starts = [(i, statement_heading(line)) for i, line in enumerate(lines)]
    marks = [(i, s) for i, s in starts if s] + [(i, None) for i, line in enumerate(lines) if other_part(line)]
    marks.sort()
    result.headings_found += sum(1 for _, s in marks if s)
    segments: list[tuple[int, int, str | None]] = []
    first = marks[0][0] if marks else len(lines)
    if current is not None and first > 0:
        segments.append((0, first, current.statement))  # continued from the previous page
    elif current is None and first > 0:
        segments.append((0, first, "?"))  # no heading in the text layer: known by its header, if at all
    for k, (index, statement) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        if statement:
            segments.append((index, end, statement))
    carried = current
    current = None
    for start, end, statement in segments:
        continuing = carried if (start == 0 and carried is not None and statement == carried.statement) else None
        above = lines[start - 1] if start > 0 else None
        current = _read_segment(page, lines[start:end], statement, continuing, unit_of_report, report_id, result,
                                above)
    if marks and marks[-1][1] is None:
        return None  # the page ends in another part of the report
    return None if current is not None and current.closed else current


def _header(lines: Sequence[TextLine], page: Page) -> tuple[list[_Column], int]:
    """The period columns printed above the first row, and the index of the first line below them."""
    cells: list[tuple[str, BBox]] = []
    last_header = -1
    for index, line in enumerate(lines):
        found = [(text, box) for text, box in period_cells(line) if (box.x0 + box.x1) / 2 > page.width * 0.4]
        row = split_row(line)
        covered = found and all(any(_overlaps(a.bbox, box) for _, box in found) for a in row.amounts)
        if found and covered:
            cells.extend(found)
            last_header = index
        elif row.amounts and last_header >= 0:
            break  # the first row under the header
    columns: list[_Column] = []
    for text, box in sorted(cells, key=lambda c: (c[1].top, c[1].x0)):
        for column in columns:
            if _overlaps(column.box, box, vertical=False):
                column.period = f"{column.period} {text}"
                column.box = column.box.union(box)
                break
        else:
            columns.append(_Column(text, 0, box))
    for column in columns:
        column.fiscal_year = fiscal_year_of(column.period) or 0
    columns = [c for c in columns if c.fiscal_year]
    return sorted(columns, key=lambda c: c.box.x0), last_header + 1


def _periods_above(columns: Sequence[_Column], line: TextLine) -> None:
    """A period's first part printed on the line above the statement's heading ("2025-01-01 -" over the heading
    line's "2025-12-31"): where that line prints nothing but such parts, each over a column, they are its
    period's start."""
    cells = period_cells(line)
    if not cells or sum(len(text.split()) for text, _ in cells) != len(line.words):
        return
    if not all(any(_overlaps(c.box, box) for c in columns) for _, box in cells):
        return
    for text, box in cells:
        column = next(c for c in columns if _overlaps(c.box, box))
        column.period = f"{text} {column.period}"
        column.fiscal_year = fiscal_year_of(column.period) or column.fiscal_year


def _name_columns(columns: Sequence[_Column], header: Sequence[TextLine]) -> None:
    """Each column's entity and kind, from the words of the header printed above or beside it.

    A line that names several ("Utfall  Budget  Utfall  Koncern  Koncern", "KOMMUNEN   KONCERNEN") gives each
    column the name whose stretch of the line it stands in: the line is cut halfway between the names. A line
    that names one gives it to the columns under it, or the one it stands just left of ("Budget 2021"), or
    else, a band over them all, to every column.
    """
    for line in header:
        named = [(w, _entity_word(w.text), _kind_word(w.text)) for w in line.words]
        named = [(w, e, k) for w, e, k in named if e or k]
        if not named:
            continue
        for (word, entity, kind), named_columns in _columns_named(named, columns):
            for column in named_columns:
                column.entity = entity or column.entity
                column.kind = kind or column.kind
                if len(named_columns) == 1:  # a column's own header word, not a band's
                    column.own_words = (*column.own_words, word.text)


def _columns_named(named: list[tuple], columns: Sequence[_Column]) -> list[tuple[tuple, list[_Column]]]:
    """Which columns each named word of a header line stands over (see `_name_columns`)."""
    if len(named) == 1:
        word = named[0][0]
        under = [c for c in columns if _overlaps(c.box, word.bbox)]
        beside = [c for c in columns if 0 <= c.box.x0 - word.bbox.x1 <= 2 * word.size
                  and abs(c.box.top - word.bbox.top) < word.size]
        return [(named[0], under or beside or list(columns))]
    nearest = {id(c): min(named, key=lambda n: abs((n[0].bbox.x0 + n[0].bbox.x1 - c.box.x0 - c.box.x1) / 2))
               for c in columns}
    return [(n, [c for c in columns if nearest[id(c)] is n]) for n in named]


def _note_columns(header: Sequence[TextLine], columns: Sequence[_Column]) -> list[tuple[float, float]]:
    """Where each Not column stands: a note word of the header left of a period column ("Not  2018  2017  Not
    2018  2017" prints one per entity)."""
    first = min((c.box.x0 for c in columns), default=0.0)
    last = max((c.box.x1 for c in columns), default=0.0)
    found = []
    for line in header:
        for word in line.words:
            if _letters(word.text) in statement_wording().note_words and first - 200 < word.bbox.x1 <= last:
                found.append((word.bbox.x0 - 6, word.bbox.x1 + 6))
    return found


def _resolve_entities(columns: Sequence[_Column], heading: str | None, municipal: bool) -> None:
    """The entity of every column: as named; else the heading's; else, beside columns that name one entity,
    the other of its pair. In a municipality's report its group is the kommunkoncern."""
    said = statement_wording()
    for column in columns:
        column.entity = column.entity or heading
        if municipal and column.entity in said.entity_in_municipality:
            column.entity = said.entity_in_municipality[column.entity]
    named = {c.entity for c in columns if c.entity}
    if len(named) == 1:
        other = said.entity_beside.get(next(iter(named)))
        for column in columns:
            column.entity = column.entity or other


def _overlaps(a: BBox, b: BBox, vertical: bool = False) -> bool:
    horizontally = a.x0 <= b.x1 + 2 and b.x0 <= a.x1 + 2
    return horizontally and (not vertical or (a.top <= b.bottom and b.top <= a.bottom))


def _column_of(amount_box: BBox, columns: Sequence[_Column]) -> _Column | None:
    """The column an amount stands under: the one whose right edge is nearest its own, within reach."""
    best = min(columns, key=lambda c: abs(c.box.x1 - amount_box.x1))
    spacing = min((b.box.x0 - a.box.x1 for a, b in zip(columns, columns[1:], strict=False)), default=80.0)
    reach = max(12.0, min(40.0, spacing * 0.8))
    if abs(best.box.x1 - amount_box.x1) <= reach or _overlaps(best.box, amount_box):
        return best
    return None


def _read_segment(page: Page, lines: Sequence[TextLine], statement: str | None, carried: _Open | None,
                  unit_of_report: Unit | None, report_id: str, result: PrintedStatements,
                  above: TextLine | None = None) -> _Open | None:
    if not lines:
        return carried
    columns, first_row = _header(lines, page)
    if above is not None and columns:
        _periods_above(columns, above)
    heading_line = lines[0] if statement not in (None, "?") and statement_heading(lines[0]) else None
    if statement == "?":  # no heading: only a period header of a statement's own kind makes it one
        statement = _headless_kind(lines[:first_row], columns)
        if statement is None:
            return None
    elif carried is not None and heading_line is None and columns:
        # A page carried on from an income statement whose own header names a balance sheet's side begins one.
        header_text = " ".join(line.text for line in lines[:first_row])
        if carried.statement != "balansrakning" and _compiled(statement_wording().balance_words).search(header_text):
            statement, carried = "balansrakning", None
    if not columns:
        if carried is not None and carried.columns:
            columns, first_row = carried.columns, 1 if heading_line else 0
        else:
            if heading_line is not None and any(split_row(line).amounts for line in lines[1:]) and len(lines) > 4:
                result.findings.append(finding(report_id, EXTRACTOR, "warning", "statement_without_period_header", page,
                                               heading_line.bbox, statement=statement))
            return None
    unit = stated_unit(" ".join(line.text for line in lines[:max(first_row, 1)])) or (carried.unit if carried else None) \
        or unit_of_report
    if carried is None or columns is not carried.columns:
        header = lines[1 if heading_line else 0:first_row]
        _name_columns(columns, header)
        named_by_heading = heading_entity(heading_line) if heading_line else (carried.heading_entity if carried else None)
        _resolve_entities(columns, named_by_heading, result.municipal)
        for column in columns:
            column.period = " ".join((*column.own_words, column.period))
        note_columns = _note_columns(header, columns)
    else:
        note_columns = carried.note_columns
    open_statement = carried if carried is not None else _Open(statement, columns, unit)
    open_statement.columns, open_statement.unit, open_statement.note_columns = columns, unit, note_columns
    if heading_line is not None:
        open_statement.heading_entity = heading_entity(heading_line)
    leftmost = min(c.box.x0 for c in columns) - 12
    rows = [split_row(line, leftmost, note_columns) for line in lines[first_row:]]
    _read_rows(page, rows, open_statement, report_id, result)
    return open_statement


def _headless_kind(header_lines: Sequence[TextLine], columns: Sequence[_Column]) -> str | None:
    """The statement a period header without a heading above it belongs to, if its words say: a balance sheet's
    header names its side ("TILLGÅNGAR  Not  2023-12-31"), an income statement's its year ("1 januari - 31
    december  Not  2023"); both print a Not column. A table of years alone (a multi-year overview) is neither."""
    if not columns or not header_lines:
        return None
    text = " ".join(line.text for line in header_lines)
    said = statement_wording()
    if not _compiled(said.not_column).search(text):
        return None  # a Not column's header, not a note's own heading ("NOT 10, ÖVRIGA EXTERNA KOSTNADER")
    if _compiled(said.balance_words).search(text):
        return "balansrakning"
    if _compiled(said.income_words).search(text):
        return "resultatrakning"
    return None


def _read_rows(page: Page, rows: Sequence[Row], statement: _Open, report_id: str, result: PrintedStatements) -> None:
    """The rows of one segment of a statement, top to bottom, into facts and findings (`_RowReader`)."""
    _RowReader(page, rows, statement, report_id, result).read()


@dataclass
class _RowReader:
    """Reads a statement's rows in order. A row without amounts ends the label of the row above it, begins a
    label the rows below finish, or heads a section; a row with amounts is a line of the statement, one fact
    per amount under a period column. Reading stops where the rows end far below the statement."""

    page: Page
    rows: Sequence[Row]
    statement: _Open
    report_id: str
    result: PrintedStatements
    pending_label: list[Row] = field(default_factory=list)  # lines of a label whose amounts come below
    taken: set[int] = field(default_factory=set)  # lines read already as the end of a wrapped label
    last_row_facts: list[int] = field(default_factory=list)  # where the facts of the row just read stand in the result
    last_bottom: float | None = None
    decimals: int = 0  # the decimals the statement's amounts print: the precision of a dash among them

    def read(self) -> None:
        height, body_size = _typical_height_and_size(self.rows)
        printed = Counter(a.decimals for row in self.rows for a in row.amounts if a.text.strip() not in DASHES)
        self.decimals = printed.most_common(1)[0][0] if printed else 0  # a dash is as precise as its neighbours
        for index, row in enumerate(self.rows):
            if index in self.taken:
                continue
            if self.last_bottom is not None and row.line.bbox.top - self.last_bottom > MAX_ROW_GAP * height * 2:
                break  # far below the statement: the page's foot
            if row.amounts:
                self.read_line(index, row)
            else:
                self.read_text(index, row, body_size)

    def read_text(self, index: int, row: Row, body_size: float) -> None:
        """A row without amounts: the end of the label above, the start of one below, or a section heading."""
        if self.last_row_facts and _finishes_label(row, self.rows[index - 1]):
            _extend_label(self.result, self.last_row_facts, row)  # "Avskrivning av materiella ... -638 719" over "anläggningstillgångar"
            return
        if row.label and (_starts_label(self.rows, index)
                          or _completes_a_known_label(self.rows, index, self.statement.statement)):
            self.pending_label.append(row)
            return
        if row.label:
            _enter_section(self.statement, row, body_size)
        self.pending_label = []

    def read_line(self, index: int, row: Row) -> None:
        """A row with amounts: its label (with the lines it wraps over) and a fact per amount under a column."""
        usable = _one_value_a_column([(amount, _column_of(amount.bbox, self.statement.columns)) for amount in row.amounts])
        if all(column is None for _, column in usable):
            self.pending_label = []
            return
        label_rows = self.label_rows(index, row)
        label_words = [w for r in label_rows for w in r.label_words]
        label = " ".join(w.text for w in label_words)
        note = ", ".join(n for r in label_rows if r.note for n in [r.note]) or None
        label_box = bbox_of(label_words) if label_words else reduce(BBox.union, [a.bbox for a, _ in usable])
        self.last_row_facts = []
        for amount, column in usable:
            if column is None:
                self.result.findings.append(finding(self.report_id, EXTRACTOR, "warning", "amount_under_no_period_column",
                                                    self.page, amount.bbox, amount=amount.text, label=label))
                continue
            if column.kind == "deviation":
                continue  # a deviation from budget is no amount of any year
            self.last_row_facts.append(len(self.result.facts))
            if amount.text.strip() in DASHES:
                amount = replace(amount, decimals=self.decimals)
            own_note = row.note_left_of(column.box.x0, self.statement.note_columns) if row.column_notes else note
            self.result.facts.append(_fact(self.report_id, self.page, self.statement, column, label, own_note, amount,
                                           label_box))
        self.statement.row_index += 1
        self.statement.closed = self.statement.closed or _closes(self.statement.statement, label)
        self.last_bottom = row.line.bbox.bottom
        self.pending_label = []

    def label_rows(self, index: int, row: Row) -> list[Row]:
        """The rows a line's label is printed on: the lines pending above it, the line itself, and the line
        below when its amounts stand between the two lines of a wrapped label."""
        rows = [*self.pending_label, row]
        if not row.label and self.pending_label and index + 1 < len(self.rows) and _wraps_around(self.rows, index):
            rows.append(self.rows[index + 1])
            self.taken.add(index + 1)
        return rows


DASHES = frozenset("-\u2013\u2014\u2212")


def _one_value_a_column(usable: list[tuple]) -> list[tuple]:
    """A row's amounts with each column's read once: a dash OCR read beside a printed value under the same
    column (a scan's "– 0", the dash a speck or a rule) is no value of its own; the value is."""
    by_column: dict[int, list] = {}
    for amount, column in usable:
        if column is not None:
            by_column.setdefault(id(column), []).append(amount)
    phantoms = {id(amount) for amounts in by_column.values() if len(amounts) > 1
                for amount in amounts if amount.text.strip() in DASHES and ocr_confidence(amount.words) is not None
                and any(other.text.strip() not in DASHES for other in amounts)}
    return [(amount, column) for amount, column in usable if id(amount) not in phantoms]


def _typical_height_and_size(rows: Sequence[Row]) -> tuple[float, float]:
    """The median line height and type size of a statement's rows: what 'far below' and 'larger' are measured by."""
    heights = sorted(r.line.bbox.bottom - r.line.bbox.top for r in rows) or [10.0]
    body_size = sorted(r.line.size for r in rows)[len(rows) // 2] if rows else 10.0
    return heights[len(heights) // 2], body_size


def _starts_label(rows: Sequence[Row], index: int) -> bool:
    """Whether a line without amounts is the first line of a label the lines below finish: the next line
    carries its amounts, or an amount row without a label stands between it and its last line."""
    return _is_continued(rows[index], rows, index) or (
        index + 2 < len(rows) and not rows[index + 1].label and _wraps_around(rows, index + 1))


def _completes_a_known_label(rows: Sequence[Row], index: int, statement: str) -> bool:
    """Whether a line without amounts and the amount row close under it are one label the charts know, where the
    row alone is none: "Resultat från övriga finansiella" over "Anläggningstillgångar  3  798,561.90"."""
    if index + 1 >= len(rows):
        return False
    row, following = rows[index], rows[index + 1]
    if not following.amounts or not following.label or following.line.bbox.top - row.line.bbox.bottom >= row.line.size:
        return False
    known = _known_labels(statement)
    return (normalise_label(f"{row.label} {following.label}") in known
            and normalise_label(following.label) not in known and normalise_label(row.label) not in known)


@cache
def _known_labels(statement: str) -> frozenset[str]:
    """Every name and alias the charts of any annual report give a statement's lines, normalised."""
    return frozenset(normalise_label(text, chart) for chart in (annual_report_chart(), municipal_chart(), group_chart())
                     for item in chart.line_items if item.statement == statement for text in (item.name, *item.aliases))


def _closes(statement: str, label: str) -> bool:
    """Whether a row is its statement's closing line (a garbled letter or two allowed)."""
    said = statement_wording()
    closings = said.closing_lines.get(statement, ())
    text = _letters(repaired(label, closings) or label)
    return any(fuzz.ratio(text, closing) >= said.heading_score for closing in closings)


def _finishes_label(row: Row, previous: Row) -> bool:
    """Whether a line without amounts ends the label of the amount row just above it: it starts in lower case
    and stands close under it."""
    return (bool(row.label_words) and row.label_words[0].text[:1].islower() and bool(previous.amounts)
            and row.line.bbox.top - previous.line.bbox.bottom < row.line.size)


def _extend_label(result: PrintedStatements, indexes: Sequence[int], row: Row) -> None:
    for index in indexes:
        fact = result.facts[index]
        box = BBox(fact.label_x0, fact.label_top, fact.label_x1, fact.label_bottom).union(bbox_of(row.label_words))
        result.facts[index] = fact.model_copy(update={
            "label": f"{fact.label} {row.label}".strip(),
            "label_x0": box.x0, "label_top": box.top, "label_x1": box.x1, "label_bottom": box.bottom,
        })


def _is_continued(row: Row, rows: Sequence[Row], index: int) -> bool:
    """Whether a line without amounts is the first line of a label the lines below finish ("... materiella" over
    "anläggningstillgångar  -16 136 486", or over two lines): the next line stands close under it and starts
    in lower case (or, where the label is in capitals, ends on "OCH" or a comma: "SUMMA EGET KAPITAL,
    AVSÄTTNINGAR OCH" over "SKULDER"), and carries the amounts or is continued itself."""
    if index + 1 >= len(rows):
        return False
    following = rows[index + 1]
    if not following.label_words or following.line.bbox.top - row.line.bbox.bottom >= row.line.size:
        return False
    lower = following.label_words[0].text[:1].islower()
    in_capitals = row.label.isupper() and following.label.isupper() and _ends_unfinished(row.label)
    if not (lower or in_capitals):
        return False
    return bool(following.amounts) or _is_continued(following, rows, index + 1)


def _ends_unfinished(label: str) -> bool:
    """Whether a label stops where a sentence cannot: on a comma, a hyphen or a joining word ("och", "samt")."""
    last = label.split()[-1].lower() if label.split() else ""
    return label.rstrip().endswith((",", "-")) or last in language().conjunctions


def _wraps_around(rows: Sequence[Row], index: int) -> bool:
    """Whether an amount row without a label stands between the two lines of a wrapped label, its amounts
    set at their middle."""
    if index == 0:
        return False
    above, below = rows[index - 1], rows[index + 1]
    return (not above.amounts and not below.amounts and bool(above.label) and bool(below.label)
            and below.label_words[0].text[:1].islower()
            and below.line.bbox.top - above.line.bbox.bottom < 2 * above.line.size)


def _enter_section(statement: _Open, row: Row, body_size: float) -> None:
    """A heading row: a top-level side (upper case or larger type) starts the path anew; another heading
    replaces the one below it."""
    text = row.label
    level = 1 if (text.isupper() or row.line.size > body_size + 0.5) else 2
    statement.sections = [(lv, t) for lv, t in statement.sections if lv < level] + [(level, text)]


def _fact(report_id: str, page: Page, statement: _Open, column: _Column, label: str, note: str | None, amount,
          label_box: BBox) -> FinancialFact:
    unit = statement.unit or Unit("kr", 1)
    if _in_kronor(label):
        unit = Unit("kr", 1)  # earnings per share: kronor inside a statement in tkr
    box = amount.bbox
    section = " > ".join(text for _, text in statement.sections) or None
    exact = amount.value * unit.factor
    return FinancialFact(
        report_id=report_id,
        statement=statement.statement,
        fiscal_year=column.fiscal_year,
        line_item=None,
        label=label,
        amount_sek=int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
        amount_text=amount.text,
        page=page.number,
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
        label_x0=label_box.x0, label_top=label_box.top, label_x1=label_box.x1, label_bottom=label_box.bottom,
        row_index=statement.row_index,
        note=note,
        section=section,
        unit=unit.name,
        precision=max(1, unit.factor // 10 ** amount.decimals),
        period=column.period,
        ocr_confidence=ocr_confidence(amount.words),
        entity=column.entity,
        kind=column.kind,
    )


def _in_kronor(label: str) -> bool:
    """Whether a line prints kronor whatever its statement's unit ("Resultat per aktie")."""
    text = label.lower()
    return any(words in text for words in statement_wording().labels_in_kronor)


def with_line_items(facts: Sequence[FinancialFact], report_id: str,
                    charts: Sequence[Chart] | None = None) -> tuple[list[FinancialFact], list[ExtractionFinding]]:
    """The facts with their chart codes, and a finding for each label outside the chart.

    The kind of report decides the chart: for each statement of each entity, the chart (an annual report's under
    ÅRL, a municipality's, a listed group's) that knows more of its labels: a group's statements under IFRS
    beside its parent company's under ÅRL. A label outside it keeps its section and no code; a
    subtotal printed without a label has no code to find, and its place in the structure says what it is.
    """
    charts = list(charts or (annual_report_chart(), municipal_chart(), group_chart()))
    coded: list[FinancialFact] = []
    findings: list[ExtractionFinding] = []
    facts = _read_back(facts, charts)
    for statement, entity in dict.fromkeys((f.statement, f.entity) for f in facts):
        own = [f for f in facts if f.statement == statement and f.entity == entity]
        matches = {id(chart): [match_in_section(f.label, statement, f.section, chart) for f in own] for chart in charts}
        chart = max(charts, key=lambda c: sum(1 for m in matches[id(c)] if m.code))
        findings.extend(_figures_missing(own, [m.code for m in matches[id(chart)]], chart, report_id))
        reported: set[str] = set()
        for fact, match in zip(own, matches[id(chart)], strict=True):
            coded.append(fact.model_copy(update={"line_item": match.code, "match_score": match.score}))
            if match.code is None and fact.label and fact.label not in reported:
                reported.add(fact.label)
                findings.append(finding(
                    report_id, EXTRACTOR, "warning",
                    "label_matches_no_line_of_chart" if fact.section else "label_matches_no_line_of_chart_without_section",
                    fact.page, (fact.label_x0, fact.label_top, fact.label_x1, fact.label_bottom), label=fact.label,
                    statement=statement, **({"section": fact.section} if fact.section else {})))
    return coded, findings


def _figures_missing(facts: Sequence[FinancialFact], codes: Sequence[str | None], chart: Chart,
                     report_id: str) -> list[ExtractionFinding]:
    """A finding for each headline figure (concepts.yaml) the statement's chart has lines for and the statement
    prints none of: key_financials will have no such figure for it."""
    if not facts:
        return []
    first = facts[0]
    wanted = {item.concept for item in chart.items_of(first.statement) if item.concept}
    given = {chart.item(code).concept for code in codes if code}
    names = {concept.code: concept.name for concept in concept_vocabulary().concepts}
    entity = {"entity": first.entity} if first.entity else {}
    return [finding(report_id, EXTRACTOR, "warning",
                    "entity_statement_lacks_concept" if first.entity else "statement_lacks_concept", first.page,
                    statement=first.statement, concept=concept, concept_name=names[concept], **entity)
            for concept in sorted(wanted - given)]


def _read_back(facts: Sequence[FinancialFact], charts: Sequence[Chart]) -> list[FinancialFact]:
    """Garbled labels and section headings read back as the page prints them, where the charts know them
    (`extractors.records.statements.garbled`); the label as read is kept beside it."""
    labels = tuple(sorted({text for chart in charts for item in chart.line_items for text in (item.name, *item.aliases)}))
    said = statement_wording()
    total = f"{said.total_prefix} "
    headings = tuple(sorted({text[len(total):] for text in labels if text.lower().startswith(total)} | set(said.sides)))
    garbled_pages = {f.page for f in facts if is_garbled(f.label) or is_garbled(f.section or "")}
    out = []
    for fact in facts:
        label = repaired(fact.label, labels, page_garbled=fact.page in garbled_pages)
        section = fact.section
        if section and is_garbled(section):
            section = " > ".join(repaired(part, headings) or part for part in section.split(" > "))
        if label is None and section == fact.section:
            out.append(fact)
            continue
        out.append(fact.model_copy(update={"label": label or fact.label, "label_as_read": fact.label if label else None,
                                           "section": section}))
    return out
