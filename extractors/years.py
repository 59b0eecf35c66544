"""Years as reports print them: 1950 to 2099, standing alone (not part of a longer number).

The one definition every reader uses, the document model's table finder and
the records' readers alike, so a report's year, a statement's period column, a
table's year header and a year in prose are recognised alike. `YEAR` is the
pattern for a reader to build on ("2022/23", "2023-12-31").
"""

from __future__ import annotations

import re

YEAR = r"(?:19[5-9]\d|20\d\d)"
_IN_TEXT = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
_ALONE = re.compile(rf"^{YEAR}$")


def years_in(text: str) -> list[int]:
    """Every year the text names, in order: "2022-2024" gives [2022, 2024]."""
    return [int(year) for year in _IN_TEXT.findall(text)]


def is_year(text: str) -> bool:
    """Whether the text is a year and nothing else: a year column's header."""
    return bool(_ALONE.match(text))
