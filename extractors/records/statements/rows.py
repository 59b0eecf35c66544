"""The rows of a printed statement, read from the words of a page: labels, notes, amounts, period headers.

Pure functions on words and lines, no knowledge of any one report's layout:

- `page_lines`: the upright words of a page grouped into lines by their
  vertical middle (text rotated into a margin, such as e-signature stamps, is
  left out: it never belongs to a row).
- `split_row`: a line as a statement row: the amounts standing at its right
  (an amount's digit groups are separate words, close together; a column's
  amounts are far apart), the note reference(s) before them, the label.
- `period_cells`: the parts of a line that print a column's period ("2023",
  "2023-12-31", "2023-01-01 – 2023-12-31", "2022/23", "2022 - 2023").
- `fiscal_year_of`: the calendar year in which a printed period ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache

from extractors.pdf.model import BBox, Word, bbox_of
from extractors.years import YEAR
from schemas.vocabularies import statement_wording

_FIRST_GROUP = re.compile(r"^\(?[-\u2013\u2212]?\(?\d{1,3}\)?$")
_NEXT_GROUP = re.compile(r"^\d{3}(?:[.,]\d{1,2})?\)?$")  # a group of three; the last may carry decimals: "1 006,9"
# An amount printed as one word: "1234", "-0", "52,0", "-2,74", "0.00", or grouped by commas, the point its
# decimal mark ("3,983,166.42", the US way).
_WHOLE = re.compile(r"^\(?[-\u2013\u2212]?(?:\d+(?:[.,]\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?)\)?$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_NOTE_NUMBERS = r"^\d{1,2}(?:[,&]\d{1,2})*[,&]?$"


@cache
def _note() -> re.Pattern[str]:
    """A word of a note reference: a note word ("Not", "Noter") or its numbers ("3", "4,5", "2&3")."""
    words = "|".join(map(re.escape, statement_wording().note_words))
    return re.compile(rf"^(?:{words})?$|{_NOTE_NUMBERS}", re.IGNORECASE)
_PERIOD_PART = re.compile(rf"^\(?[-\u2013\u2212]?{YEAR}(?:[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?|/\d\d)?\)?[-\u2013\u2212]?$")
_DASH = re.compile(r"^[-\u2013\u2212\u2014]$")
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?:/(\d\d)(?!\d))?(?![\d])")


@dataclass(frozen=True)
class TextLine:
    """Words standing on one line of a page, left to right."""

    words: tuple[Word, ...]

    @property
    def bbox(self) -> BBox:
        return bbox_of(self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@dataclass(frozen=True)
class Amount:
    words: tuple[Word, ...]
    value: Decimal  # in the statement's unit, exact as printed: "1 006,9" is 1006.9
    decimals: int = 0  # how many decimals it prints: an amount in kr with öre has two

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return bbox_of(self.words)


@dataclass(frozen=True)
class Row:
    """A line read as a statement row."""

    line: TextLine
    label_words: tuple[Word, ...]
    note: str | None
    amounts: tuple[Amount, ...]
    column_notes: tuple[tuple[float, str], ...] = ()  # notes printed in a Not column of their own: (its x, note)

    def note_left_of(self, x: float, note_columns: Sequence[tuple[float, float]]) -> str | None:
        """The note of the amounts right of x: what the nearest Not column left of them prints on this line (an
        entity's own Not column, nothing if it is empty), else the line's own."""
        left = [x0 for x0, _ in note_columns if x0 < x]
        if not left:
            return self.note
        return dict(self.column_notes).get(max(left))

    @property
    def label(self) -> str:
        return " ".join(w.text for w in self.label_words)


def page_lines(words: Sequence[Word]) -> list[TextLine]:
    """The upright words grouped into lines, top to bottom: a word joins the line whose vertical middle is
    within a third of its height of its own."""
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if w.upright and w.text.strip()), key=lambda w: (w.bbox.top + w.bbox.bottom) / 2):
        middle, height = (word.bbox.top + word.bbox.bottom) / 2, word.bbox.bottom - word.bbox.top
        if lines:
            last = lines[-1]
            last_middle = sum((w.bbox.top + w.bbox.bottom) / 2 for w in last) / len(last)
            if abs(middle - last_middle) <= max(height, 1.0) / 3:
                last.append(word)
                continue
        lines.append([word])
    return [TextLine(tuple(sorted(line, key=lambda w: w.bbox.x0))) for line in lines]


def _close(left: Word, right: Word) -> bool:
    """Whether two words are parts of one printed item: no more than about a space apart."""
    return right.bbox.x0 - left.bbox.x1 <= max(left.size, right.size) * 0.6


def trailing_amounts(words: Sequence[Word], right_of: float = -1.0) -> tuple[list[Amount], int]:
    """The amounts at the right end of a line, left to right, and how many words come before them.

    An amount is a leading group of up to three digits (with its sign or bracket) and groups of three, each
    no more than about a space from the next; or digits printed without groups. A dash standing alone in
    an amount's place is the printed form of nothing: it reads as zero. Only amounts
    whose right edge stands right of `right_of` are taken (the leftmost column's edge, when the columns are
    known): a note reference left of every column ("Not 2") is not an amount.
    """
    amounts: list[Amount] = []
    end = len(words)
    while end > 0:
        start = end - 1
        last = words[start].text
        if words[start].bbox.x1 < right_of:
            break
        if _DASH.match(last) and start > 0 and not _close(words[start - 1], words[start]):
            amounts.insert(0, Amount((words[start],), Decimal(0)))  # a dash in an amount's place: nothing, zero
            end = start
            continue
        if _NEXT_GROUP.match(last):
            while start > 0 and _close(words[start - 1], words[start]) and _NEXT_GROUP.match(words[start - 1].text):
                start -= 1
            if start > 0 and _close(words[start - 1], words[start]) and _FIRST_GROUP.match(words[start - 1].text):
                start -= 1
        elif not (_FIRST_GROUP.match(last) or _WHOLE.match(last)):
            break
        if start > 0 and _DASH.match(words[start - 1].text) and _close(words[start - 1], words[start]):
            start -= 1  # a sign set apart: "- 1 234"
        text = " ".join(w.text for w in words[start:end])
        for dash in ("-", "\u2212", "\u2013"):
            text = text.replace(dash + " ", dash)
        read = amount_value(text)
        if read is None:
            break
        amounts.insert(0, Amount(tuple(words[start:end]), *read))
        end = start
    return amounts, end


def amount_value(text: str) -> tuple[Decimal, int] | None:
    """The value an amount prints, exact, and how many decimals it prints: "-1 006,9" is (-1006.9, 1), "(1 390)"
    is (-1390, 0), "3,983,166.42" is (3983166.42, 2). A minus is a hyphen, an en dash or a minus sign, set
    apart or not; parentheses are a negative too."""
    text = text.strip()
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").strip()
    if text[:1] in "-\u2013\u2212":
        negative, text = True, text[1:].strip()
    digits = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    if _COMMA_GROUPS.match(digits):
        digits = digits.replace(",", "")
    digits = digits.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    value = Decimal(digits)
    decimals = len(digits.partition(".")[2])
    return (-value if negative else value), decimals


def split_row(line: TextLine, right_of: float = -1.0, note_columns: Sequence[tuple[float, float]] = ()) -> Row:
    """A line as label, note and amounts. Note references stand between the label and the amounts, apart from
    the label ("Nettoomsättning   3   18 774 946"), or follow the word Not ("Nettoomsättning Not 1"), or stand
    in a Not column of their own (one per entity: "Kassa och bank  19  153,2  161,8  11  153,4  161,9")."""
    words = list(line.words)
    in_columns = [w for w in words if any(x0 <= (w.bbox.x0 + w.bbox.x1) / 2 <= x1 for x0, x1 in note_columns)
                  and re.match(_NOTE_NUMBERS, w.text)]
    column_notes: tuple[tuple[float, str], ...] = ()
    if in_columns and any(w.bbox.x0 > in_columns[0].bbox.x1 for w in words):
        kept = [w for w in words if w not in in_columns]
        by_column: dict[float, list[str]] = {}
        for w in in_columns:
            column = next(x0 for x0, x1 in note_columns if x0 <= (w.bbox.x0 + w.bbox.x1) / 2 <= x1)
            by_column.setdefault(column, []).extend(n for n in re.split(r"[,&]", w.text) if n)
        column_notes = tuple((x, ", ".join(notes)) for x, notes in sorted(by_column.items()))
        words = kept
    amounts, end = trailing_amounts(words, right_of)
    rest = words[:end]
    # The trailing run of note-like words ("5, 6, 7", "Not 9  Not 6", "4&5"), each near the next.
    start = len(rest)
    while start > 0 and _note().match(rest[start - 1].text.rstrip(",")) and (
            start == len(rest) or rest[start].bbox.x0 - rest[start - 1].bbox.x1 <= rest[start].size * 1.2):
        start -= 1
    run = rest[start:]
    numbers = [w.text.rstrip(",&") for w in run if re.match(r"^\d", w.text)]
    apart = start == 0 or (run and run[0].bbox.x0 - rest[start - 1].bbox.x1 > run[0].size * 1.2)
    note = None
    if numbers and (apart or run[0].text.lower() in statement_wording().note_words):
        note = ", ".join(n for part in numbers for n in re.split(r"[,&]", part) if n)
        rest = rest[:start]
    if note is not None and rest and rest[-1].text.endswith(",") and rest[-1].text != ",":
        rest[-1] = replace(rest[-1], text=rest[-1].text.rstrip(","))  # "poster, not 1": the comma was the note's
    return Row(line, tuple(rest), note, tuple(amounts), column_notes)


def period_cells(line: TextLine) -> list[tuple[str, BBox]]:
    """The parts of a line that print a period: runs of close words, each a period part, a dash or a word of a
    period ("Oktober - december 2024", "Jan-dec 2024", "Helår 2024"), with a year."""
    cells: list[list[Word]] = []
    for word in line.words:
        if cells and _close(cells[-1][-1], word):
            cells[-1].append(word)
        else:
            cells.append([word])
    found = []
    for cell in cells:
        # Leading words that are no part of a period ("Budget" before "2021") are the column's own, not its period.
        while cell and not _period_part(cell[0].text):
            cell = cell[1:]
        texts = [w.text for w in cell]
        if texts and all(_period_part(t) for t in texts) and any(_PERIOD_PART.match(t) for t in texts):
            found.append((" ".join(texts), bbox_of(cell)))
    return found


@lru_cache(maxsize=65536)
def _period_part(text: str) -> bool:
    return bool(_PERIOD_PART.match(text) or _DASH.match(text) or _period_word(text))


def _period_word(text: str) -> bool:
    word = re.sub(r"[\u2013\u2212\u2014]", "-", text.lower().strip(".,:"))
    return word in _period_words()


@cache
def _period_words() -> frozenset[str]:
    return frozenset(statement_wording().period_words)


def is_year_word(text: str) -> bool:
    """Whether one word prints a period with its year ("2023", "2023-12-31", "2022/23"): a period cell alone."""
    return bool(_PERIOD_PART.match(text))


_OPENING = re.compile(rf"^\(?({YEAR})-01-01\)?$")


def fiscal_year_of(period: str) -> int | None:
    """The calendar year in which a printed period ends: "2022-07-01 – 2023-06-30" and "2022/23" are 2023. A
    balance dated the first of January alone ("2022-01-01", an opening balance) is the year before's close."""
    opening = _OPENING.match(period.strip())
    if opening:
        return int(opening[1]) - 1
    years = []
    for match in _YEAR.finditer(period):
        year = int(match[1])
        if match[2]:
            short = int(match[2])
            year = year // 100 * 100 + short + (100 if short < year % 100 else 0)
        years.append(year)
    return years[-1] if years else None
