"""The one base of every record bound for the warehouse: strict, frozen, no unknown fields.

A record is built once from the document model and never changed; an unknown
field or a wrong type is an error, not a coercion.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Placed(Record):
    """A record read from one place on one page: its page and bounding box (points, origin top-left)."""

    page: int = Field(ge=1)
    x0: float
    top: float
    x1: float
    bottom: float
