"""The one way an extractor makes a finding: what it could not read with certainty, and where on the page.

`finding(report_id, extractor, severity, key, page, box, **values)` takes a
page or its number and a box of the document model or its corners, so a
reader passes what it holds. `key` names the finding's text in
`schemas/vocabularies/findings.yaml` (English and Swedish), and `values` are
what the text names; its `{page}` is the finding's page.
`ExtractionFinding` (schemas) validates it.
"""

from __future__ import annotations

from extractors.pdf.model import BBox, Page
from schemas.findings import ExtractionFinding, Note, Severity


def finding(report_id: str, extractor: str, severity: Severity, key: str, page: Page | int | None = None,
            box: BBox | tuple[float, float, float, float] | None = None, **values: object) -> ExtractionFinding:
    """A finding on a page (or on the whole report, without one), about the box where the reader stood."""
    number = page.number if isinstance(page, Page) else page
    corners = box.corners() if isinstance(box, BBox) else box
    note = Note.of(key, **({"page": number} if number is not None else {}), **values)
    return ExtractionFinding.at(report_id, extractor, severity, note, number, corners)
