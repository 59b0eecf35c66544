"""Publishing: the working warehouse put where analysts open it, at a cost that grows with what a batch changed,
never with the size of the warehouse.

The pipeline writes `<name>.writing.duckdb`; analysts open `<name>.duckdb`, which each publish replaces
atomically (a rename): a reader that has the old file open reads on undisturbed, one that opens it afterwards
gets the new one, and no reader ever meets a writer's lock.

What is renamed into place is a standby file kept beside it (`<name>.standby.duckdb`): the file published the
time before last, which a hard link keeps under that name when a publish replaces it. A publish brings the
standby up to date from the working copy by copying only what differs:

- in the tables a load writes and nothing else changes (`ROWS_OF_A_LOAD`), the rows of each report whose
  `reports` row differs (loaded, loaded again, withdrawn, gone);
- every other table whole: the checks' findings, the identities, the vocabularies, `reports` itself (a row a
  report, or smaller).

The standby's views are made anew where they differ (a view follows the data: `income_statement_wide` has a
column per year). The standby is copied whole instead (as every publish did before) when there is none, when
the schema of its tables (columns, macros, constraints, comments) is not the working copy's, when a reader still has it open,
when any table's row count differs after the update, or when the update fails; a whole copy goes to
`<name>.publishing.duckdb` first, and a copy that fails is removed, the published file left as it was. The
standby costs the disk one more copy at rest; during a publish there are never more than three.
"""

from __future__ import annotations

import os
import shutil
from contextlib import closing
from pathlib import Path

import duckdb

# The tables whose rows of a report are written by its load and by nothing else (committee_members and projects
# get their person and project ids from the identities of all reports; audit status is a column of `reports`).
ROWS_OF_A_LOAD = ("pages", "page_terms", "search_forms", "report_tables", "report_table_cells", "financial_facts",
                  "key_figures", "networks", "plan_goals", "extraction_findings")
STANDBY = "standby"  # the name the standby file is attached under


def standby_path(published: str | Path) -> Path:
    published = Path(published)
    return published.with_name(f"{published.stem}.standby{published.suffix}")


def staging_path(published: str | Path) -> Path:
    published = Path(published)
    return published.with_name(f"{published.stem}.publishing{published.suffix}")


def publish(connection: duckdb.DuckDBPyConnection, working: Path, published: Path) -> str:
    """Put the working warehouse (open on `connection` for writing) in place of the published one, atomically;
    returns how: "updated" (the standby brought up to date) or "copied" (the working copy copied whole)."""
    standby, staged = standby_path(published), staging_path(published)
    connection.execute("checkpoint")  # everything in the file itself, nothing left in its write-ahead log
    how = "updated" if standby.exists() and brought_up_to_date(connection, standby) else "copied"
    if how == "copied":
        standby.unlink(missing_ok=True)  # stale or held by a reader (who keeps it open): never more than three copies
        Path(f"{standby}.wal").unlink(missing_ok=True)
        try:
            shutil.copyfile(working, staged)
            os.replace(staged, standby)
        except BaseException:
            staged.unlink(missing_ok=True)  # never a half copy left on a full disk; the published file is as it was
            raise
    _swap_in(standby, published)
    return how


def brought_up_to_date(connection: duckdb.DuckDBPyConnection, standby: Path) -> bool:
    """Copy into the standby file what differs from the working copy; False (and the standby no longer
    trusted) where it cannot be: another schema, held by a reader, counts that differ after, any failure."""
    main = connection.execute("select current_database()").fetchone()[0]
    try:
        connection.execute(f"attach {_literal(standby)} as {STANDBY}")
    except duckdb.Error:
        return False  # a reader has it open (DuckDB's lock), or it is no database: copied whole
    try:
        if _schema(connection, main) != _schema(connection, STANDBY):
            return False
        changed = _reports_changed(connection, main)
        tables = [name for (name,) in connection.execute(
            "select table_name from duckdb_tables() where database_name = ? order by table_name", [main]).fetchall()]
        connection.execute("begin transaction")
        try:
            for table in tables:
                if table in ROWS_OF_A_LOAD:
                    if changed:
                        connection.execute(f'delete from {STANDBY}."{table}" where list_contains(?, report_id)', [changed])
                        connection.execute(f'insert into {STANDBY}."{table}" select * from "{main}"."{table}" '
                                           "where list_contains(?, report_id)", [changed])
                else:
                    connection.execute(f'delete from {STANDBY}."{table}"')
                    connection.execute(f'insert into {STANDBY}."{table}" select * from "{main}"."{table}"')
            _make_views_equal(connection, main)
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
        counts = " union all ".join(
            f'select {_literal(t)}, (select count(*) from "{main}"."{t}"), (select count(*) from {STANDBY}."{t}")'
            for t in tables)
        if any(ours != theirs for _, ours, theirs in connection.execute(counts).fetchall()):
            return False
        if _views(connection, main) != _views(connection, STANDBY):
            return False
        connection.execute(f"checkpoint {STANDBY}")
        return True
    except duckdb.Error:
        return False
    finally:
        connection.execute(f"detach database if exists {STANDBY}")


def _reports_changed(connection: duckdb.DuckDBPyConnection, main: str) -> list[str]:
    """The reports whose row differs between the working copy and the standby, or that only one holds, their
    audit status aside (the checks change it without touching the report's rows)."""
    rows = connection.execute(
        f'select report_id from (select * exclude (audit_status) from "{main}".reports '
        f"except select * exclude (audit_status) from {STANDBY}.reports) "
        f"union select report_id from (select * exclude (audit_status) from {STANDBY}.reports "
        f'except select * exclude (audit_status) from "{main}".reports)').fetchall()
    return sorted({report_id for (report_id,) in rows})


def _schema(connection: duckdb.DuckDBPyConnection, database: str) -> list:
    """Everything of a database's tables that a copy of their rows would not carry (views are made equal apart)."""
    tables = "(select table_name from duckdb_tables() where database_name = $1)"
    queries = (
        "select table_name, comment from duckdb_tables() where database_name = $1 order by all",
        "select table_name, column_index, column_name, data_type, column_default, is_nullable, comment "
        f"from duckdb_columns() where database_name = $1 and table_name in {tables} order by all",
        "select function_name, function_type, macro_definition from duckdb_functions() "
        "where database_name = $1 and function_type in ('macro', 'table_macro') order by all",
        "select table_name, constraint_type, constraint_text from duckdb_constraints() where database_name = $1 order by all",
        "select sequence_name from duckdb_sequences() where database_name = $1 order by all",
        "select index_name, sql from duckdb_indexes() where database_name = $1 order by all",
    )
    return [connection.execute(query, [database]).fetchall() for query in queries]


def _views(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, tuple]:
    """Each view of a database, in the order it was made: its SQL, its comment and its columns' comments. A view
    follows the data (`income_statement_wide` has a column per year loaded), so the standby's are made anew."""
    views = connection.execute("select view_name, sql, comment from duckdb_views() where database_name = ? "
                               "and not internal order by view_oid", [database]).fetchall()
    comments = connection.execute("select table_name, column_name, comment from duckdb_columns() "
                                  "where database_name = ? and comment is not null order by column_index",
                                  [database]).fetchall()
    return {name: (sql, comment, tuple((column, text) for view, column, text in comments if view == name))
            for name, sql, comment in views}


def _make_views_equal(connection: duckdb.DuckDBPyConnection, main: str) -> None:
    ours, theirs = _views(connection, main), _views(connection, STANDBY)
    for name in theirs.keys() - ours.keys():
        connection.execute(f'drop view {STANDBY}."{name}"')
    for name, (sql, comment, columns) in ours.items():
        if theirs.get(name) == (sql, comment, columns):
            continue
        connection.execute(f"use {STANDBY}")  # the view's query binds to the standby's own tables
        try:
            connection.execute(sql.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
        finally:
            connection.execute(f'use "{main}"')
        connection.execute(f'comment on view {STANDBY}."{name}" is {_literal(comment) if comment else "NULL"}')
        for column, text in columns:
            connection.execute(f'comment on column {STANDBY}."{name}"."{column}" is {_literal(text)}')


def _swap_in(fresh: Path, published: Path) -> None:
    """`fresh` renamed into the published file's place; the file it replaces kept as the next standby."""
    parked = published.with_name(f"{published.stem}.parked{published.suffix}")
    parked.unlink(missing_ok=True)
    kept = False
    if published.exists():
        try:
            os.link(published, parked)
            kept = True
        except OSError:
            kept = False  # no hard links here: the next publish copies whole
    os.replace(fresh, published)
    if kept:
        os.replace(parked, fresh)


def _literal(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def publish_file(working: Path, published: Path, open_for_writing) -> str:
    """`publish` for the working warehouse's file, opened by `open_for_writing(path)`."""
    with closing(open_for_writing(working)) as connection:
        return publish(connection, working, published)
