"""The one way an extractor makes a finding: what it could not read with certainty, and where on the page.

`finding(report_id, extractor, severity, message, page, box)` takes a page or
its number and a box of the document model or its corners, so a reader passes
what it holds; `ExtractionFinding` (schemas) validates it.
"""

from __future__ import annotations

from extractors.pdf.model import BBox, Page
from schemas.findings import ExtractionFinding, Severity


def finding(report_id: str, extractor: str, severity: Severity, message: str, page: Page | int | None = None,
            box: BBox | tuple[float, float, float, float] | None = None) -> ExtractionFinding:
    """A finding on a page (or on the whole report, without one), about the box where the reader stood."""
    number = page.number if isinstance(page, Page) else page
    corners = box.corners() if isinstance(box, BBox) else box
    return ExtractionFinding.at(report_id, extractor, severity, message, number, corners)
