"""Identities across reports, rebuilt inside every load's transaction.

Reads every committee member and project the warehouse holds, oldest report
first, lets the pure clustering of `extractors.identities` decide, and writes
`persons`, `project_catalog` and the decisions behind them, then stamps the
identity on each row. Rebuilding from everything keeps the result the same
whatever order the reports were loaded in.
"""

from __future__ import annotations

import duckdb

from extractors.identities import PersonMention, cluster_persons, cluster_projects


def refresh_identities(connection: duckdb.DuckDBPyConnection) -> None:
    _refresh_persons(connection)
    _refresh_projects(connection)


def _refresh_persons(connection: duckdb.DuckDBPyConnection) -> None:
    mentions = [
        PersonMention(name, role, code)
        for name, role, code in connection.execute(
            """
            select m.name, m.role, m.municipality_code
            from committee_members as m
            join reports as r using (report_id)
            order by m.as_of, r.report_year, m.report_id, m.page, m.top, m.x0
            """
        ).fetchall()
    ]
    decisions = cluster_persons(mentions)
    connection.execute("delete from persons")
    connection.execute("delete from person_name_decisions")
    persons = {d.identity: d.name for d in reversed(decisions) if d.joined_with is None}
    if persons:
        connection.executemany("insert into persons values (?, ?)", list(persons.items()))
    rows = []
    for mention, decision in zip(_distinct(mentions), decisions):
        rows.append([mention.name, mention.role, mention.municipality_code, decision.identity,
                     decision.joined_with, decision.score, decision.reason])
    if rows:
        connection.executemany("insert into person_name_decisions values (?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute(
        """
        update committee_members as m set person_id = d.person_id
        from person_name_decisions as d
        where d.name = m.name and d.role = m.role
          and d.municipality_code is not distinct from m.municipality_code
        """
    )


def _distinct(mentions: list[PersonMention]) -> list[PersonMention]:
    from extractors.identities import normalise_name

    seen, distinct = set(), []
    for mention in mentions:
        key = (normalise_name(mention.name), mention.role, mention.municipality_code)
        if key not in seen:
            seen.add(key)
            distinct.append(mention)
    return distinct


def _refresh_projects(connection: duckdb.DuckDBPyConnection) -> None:
    names = [
        row[0]
        for row in connection.execute(
            """
            select p.name from projects as p join reports as r using (report_id)
            order by p.year, r.report_year, p.report_id, p.page, p.top
            """
        ).fetchall()
    ]
    decisions = cluster_projects(names)
    connection.execute("delete from project_catalog")
    connection.execute("delete from project_name_decisions")
    families: dict[str, dict] = {}
    for decision in decisions:
        family = families.setdefault(decision.identity, {"name": decision.name, "names": []})
        family["names"].append(decision.name)
    if families:
        connection.executemany(
            "insert into project_catalog values (?, ?, ?)",
            [[pid, f["name"], f["names"]] for pid, f in families.items()],
        )
        connection.executemany(
            "insert into project_name_decisions values (?, ?, ?, ?, ?)",
            [[d.name, d.identity, d.joined_with, d.score, d.reason] for d in decisions],
        )
    connection.execute(
        "update projects as p set project_id = d.project_id from project_name_decisions as d where d.name = p.name"
    )
