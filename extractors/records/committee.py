"""The committee on a date: members and officials by municipality, the presidium, the head of the secretariat.

The list is found by its heading ("Samarbetskommitténs sammansättning ... den
31 december 2024"), never by its page. From there, every heading that names a
member municipality opens that municipality's entries, and the lines below it
are read one by one: a role word ("Ledamöter", "Tjänsteperson") sets the role
of the names that follow; "Name, title" gives an official's title. The
sentences on the presidium and the head of the secretariat are read wherever
they stand in the section, so a two-column layout that puts half of the list
after them changes nothing. The section ends at a heading that names no
municipality.

Whatever cannot be placed (a name before any role, a role the extractor does
not know, a municipality short of members, a member municipality missing from
the list) becomes a finding with its page, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from extractors.pdf.model import BBox, Block, BlockKind, Document, Line, Page, Word, bbox_of, phrase_box
from extractors.records.findings import finding
from extractors.records.municipalities import Municipality, all_municipalities, resolve_municipality
from extractors.years import years_in
from schemas.committee import CommitteeMember
from schemas.findings import ExtractionFinding
from schemas.vocabularies import committee_rules, language

EXTRACTOR = "committee"
EXPECTED_PER_MUNICIPALITY = {"ledamot": 2, "tjansteperson": 1}


@dataclass
class CommitteeExtraction:
    members: list[CommitteeMember] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)
    last_municipality: tuple | None = None  # the municipality the section's last entries stood under


@lru_cache(maxsize=1)
def _patterns() -> dict:
    rules = committee_rules()
    return {
        "as_of": re.compile(rules.as_of),
        "presidium": re.compile(rules.presidium, re.IGNORECASE),
        "secretariat": re.compile(rules.secretariat_head, re.IGNORECASE),
        "roles": {marker: role for role, markers in rules.role_markers.items() for marker in markers},
        "unplaced": frozenset(rules.unplaced_roles),
        "one_role": {role: re.compile(pattern) for role, pattern in rules.presidium_roles.items()},
    }


PRESIDIUM = ("ordforande", "vice_ordforande", "sekretariatschef")  # the roles a committee section names


def committee_as_of(heading: str, report_year: int | None = None) -> date | None:
    """The date of the composition a committee heading opens: the date it gives ("... den 31 december 2024"),
    else the end of the year it names ("Samarbetskommitténs sammansättning 2025"), else the end of the report's
    year; None when the text is no committee heading."""
    rules = committee_rules()
    lowered = " ".join(heading.lower().split())
    if not re.search(rules.section_heading, lowered):
        return None
    match = _patterns()["as_of"].search(lowered)
    if match:
        return date(int(match["year"]), rules.months[match["month"]], int(match["day"]))
    years = years_in(lowered)
    year = years[-1] if years else report_year
    return date(year, 12, 31) if year else None


def extract_committee(document: Document, report_id: str, report_year: int | None = None) -> CommitteeExtraction:
    """Every committee list of a document, a list that runs onto the next page(s) read whole."""
    result = CommitteeExtraction()
    pages = document.pages
    for number, page in enumerate(pages):
        for index, block in enumerate(page.blocks):
            if block.kind is BlockKind.HEADING and (as_of := committee_as_of(block.text, report_year)):
                section, ended = _section(page.blocks[index + 1 :])
                found = read_section(page, section, as_of, report_id)
                follow = number + 1
                while not ended and follow < len(pages):  # the list goes on at the top of the next page
                    more, ended = _section(pages[follow].blocks)
                    if not more:
                        break
                    carried = read_section(pages[follow], more, as_of, report_id, found.last_municipality)
                    found.members.extend(carried.members)
                    found.findings.extend(carried.findings)
                    found.last_municipality = carried.last_municipality or found.last_municipality
                    follow += 1
                result.members.extend(found.members)
                result.findings.extend(found.findings)
                result.findings.extend(completeness_findings(found.members, page, block, report_id, as_of))
                result.findings.extend(role_findings(found.members, page, block, report_id, as_of))
    return result


def _section(blocks: Sequence[Block]) -> tuple[list[Block], bool]:
    """The blocks of a committee section from here, and whether a heading naming no municipality ended it."""
    section = []
    for block in blocks:
        if block.kind is BlockKind.HEADING and resolve_municipality(block.text) is None:
            return section, True
        section.append(block)
    return section, False


def read_section(page: Page, blocks: Sequence[Block], as_of: date, report_id: str,
                 municipality: tuple[Municipality, str] | None = None) -> CommitteeExtraction:
    """The members a committee section names, block by block (under `municipality` until a heading names
    another, where the list runs on from the page before)."""
    result = CommitteeExtraction()
    prose: list[tuple[Block, str]] = []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            resolved = resolve_municipality(block.text)
            municipality = (resolved, " ".join(block.text.split()))
            continue
        if block.kind is BlockKind.TABLE:
            continue
        text = " ".join(block.text.split())
        if presidium := _patterns()["presidium"].search(text):
            for role, name_group, place_group in (("ordforande", "chair", "chair_municipality"),
                                                  ("vice_ordforande", "vice", "vice_municipality")):
                place = presidium[place_group].strip()
                resolved = resolve_municipality(place)
                result.members.append(
                    _member(report_id, as_of, resolved, place, presidium[name_group].strip(), role, None,
                            page, phrase_box(block, presidium[name_group]))
                )
            continue
        if head := _patterns()["secretariat"].search(text):
            result.members.append(
                _member(report_id, as_of, None, None, head["name"].strip(), "sekretariatschef", "sekretariatschef",
                        page, phrase_box(block, head["name"]))
            )
            continue
        if _is_prose(block) or municipality is None:
            prose.append((block, text))
            if municipality is None:
                continue
        if not _is_prose(block):
            _read_lines(page, block.lines, municipality, as_of, report_id, result)
    _one_role_sentences(page, prose, as_of, report_id, result)
    result.last_municipality = municipality
    return result


def _one_role_sentences(page: Page, prose, as_of: date, report_id: str, result: CommitteeExtraction) -> None:
    """The presidium and the head of the secretariat in other wordings, one role a sentence ("Ordförande är
    Anna Berg, Bjuvs kommun"), for the roles the section's sentences named no one for yet."""
    for role, pattern in _patterns()["one_role"].items():
        if any(m.role == role for m in result.members):
            continue
        for block, text in prose:
            if match := pattern.search(text):
                place = (match.groupdict().get("municipality") or "").strip() or None
                resolved = resolve_municipality(place) if place else None
                result.members.append(_member(report_id, as_of, resolved, place, match["name"].strip(), role,
                                              role if role == "sekretariatschef" else None, page,
                                              phrase_box(block, match["name"])))
                break


def role_findings(members: Sequence[CommitteeMember], page: Page, heading: Block, report_id: str,
                  as_of: date) -> list[ExtractionFinding]:
    """A finding for each role of the presidium and secretariat the committee section names no one for, and one
    when the section names nobody at all."""
    if not members:
        return [finding(report_id, EXTRACTOR, "warning", "committee_section_without_members", page, heading.bbox,
                        heading=" ".join(heading.text.split()))]
    named = {m.role for m in members}
    return [finding(report_id, EXTRACTOR, "warning", "committee_role_missing", page, heading.bbox,
                    as_of=as_of.isoformat(), role=role)
            for role in PRESIDIUM if role not in named]


def _is_prose(block: Block) -> bool:
    """A sentence about the committee ("Sekretariatet ... finns på ..."), not a list of names."""
    first = block.lines[0].words[0].text.lower().rstrip(":")
    listed = first in _patterns()["roles"] or first in _patterns()["unplaced"]
    return not listed and block.text.rstrip().endswith(".") and len(block.text.split()) > 4


def _read_lines(page, lines: Sequence[Line], municipality, as_of, report_id, result: CommitteeExtraction) -> None:
    role = None
    roles, unplaced = _patterns()["roles"], _patterns()["unplaced"]
    for line in lines:
        words = list(line.words)
        first = words[0].text.lower().rstrip(":")
        if first in roles:
            role, words = roles[first], words[1:]
        elif first in unplaced:
            role = None
            result.findings.append(finding(report_id, EXTRACTOR, "warning", "committee_role_not_read", page, line.bbox,
                                           role=words[0].text, municipality=municipality[1]))
            continue
        if not words:
            continue
        text = " ".join(w.text for w in words)
        if role is None:
            result.findings.append(finding(report_id, EXTRACTOR, "warning", "committee_name_before_role", page, line.bbox,
                                           text=text, municipality=municipality[1]))
            continue
        for name, title, name_words in _names(text, words, role):
            result.members.append(
                _member(report_id, as_of, municipality[0], municipality[1], name, role, title, page, bbox_of(name_words))
            )


def _names(text: str, words: list[Word], role: str) -> list[tuple[str, str | None, list[Word]]]:
    """The names on a line: "Name, title" for an official, "A, B och C" for members."""
    if role == "tjansteperson" and "," in text:
        name, title = text.split(",", 1)
        count = len(name.split())
        return [(name.strip(), " ".join(title.split()) or None, words[:count])]
    names = [n.strip() for n in re.split(rf",| {re.escape(language().list_and)} ", text) if n.strip()]
    found, position = [], 0
    for name in names:
        count = len(name.split())
        found.append((name, None, words[position : position + count] or words))
        position += count + (1 if position + count < len(words) and words[position + count].text == language().list_and else 0)
    return found


def _member(report_id, as_of, municipality, printed, name, role, title, page, box: BBox) -> CommitteeMember:
    title = " ".join(title.split()) if title else None
    return CommitteeMember(
        report_id=report_id,
        as_of=as_of,
        municipality_code=municipality.code if municipality else None,
        municipality=printed,
        name=" ".join(name.split()),
        role=role,
        title=title,
        acting=bool(title and re.match(r"^tf\.?\b", title.lower())),
        page=page.number,
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
    )


def completeness_findings(
    members: Sequence[CommitteeMember], page: Page, heading: Block, report_id: str, as_of: date
) -> list[ExtractionFinding]:
    """A member municipality missing from the list, or one with fewer or more people than the agreement gives."""
    findings = []
    listed = {m.municipality_code for m in members if m.role in EXPECTED_PER_MUNICIPALITY}
    for municipality in all_municipalities():
        if municipality.code not in listed:
            findings.append(finding(report_id, EXTRACTOR, "warning", "committee_municipality_missing", page, heading.bbox,
                                    as_of=as_of.isoformat(), municipality=municipality.name, code=municipality.code))
            continue
        for role, expected in EXPECTED_PER_MUNICIPALITY.items():
            count = sum(1 for m in members if m.municipality_code == municipality.code and m.role == role)
            if count != expected:
                findings.append(finding(report_id, EXTRACTOR, "warning", "committee_role_count", page, heading.bbox,
                                        municipality=municipality.name, count=count, role=role, as_of=as_of.isoformat(),
                                        expected=expected))
    return findings

