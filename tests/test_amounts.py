"""Table amounts as Swedish reports print them parse back to the integer they state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.pdf.table_amounts import AmountError, is_amount, parse_amount

SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009"]
MINUS_SIGNS = ["-", "\u2013", "\u2212"]


def swedish(value: int, separator: str, negative_style: str, star: bool) -> str:
    """Print an integer the ways Swedish reports do."""
    digits = f"{abs(value):,}".replace(",", separator)
    if value < 0:
        if negative_style == "parentheses":
            digits = f"({digits})"
        else:
            digits = negative_style + digits
    return digits + ("*" if star else "")


@given(
    value=st.integers(min_value=-(10**13), max_value=10**13),
    separator=st.sampled_from(SEPARATORS + [""]),
    negative_style=st.sampled_from(MINUS_SIGNS + ["parentheses"]),
    star=st.booleans(),
)
def test_any_integer_printed_swedish_style_parses_back(value, separator, negative_style, star):
    printed = swedish(value, separator, negative_style, star)
    assert is_amount(printed)
    assert parse_amount(printed) == value


@pytest.mark.parametrize(
    "text, value",
    [("-2 911 743", -2911743), ("0", 0), ("8 390 299", 8390299), ("–1 981 450", -1981450), ("(1 390)", -1390),
     ("7\u00a0530\u00a0250", 7530250), ("3 461 091*", 3461091), ("1000000", 1000000)],
)
def test_printed_amounts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "–", "8,7", "12 34", "1 0000", "2024–2027", "16:e", "abc", "(1 390", "1 390)", "7 530 250 kr", "8.390.299"],
)
def test_text_that_is_not_an_amount_is_refused(text):
    assert not is_amount(text)
    with pytest.raises(AmountError, match="not an amount"):
        parse_amount(text)
