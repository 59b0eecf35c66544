"""The one base of every record bound for the warehouse: strict, frozen, no unknown fields.

A record is built once from the document model and never changed; an unknown
field or a wrong type is an error, not a coercion.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# A position on a page in points, kept to a hundredth of a point (3.5 µm): finer than any printer, and what
# the warehouse stores, not the fourteen decimals of the arithmetic that found it.
Coordinate = Annotated[float, AfterValidator(lambda value: round(value, 2))]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Placed(Record):
    """A record read from one place on one page: its page and bounding box (points, origin top-left)."""

    page: int = Field(ge=1)
    x0: Coordinate
    top: Coordinate
    x1: Coordinate
    bottom: Coordinate
