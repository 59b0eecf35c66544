"""What an extractor could not read with certainty: named, never guessed (table `extraction_findings`).

A finding says what it found as a `Note`: an English key of the catalogue
`schemas/vocabularies/findings.yaml` and the values its text names. The note
reads in English (`message`, for logs and SQL) and in Swedish (`message_sv`,
for the audit pages); the key stays with the finding in the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from schemas.base import Coordinate, Record
from schemas.vocabularies import finding_texts

Severity = Literal["error", "warning"]
Language = Literal["en", "sv"]


@dataclass(frozen=True)
class Note:
    """A finding's text as a key of the catalogue and its values; a value may be a note itself (a page's reading
    note within a finding), read in the same language."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Note:
        """The note `key` says with `values`; a key the catalogue lacks, or a value its texts name and are not
        given, is a bug and fails here, where the finding is made."""
        texts = finding_texts().findings.get(key)
        if texts is None:
            raise KeyError(f"{key!r} is no finding of schemas/vocabularies/findings.yaml")
        missing = set(texts.example) - set(values)
        if missing:
            raise KeyError(f"the finding {key!r} names {sorted(missing)}, not given")
        return cls(key, tuple(sorted(values.items())))

    def text(self, language: Language = "en") -> str:
        """What the note says in English ("en") or Swedish ("sv")."""
        catalogue = finding_texts()
        terms = catalogue.terms_sv if language == "sv" else catalogue.terms_en
        values = {name: value.text(language) if isinstance(value, Note)
                  else terms.get(name, {}).get(value, value) if isinstance(value, str) else value
                  for name, value in self.values}
        return getattr(catalogue.findings[self.key], language).format(**values)

    @property
    def not_read(self) -> bool:
        """Whether the note says that OCR was due and did not read the page (or its pictures of text)."""
        return self.key.startswith("not_read")

    def __str__(self) -> str:
        return self.text("en")


class ExtractionFinding(Record):
    """Something an extractor could not read with certainty, with the page and the box it concerns."""

    report_id: str
    extractor: str
    severity: Severity
    page: int | None = Field(default=None, ge=1)
    key: str
    message: str
    message_sv: str
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
        note: Note,
        page: int | None = None,
        box: tuple[float, float, float, float] | None = None,
    ) -> ExtractionFinding:
        """A finding on a page (or the whole report), where `box` is (x0, top, x1, bottom) when known."""
        x0, top, x1, bottom = box if box is not None else (None, None, None, None)
        return cls(report_id=report_id, extractor=extractor, severity=severity, page=page, key=note.key,
                   message=note.text("en"), message_sv=note.text("sv"), x0=x0, top=top, x1=x1, bottom=bottom)
