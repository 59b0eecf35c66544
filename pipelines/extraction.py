"""The one wiring of the extractors: from a document to everything the warehouse takes of it.

The assets call these per report, and the tests call them too, so what is
tested is what runs. Each reader is a pure function of the document in
`extractors.records`.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.pdf.model import Document
from extractors.records.committee import extract_committee
from extractors.records.key_figures import ProseFigures, extract_key_figures
from extractors.records.plan import extract_plan
from extractors.records.projects import extract_projects
from extractors.records.report_metadata import report_year
from extractors.records.report_tables import table_records
from extractors.records.reports_and_pages import page_records, reading_findings, report_record
from extractors.records.search_terms import glyph_letters, search_records
from extractors.records.statements import StatementExtraction, extract_statements
from pipelines.reading.fingerprint import extraction_fingerprint
from schemas.committee import CommitteeMember
from schemas.findings import ExtractionFinding
from schemas.plan import Network, PlanGoal
from schemas.projects import Project
from schemas.reports import report_id_for
from warehouse import ReportRows


@dataclass(frozen=True)
class PeopleAndProjects:
    """Who sat on the committee, which projects ran, and a plan's goals and networks."""

    committee: list[CommitteeMember]
    projects: list[Project]
    networks: list[Network]
    plan_goals: list[PlanGoal]
    findings: list[ExtractionFinding]


NOTHING_READ = PeopleAndProjects([], [], [], [], [])


@dataclass(frozen=True)
class ReaderFailed:
    """A reader that raised on one report: that report fails with this reason, the others go on."""

    reader: str
    reason: str


def guarded(reader: str, read, document: Document):
    """What `read(document)` gives, or a `ReaderFailed` naming the reader and the error when it raises."""
    try:
        return read(document)
    except Exception as error:  # noqa: BLE001 - any error of one report's reader is that report's failure
        return ReaderFailed(reader, f"{document.file_name}: the {reader} reader failed: {type(error).__name__}: {error}")


def statements_of(document: Document) -> StatementExtraction:
    return extract_statements(document, report_id_for(document.file_name), report_year(document))


def key_figures_of(document: Document) -> ProseFigures:
    return extract_key_figures(document, report_id_for(document.file_name), report_year(document))


def people_and_projects_of(document: Document) -> PeopleAndProjects:
    report_id = report_id_for(document.file_name)
    committee = extract_committee(document, report_id, report_year(document))
    projects = extract_projects(document, report_id, report_year(document))
    plan = extract_plan(document, report_id)
    return PeopleAndProjects(
        committee.members, projects.projects, plan.networks, plan.goals,
        committee.findings + projects.findings + plan.findings,
    )


def report_rows(
    document: Document,
    statements: StatementExtraction,
    figures: ProseFigures,
    people: PeopleAndProjects,
    repaired: str | None = None,
) -> ReportRows:
    """Everything to load for a report that could be read (wholly or in part).

    A reader that failed on it (`ReaderFailed`) fails the report: ValueError with the reader's reason.
    """
    for result in (statements, figures, people):
        if isinstance(result, ReaderFailed):
            raise ValueError(result.reason)
    printed = any(f.statement in ("resultatrakning", "balansrakning") for f in statements.facts)
    report = report_record(document, has_statements=printed).model_copy(
        update={"extraction_fingerprint": extraction_fingerprint()})
    found = table_records(document, report.report_id)
    glyphs = glyph_letters((f.label_as_read, f.label) for f in statements.facts if f.label_as_read)
    pages = page_records(document, glyphs)
    terms, forms = search_records(report.report_id, [(p.page_number, p.search_text or p.text) for p in pages])
    return ReportRows(
        report=report,
        pages=pages,
        page_terms=terms,
        search_forms=forms,
        facts=statements.facts,
        findings=[
            *reading_findings(document, report.report_id, repaired, len(statements.facts)),
            *statements.findings,
            *figures.findings,
            *people.findings,
        ],
        key_figures=list(figures),
        committee=people.committee,
        projects=people.projects,
        networks=people.networks,
        plan_goals=people.plan_goals,
        report_tables=found.tables,
        table_cells=found.cells,
    )


def extract_report(document: Document, repaired: str | None = None) -> ReportRows:
    """Every record of a document, as the pipeline's assets make them one after the other."""
    return report_rows(document, statements_of(document), key_figures_of(document), people_and_projects_of(document),
                       repaired)
