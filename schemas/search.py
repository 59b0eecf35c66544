"""Each page's words for search (tables `page_terms` and `search_forms`): the stems a Swedish stemmer gives them,
with å, ä and ö folded, so that a search finds a word in any of its forms and on a page OCR read without its
diacritics."""

from __future__ import annotations

from pydantic import Field

from schemas.base import Record


class PageTerm(Record):
    """How often a page prints words of one stem."""

    report_id: str
    page_number: int = Field(ge=1)
    stem: str = Field(min_length=1)
    count: int = Field(ge=1)


class SearchForm(Record):
    """A word as a report prints it (in lower case) and the stem a search for it looks up."""

    report_id: str
    form: str = Field(min_length=1)
    stem: str = Field(min_length=1)
