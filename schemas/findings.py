"""What an extractor could not read with certainty: named, never guessed (table `extraction_findings`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import Coordinate, Record

Severity = Literal["error", "warning"]


class ExtractionFinding(Record):
    """Something an extractor could not read with certainty, with the page and the box it concerns."""

    report_id: str
    extractor: str
    severity: Severity
    page: int | None = Field(default=None, ge=1)
    message: str
    x0: Coordinate | None = None
    top: Coordinate | None = None
    x1: Coordinate | None = None
    bottom: Coordinate | None = None

    @classmethod
    def at(
        cls,
        report_id: str,
        extractor: str,
        severity: Severity,
        message: str,
        page: int | None = None,
        box: tuple[float, float, float, float] | None = None,
    ) -> ExtractionFinding:
        """A finding on a page (or the whole report), where `box` is (x0, top, x1, bottom) when known."""
        x0, top, x1, bottom = box if box is not None else (None, None, None, None)
        return cls(report_id=report_id, extractor=extractor, severity=severity, page=page, message=message,
                   x0=x0, top=top, x1=x1, bottom=bottom)
