"""Test and development projects as a report lists them: granted money, active, or told as examples.

A project section is found by its heading (`schemas/vocabularies/projects.yaml`):
"Projekt som har beviljats medel 2022" is followed by a paragraph listing the
projects ("A, B och C."); "Exempel på projekt ..." and "Test- och
utvecklingsprojekt" are followed by one sub-heading per project, up to the next
heading of the same or a higher level. Where the text says how many projects
there are ("Tre test- och utvecklingsprojekt har varit verksamma ..."), a
different number of sub-headings is a finding. A project's development area is
the nearest area heading above it (Livskvalitet, Företagsamhet, ...); its year
is the year the section heading names, else the report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.pdf.model import BBox, Block, BlockKind, Document, Page, phrase_box
from extractors.records.findings import finding
from extractors.records.key_figures import sentences
from extractors.records.prose_money import parse_count
from extractors.years import years_in
from schemas.findings import ExtractionFinding
from schemas.projects import Project
from schemas.vocabularies import language, project_rules

EXTRACTOR = "projects"


@dataclass
class ProjectExtraction:
    projects: list[Project] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)


@lru_cache(maxsize=1)
def _sections() -> tuple[dict, ...]:
    return tuple(
        {"status": s.status, "form": s.form, "requires_count": s.requires_count,
         "heading": re.compile(s.heading), "count": re.compile(s.count) if s.count else None}
        for s in project_rules().sections
    )


@lru_cache(maxsize=1)
def _areas() -> dict[str, str]:
    return {a.lower(): a for a in project_rules().development_areas}


def extract_projects(document: Document, report_id: str, report_year: int | None) -> ProjectExtraction:
    """Every project a document lists, in the order printed."""
    result = ProjectExtraction()
    blocks = [(page, block) for page in document.pages for block in page.blocks]
    area, area_level = None, 0
    for index, (_page, block) in enumerate(blocks):
        if block.kind is not BlockKind.HEADING:
            continue
        text = " ".join(block.text.split())
        if text.lower() in _areas():
            area, area_level = _areas()[text.lower()], block.level or 0
            continue
        if area is not None and (block.level or 0) <= area_level:
            area = None  # a heading as high as the area's closes it
        for section in _sections():
            if section["heading"].search(text.lower()):
                years = years_in(text)
                year = years[-1] if years else report_year
                if year is None:
                    break
                following = blocks[index + 1 :]
                if section["form"] == "list":
                    known = frozenset(" ".join(b.text.split()).lower() for _, b in blocks if b.kind is BlockKind.HEADING)
                    _listed(following, section["status"], year, area, report_id, result, known)
                else:
                    _subheadings(block, following, section, year, area, report_id, result)
                break
    return result


def _listed(following, status, year, area, report_id, result: ProjectExtraction, known: frozenset[str] = frozenset()) -> None:
    paragraph = next(((p, b) for p, b in following[:2] if b.kind is BlockKind.PARAGRAPH), None)
    if paragraph is None:
        page = following[0][0] if following else None
        result.findings.append(finding(report_id, EXTRACTOR, "warning", "project_list_without_names", page,
                                       status=status, year=year))
        return
    page, block = paragraph
    # A list set one name a line (bullets or not) is split by its layout: its lines, from one block or from a
    # run of one-line blocks (a bullet each).
    start = next(i for i, (_, b) in enumerate(following) if b is block)
    run = [block]
    if len(block.lines) == 1:
        for _, later in following[start + 1:]:
            if later.kind is not BlockKind.PARAGRAPH or len(later.lines) != 1:
                break
            run.append(later)
    lines = [(" ".join(line.text.split()).lstrip("•–-* ").rstrip(".,;"), b) for b in run for line in b.lines]
    if len(lines) >= 2 and all(text and len(text.split()) <= 8 and ", " not in text for text, _ in lines):
        for name, line_block in lines:
            result.projects.append(_project(report_id, year, name, area, status, page, phrase_box(line_block, name)))
        return
    for name in split_names(" ".join(block.text.split()).rstrip("."), known):
        result.projects.append(_project(report_id, year, name, area, status, page, phrase_box(block, name)))


def split_names(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The project names of a listing "A, B och C": split at commas, and at "och" only where both sides read as
    names of their own (each starts with a capital) and the whole is not a name the report prints elsewhere
    ("Kultur och fritid för unga" stays one; "Tillgänglighetsguiden och Kommunal Accelerator" are two)."""
    names = []
    for part in (p.strip() for p in text.split(", ")):
        pieces = [part]
        if f" {language().list_and} " in part and part.lower() not in known:
            left, right = part.rsplit(f" {language().list_and} ", 1)
            if left[:1].isupper() and right[:1].isupper():
                pieces = [left.strip(), right.strip()]
        names.extend(p for p in pieces if p)
    return names


def _subheadings(heading: Block, following, section, year, area, report_id, result: ProjectExtraction) -> None:
    level = heading.level or 0
    found = []
    stated = None
    for page, block in following:
        if block.kind is BlockKind.HEADING:
            if (block.level or 0) <= level or is_section_heading(block.text):
                break
            found.append((page, block))
        elif stated is None and section["count"] is not None and not found:
            for start, end in sentences(block.text):
                match = section["count"].search(block.text[start:end].lower())
                if match and (count := parse_count(match["n"])):
                    stated = count[0]
    if section.get("requires_count") and stated is None:
        # Without the sentence that says they are active, these headings are not taken for projects: said, not
        # silent, where there are sub-headings (a chapter of that name with prose only lists nothing to miss).
        if found:
            result.findings.append(finding(report_id, EXTRACTOR, "warning", "project_section_without_count",
                                           following[0][0] if following else None, heading.bbox,
                                           heading=heading.text, count=len(found)))
        return
    for page, block in found:
        name = " ".join(block.text.split())
        result.projects.append(_project(report_id, year, name, area, section["status"], page, block.bbox))
    if stated is not None and stated != len(found):
        result.findings.append(finding(
            report_id, EXTRACTOR, "warning", "project_count_differs" if area else "project_count_differs_without_area",
            following[0][0] if following else None, stated=stated, heading=heading.text, count=len(found),
            **({"area": area} if area else {})))


def is_section_heading(text: str) -> bool:
    lowered = " ".join(text.lower().split())
    return any(section["heading"].search(lowered) for section in _sections())


def _project(report_id, year, name, area, status, page: Page, box: BBox) -> Project:
    return Project(
        report_id=report_id, year=year, name=name, area=area, status=status, page=page.number,
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
    )


