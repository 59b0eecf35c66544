"""A report file and how its load went, and the pages read from it (tables `reports` and `pages`)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Literal
from urllib.parse import unquote_to_bytes

from pydantic import Field, field_validator

from schemas.base import Record

ReportStatus = Literal["loaded", "incomplete", "failed", "duplicate"]
DocumentType = Literal[
    "arsredovisning", "verksamhetsplan", "sammanfattning", "arsbokslut", "bokslut", "verksamhetsberattelse", "other",
]

_REPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ReportRecord(Record):
    """One report file and how its load went (table `reports`)."""

    report_id: str
    file_name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str | None = None
    organisation: str | None = None  # the organisation's name as the report prints it
    org_number: str | None = Field(default=None, pattern=r"^\d{6}-\d{4}$")  # organisationsnummer
    document_type: DocumentType | None = None
    report_year: int | None = Field(default=None, ge=1900, le=2200)
    page_count: int | None = Field(default=None, ge=0)
    status: ReportStatus
    error: str | None = None
    ingested_at: datetime
    # `pipelines.reading.fingerprint.extraction_fingerprint` of what made the rows; None when nothing was read.
    extraction_fingerprint: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")

    @field_validator("report_id")
    @classmethod
    def _report_id_is_a_slug(cls, value: str) -> str:
        if not _REPORT_ID.match(value):
            raise ValueError(f"report_id must be letters, digits, '.', '_' or '-', got {value!r}")
        return value


class PageRecord(Record):
    """One page's size and body text in reading order (table `pages`)."""

    report_id: str
    page_number: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)
    has_text_layer: bool
    text: str
    # blank: nothing printed on the page; not_read: OCR was due and did not run (the next run tries again)
    text_source: Literal["text_layer", "ocr", "blank", "not_read"] = "text_layer"
    ocr_confidence: float | None = Field(default=None, ge=0, le=1)  # an OCR page's mean word confidence
    search_text: str | None = None  # a garbled page's text with its glyphs read as letters, for search; else None


MAX_ID_STEM = 100  # an id names files of the audit site: far below a file system's 255 bytes


def report_id_for(file_name: str) -> str:
    """The report id of a file: its name without .pdf when that is already safe for ids, else made safe and
    told apart from every other name by a hash of the whole name.

    "familjen-helsingborg-2016.pdf" is "familjen-helsingborg-2016"; "familjen helsingborg 2016.pdf",
    "a.PDF", "åäö.pdf" and a name of more than 100 characters get the safe form of their stem (at most
    100 characters) and twelve hex digits of the name's SHA-256, so two names never share an id by being cut
    down alike (the loader still refuses a second file whose id
    another file holds).
    """
    stem = re.sub(r"\.pdf$", "", file_name, flags=re.IGNORECASE)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "report"
    if file_name == f"{slug}.pdf" and len(slug) <= MAX_ID_STEM:
        return slug
    digest = hashlib.sha256(file_name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug[:MAX_ID_STEM].rstrip('-.')}-{digest}"


def printable_file_name(raw: bytes) -> str:
    """A file name as the warehouse stores it and Dagster keys it: the name itself, with "%", control
    characters, runs of three or more dots (Dagster refuses "..." in a partition key) and bytes that are not
    UTF-8 percent-encoded ("b%E5d.pdf"). `raw_file_name` gives the bytes back exactly."""
    text = raw.decode("utf-8", "surrogateescape")
    in_dot_runs = {i for run in re.finditer(r"\.{3,}", text) for i in range(run.start(), run.end())}
    printed = []
    for index, char in enumerate(text):
        if "\udc80" <= char <= "\udcff":  # a byte that is not UTF-8 (surrogateescape keeps it this way)
            printed.append(f"%{ord(char) - 0xDC00:02X}")
        elif char == "%" or ord(char) < 0x20 or ord(char) == 0x7F or index in in_dot_runs:
            printed.append(f"%{ord(char):02X}")
        else:
            printed.append(char)
    return "".join(printed)


def raw_file_name(printed: str) -> bytes:
    """The bytes of the file name `printable_file_name` printed."""
    return unquote_to_bytes(printed)
