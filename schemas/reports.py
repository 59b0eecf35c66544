"""A report file and how its load went, and the pages read from it (tables `reports` and `pages`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from schemas.base import Record

ReportStatus = Literal["loaded", "incomplete", "failed"]
DocumentType = Literal["arsredovisning", "verksamhetsplan", "sammanfattning", "other"]

_REPORT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ReportRecord(Record):
    """One report file and how its load went (table `reports`)."""

    report_id: str
    file_name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str | None = None
    document_type: DocumentType | None = None
    report_year: int | None = Field(default=None, ge=1900, le=2200)
    page_count: int | None = Field(default=None, ge=0)
    status: ReportStatus
    error: str | None = None
    ingested_at: datetime

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


def report_id_for(file_name: str) -> str:
    """The report id of a file: its name without the .pdf ending, made safe for ids."""
    stem = re.sub(r"\.pdf$", "", file_name, flags=re.IGNORECASE)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return slug or "report"
