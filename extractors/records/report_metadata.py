"""What a report is: its title, its kind and the year it reports on.

Read from the document itself: the PDF's Title entry when it has one, else the
largest text on the first page; the kind from the keywords of
`schemas/vocabularies/document_types.yaml` in the title, the first page and the
file name; the year from the title, the first headings, the file name, or
else the year the first page names most often.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from extractors.pdf.model import BlockKind, Document
from extractors.years import years_in
from schemas.vocabularies import document_type_vocabulary, document_types, language


def report_title(document: Document) -> str | None:
    title = " ".join((document.metadata.get("Title") or "").split())
    if title:
        return title
    for page in document.pages[:2]:
        headings = [b for b in page.blocks if b.kind is BlockKind.HEADING]
        if headings:
            return min(headings, key=lambda b: (b.level or 99, b.bbox.top)).text
    return None


def first_page_text(document: Document) -> str:
    return document.pages[0].text if document.pages else ""


def document_type(document: Document, has_statements: bool = False) -> str:
    """The kind of report by the keywords of document_types.yaml; a report none names that prints an income
    statement or a balance sheet (its title garbled, say) is an annual report."""
    sources = {
        "title": (report_title(document) or "").lower(),
        "first_page": first_page_text(document).lower(),
        "file_name": re.sub(r"[-_.]+", " ", document.file_name.lower()),
    }
    for entry in document_types():
        for keyword in entry.keywords:
            pattern = re.compile(r"(?<!\w)" + re.escape(keyword.lower()) + r"(?!\w)")
            if any(pattern.search(sources[where]) for where in entry.where):
                return entry.code
    return "arsredovisning" if has_statements else "other"


def report_year(document: Document) -> int | None:
    """The year a report is about: from its title, else the fiscal year its first pages name ("för
    räkenskapsåret 1 januari - 31 december 2022"), else its first headings, else its file name, else the year
    its first page names most often."""
    title_years = years_in(report_title(document) or "")
    if title_years:
        return max(title_years)
    for page in document.pages[:2]:
        for named in _fiscal_year_named().finditer(page.text):
            if years := years_in(named[1]):
                return max(years)
    for page in document.pages[:2]:
        for block in page.blocks:
            if block.kind is BlockKind.HEADING:
                heading_years = years_in(block.text)
                if heading_years:
                    return max(heading_years)
    file_years = years_in(document.file_name)
    if file_years:
        return max(file_years)
    counts = Counter(years_in(first_page_text(document)))
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return None


@cache
def _fiscal_year_named() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in language().fiscal_period_words)
    return re.compile(rf"(?:{words})\b([^.\n]{{0,60}})", re.IGNORECASE)


_ORG_NUMBER = re.compile(r"(?<![\d-])(\d{6})-(\d{4})(?![\d-])")


@cache
def _organisation_patterns(anywhere: bool = False) -> list[re.Pattern[str]]:
    return [re.compile(rule.pattern, re.IGNORECASE if rule.ignore_case else 0)
            for rule in document_type_vocabulary().organisation_patterns if rule.anywhere or not anywhere]


def _luhn(digits: str) -> bool:
    total = 0
    for index, digit in enumerate(int(d) for d in digits):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def organisation_number(document: Document) -> str | None:
    """The organisation number (NNNNNN-NNNN) the report prints most often on its first pages, one whose
    check digit holds (a phone or case number does not)."""
    for pages in (document.pages[:4], document.pages[4:]):  # the first pages; else where the report prints it
        counts: Counter = Counter()
        for page in pages:
            texts = [page.text, *(" ".join(w.text for w in line.words) for line in page.furniture)]
            for text in texts:
                counts.update(f"{a}-{b}" for a, b in _ORG_NUMBER.findall(text) if _luhn(a + b))
        if counts:
            return counts.most_common(1)[0][0]
    return None


def organisation_name(document: Document) -> str | None:
    """The organisation the report is of, where its first pages name it in its own words: "Organisation: X",
    the name beside its organisation number, "Årsredovisning för Brf X", a name at the top of a page, a cover
    whose title line has the name under it; never the PDF's metadata."""
    pages = [[" ".join(w.text for w in line.words) for line in page.furniture]
             + [" ".join(line.split()) for line in page.text.splitlines()] for page in document.pages[:3]]
    found = _named_in(pages, _organisation_patterns()) or _under_the_cover_title(
        [line for line in pages[0] if line.strip()] if pages else [])
    if found:
        return found
    # A listed company's report may name itself only in its directors' and audit reports' formal sentences.
    rest = [[" ".join(line.split()) for line in page.text.splitlines()] for page in document.pages[3:]]
    return _named_in(rest, _organisation_patterns(anywhere=True))


def _named_in(pages: list[list[str]], patterns: list[re.Pattern[str]]) -> str | None:
    for pattern in patterns:
        for lines in pages:
            for line in lines:
                match = pattern.search(line.strip())
                if match and 3 <= len(match[1].strip(" ,.:")) <= 80:
                    return match[1].strip(" ,.:")
    return None


_NAME_LINE = re.compile(r"^[A-ZÅÄÖ][^\d:;!?]{2,60}$")


def _under_the_cover_title(lines: list[str]) -> str | None:
    """The name a cover prints under its title line ("Årsredovisning 2024" over "Familjen Helsingborg")."""
    titles = document_type_vocabulary().cover_titles
    for index, title in enumerate(lines):
        words = title.lower().split()
        if not (words and words[0] in titles and all(w.isdigit() for w in words[1:])):
            continue
        below = lines[index + 1:index + 3]
        if below and below[0].strip().lower() in ("för", "över"):  # "Årsbokslut" / "För" / "Kalmar Nation"
            below = below[1:]
        if below and _NAME_LINE.match(below[0]) and len(below[0].split()) <= 6:
            return below[0].strip()
    return None
