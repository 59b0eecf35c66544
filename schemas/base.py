"""The one base of every record bound for the warehouse: strict, frozen, no unknown fields.

A record is built once from the document model and never changed; an unknown
field or a wrong type is an error, not a coercion.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# A position on a page in points, kept to a hundredth of a point (3.5 µm): finer than any printer, and what
# the warehouse stores, not the fourteen decimals of the arithmetic that found it.
Coordinate = Annotated[float, AfterValidator(lambda value: round(value, 2))]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _without_controls(value):
    """A value with every control character of its text (but tab and newline) marked unreadable, U+FFFD."""
    if isinstance(value, str):
        return _CONTROL.sub("\ufffd", value) if _CONTROL.search(value) else value
    if isinstance(value, list | tuple):
        return type(value)(_without_controls(item) for item in value)
    return value


class Record(BaseModel):
    """No text of a record holds a control character (a NUL from a PDF's dropped ligature, say): each is
    U+FFFD, so that nothing the warehouse stores breaks a search or a page."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data):
        if isinstance(data, dict):
            return {key: _without_controls(value) for key, value in data.items()}
        return data


class Placed(Record):
    """A record read from one place on one page: its page and bounding box (points, origin top-left)."""

    page: int = Field(ge=1)
    x0: Coordinate
    top: Coordinate
    x1: Coordinate
    bottom: Coordinate
