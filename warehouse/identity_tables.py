"""The tables of identities across reports: the mentions they are resolved from, and the decisions written back.

Identity resolution itself is a pure step the pipeline runs
(`extractors.identity_resolution`); this module only reads what the warehouse
holds for it and writes what it decided, then stamps each committee row and
project row with its identity.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from schemas.identities import Identities, PersonMention, ProjectMention


def held_mentions(
    connection: duckdb.DuckDBPyConnection, excluding: Sequence[str] = ()
) -> tuple[list[PersonMention], list[ProjectMention]]:
    """Every committee name and project name the warehouse holds, but for the reports `excluding` (being replaced)."""
    persons = [
        PersonMention(name=name, role=role, municipality_code=code, as_of=as_of, report_year=year,
                      report_id=report_id, page=page, top=top, x0=x0)
        for name, role, code, as_of, year, report_id, page, top, x0 in connection.execute(
            """
            select m.name, m.role, m.municipality_code, m.as_of, r.report_year, m.report_id, m.page, m.top, m.x0
            from committee_members as m
            join reports as r using (report_id)
            where m.report_id not in (select unnest(?::varchar[]))
            """,
            [list(excluding)],
        ).fetchall()
    ]
    projects = [
        ProjectMention(name=name, year=year, report_year=report_year, report_id=report_id, page=page, top=top)
        for name, year, report_year, report_id, page, top in connection.execute(
            """
            select p.name, p.year, r.report_year, p.report_id, p.page, p.top
            from projects as p
            join reports as r using (report_id)
            where p.report_id not in (select unnest(?::varchar[]))
            """,
            [list(excluding)],
        ).fetchall()
    ]
    return persons, projects


def write_identities(connection: duckdb.DuckDBPyConnection, identities: Identities) -> None:
    """Replace the identity tables with these decisions and stamp every row with its identity (inside the caller's transaction)."""
    for table in ("persons", "person_name_decisions", "project_catalog", "project_name_decisions"):
        connection.execute(f"delete from {table}")
    if identities.persons:
        connection.executemany("insert into persons values (?, ?)", [[p.person_id, p.name] for p in identities.persons])
    if identities.person_decisions:
        connection.executemany(
            "insert into person_name_decisions values (?, ?, ?, ?, ?, ?, ?)",
            [[d.name, d.role, d.municipality_code, d.person_id, d.joined_with, d.score, d.reason]
             for d in identities.person_decisions],
        )
    if identities.project_families:
        connection.executemany(
            "insert into project_catalog values (?, ?, ?)",
            [[f.project_id, f.name, list(f.names)] for f in identities.project_families],
        )
    if identities.project_decisions:
        connection.executemany(
            "insert into project_name_decisions values (?, ?, ?, ?, ?)",
            [[d.name, d.project_id, d.joined_with, d.score, d.reason] for d in identities.project_decisions],
        )
    connection.execute(
        """
        update committee_members as m set person_id = d.person_id
        from person_name_decisions as d
        where d.name = m.name and d.role = m.role
          and d.municipality_code is not distinct from m.municipality_code
        """
    )
    connection.execute(
        "update projects as p set project_id = d.project_id from project_name_decisions as d where d.name = p.name"
    )
