"""Writing validated records into DuckDB, one report at a time, all or nothing.

Migrations are the `.sql` files of `warehouse/migrations/`, applied in name
order and recorded in `schema_migrations`, so applying them twice changes
nothing. A load deletes the report's rows and inserts the new ones inside one
transaction: running it twice never duplicates, and a load that fails half-way
rolls back to the state before it.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from schemas.committee import CommitteeMember
from schemas.financial import FinancialFact
from schemas.findings import ExtractionFinding
from schemas.identities import Identities
from schemas.key_figures import KeyFigure
from schemas.plan import Network, PlanGoal
from schemas.projects import Project
from schemas.reports import PageRecord, ReportRecord
from schemas.search import PageTerm, SearchForm
from schemas.tables import ReportTable, ReportTableCell
from schemas.vocabularies import Chart, key_figure_rules, line_item_charts, municipality_vocabulary
from warehouse import segments
from warehouse.files import clone_or_copy, try_clone
from warehouse.identity_tables import write_identities

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MACROS_DIR = Path(__file__).resolve().parent / "macros"
VIEWS_DIR = Path(__file__).resolve().parent / "views"

# Tables holding rows of one report each, cleared before that report is loaded.
# `reports` is last: it is the parent row.
REPORT_TABLES = (
    "pages",
    "page_terms",
    "search_forms",
    "report_tables",
    "report_table_cells",
    "financial_facts",
    "key_figures",
    "committee_members",
    "projects",
    "networks",
    "plan_goals",
    "extraction_findings",
    "reports",
)


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS_DIR.glob("*.sql"))


def migrate(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet applied; return the names of those applied now."""
    connection.execute(
        "create table if not exists schema_migrations (name varchar primary key, applied_at timestamp not null)"
    )
    done = {row[0] for row in connection.execute("select name from schema_migrations").fetchall()}
    applied = []
    for path in migration_files():
        if path.name in done:
            continue
        with transaction(connection):
            connection.execute(path.read_text(encoding="utf-8"))
            connection.execute(
                "insert into schema_migrations values (?, ?)", [path.name, datetime.now(UTC)]
            )
        applied.append(path.name)
    return applied


# Migrations an earlier release applied whose work lives elsewhere now (views: `warehouse/views/`): a
# warehouse that records them is not from a newer release.
RETIRED_MIGRATIONS = frozenset({"006_income_statement.sql", "009_people_views.sql", "011_view_comments.sql",
                                "013_income_statement_by_recency.sql"})


def unknown_migrations(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Migrations the warehouse records that this release does not know: it was made by a newer one."""
    known = {path.name for path in migration_files()} | RETIRED_MIGRATIONS
    return sorted(name for (name,) in connection.execute("select name from schema_migrations").fetchall()
                  if name not in known)


@cache
def expected_columns() -> dict[str, tuple[str, ...]]:
    """Every table's columns as the migrations make them, from an empty database in memory."""
    with duckdb.connect(":memory:", config=DUCKDB_CONFIG) as memory:
        migrate(memory)
        rows = memory.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'main' order by table_name, column_index"
        ).fetchall()
    columns: dict[str, list[str]] = {}
    for table, column in rows:
        columns.setdefault(table, []).append(column)
    return {table: tuple(names) for table, names in columns.items()}


def refuse_newer(path: str | Path) -> None:
    """Raise `WarehouseFault`, in a line, when the warehouse at `path` was made by a newer release (read only:
    nothing is written to it, no working copy is made of it)."""
    with closing(_open(Path(path), read_only=True, wait_seconds=60)) as connection:
        if not connection.execute("select 1 from duckdb_tables() where table_name = 'schema_migrations'").fetchall():
            return
        newer = unknown_migrations(connection)
    if newer:
        raise WarehouseFault(
            f"the warehouse {path} was made by a newer release of this project (migration {newer[0]} is unknown "
            "here): run that release, or set WAREHOUSE_PATH to another file")


def check_schema(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise `WarehouseFault`, in a line, when the warehouse is not one this release can write: made by a newer
    release, or with a table or column of ours gone (renamed or dropped by hand)."""
    newer = unknown_migrations(connection)
    if newer:
        raise WarehouseFault(
            f"the warehouse {path} was made by a newer release of this project (migration {newer[0]} is unknown "
            "here): run that release, or set WAREHOUSE_PATH to another file")
    present: dict[str, set[str]] = {}
    for table, column in connection.execute(
            "select table_name, column_name from duckdb_columns() where schema_name = 'main'").fetchall():
        present.setdefault(table, set()).add(column)
    missing = [f"{table}.{column}" for table, columns in expected_columns().items()
               for column in columns if column not in present.get(table, set())]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise WarehouseFault(
            f"the warehouse {path} lacks {shown}, which this release's migrations make (renamed or dropped by hand?): "
            "put them back, or move the file aside; make run builds a new warehouse from the reports folder")


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse file; nothing was written."""


class WarehouseFault(RuntimeError):
    """The warehouse itself cannot be read or written (its file, its folder, its disk), whatever the reports."""


def fault_message(error: BaseException, path: str | Path, working: str | Path | None = None) -> str | None:
    """What is wrong with the warehouse and what to do, in one line, when `error` is the warehouse's own fault
    (`working`: the working copy the pipeline writes beside it, when there is one)."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lowered = first.lower()
    if isinstance(error, WarehouseLocked):
        holder = re.search(r"Conflicting lock is held in (.+?) \(PID (\d+)\)", first)
        who = f"{Path(holder[1]).name} (pid {holder[2]})" if holder else "another process"
        return (f"the warehouse {path} is held open for writing by {who}: a Dagster run of this pipeline (wait for it "
                "to finish) or another program's read-write connection (close it; a read-only one never blocks a load), "
                "then run make run again")
    if isinstance(error, WarehouseFault):
        return first
    if "not a valid duckdb database" in lowered or "corrupt" in lowered or "checksum" in lowered:
        return damaged_message(first, Path(path), Path(working) if working else None)
    if "no space left" in lowered or getattr(error, "errno", None) == errno.ENOSPC:
        return f"the disk that holds the warehouse {path} is full ({first}): free some space, then run make run again"
    if (isinstance(error, PermissionError) or "permission denied" in lowered or "operation not permitted" in lowered
            or "read-only file system" in lowered or getattr(error, "errno", None) == errno.EROFS):
        return (f"the warehouse {path} cannot be written ({first}): make its folder writable, "
                "or set WAREHOUSE_PATH to a place that is")
    return None


# DuckDB never fetches or loads an extension on its own here: a file that is not a DuckDB database (a SQLite
# file, say) would make it try to download one. Every connection of the project opens with this config.
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
OLDEST_STORAGE_VERSION = 64  # DuckDB 0.9: the oldest file format today's DuckDB reads
SEGMENTS_FROM_MB = 512  # where a whole copy (about 1.3 s a GB on ext4) starts to cost more than a catalog


def not_a_warehouse(path: Path) -> str | None:
    """What the thing at `path` is, when it is plainly no DuckDB warehouse this DuckDB can open (a folder, a
    SQLite file, a DuckDB file of a format older than it reads); None otherwise (missing, or DuckDB's to judge)."""
    if path.is_dir():
        return (f"WAREHOUSE_PATH {path} is a folder, not a file: set WAREHOUSE_PATH to a file "
                "(its folder is made if it is missing)")
    try:
        with open(path, "rb") as handle:
            head = handle.read(20)
    except FileNotFoundError:
        return None
    except OSError:
        return None  # DuckDB's own error says why
    if head.startswith(b"SQLite format 3\0"):
        return (f"the warehouse {path} is a SQLite database, not a DuckDB one: move it aside or set WAREHOUSE_PATH "
                "to another file; make run builds a new warehouse from the reports folder")
    if head[8:12] == b"DUCK" and len(head) >= 20:
        version = int.from_bytes(head[12:20], "little")
        if version < OLDEST_STORAGE_VERSION:
            return (f"the warehouse {path} was written by DuckDB 0.8 or older (storage version {version}), which "
                    f"DuckDB {duckdb.__version__} cannot read: export it with that DuckDB (EXPORT DATABASE), or move "
                    "it aside; make run builds a new warehouse from the reports folder")
    return None


def read_every_table(connection: duckdb.DuckDBPyConnection) -> None:
    """Read every table whole: a damaged block anywhere in the file raises here."""
    for (table,) in connection.execute("select table_name from duckdb_tables()").fetchall():
        connection.execute(f'select * from "{table}"').fetchall()


def readable(path: Path) -> bool:
    """Whether a warehouse file opens and every table of it reads whole."""
    try:
        with closing(duckdb.connect(str(path), read_only=True, config=DUCKDB_CONFIG)) as connection:
            read_every_table(connection)
        return True
    except duckdb.Error:
        return False


def damaged_message(first: str, path: Path, working: Path | None) -> str:
    """What to do with a damaged warehouse, keeping whichever of its two files is good."""
    if working is None or not working.exists():
        return (f"the warehouse {path} is damaged ({first}): move it aside and run make run again; "
                "the warehouse is rebuilt from the reports folder")
    published_good, working_good = path.exists() and readable(path), readable(working)
    if published_good and not working_good:
        return (f"the working copy {working} of the warehouse is damaged ({first}); the published warehouse {path} "
                f"is intact: move {working.name} aside and run make run again, which goes on from the published one")
    if working_good and not published_good:
        return (f"the published warehouse {path} is damaged ({first}); its working copy {working} is intact: move "
                f"{path.name} aside and run make run again, which publishes the working copy")
    return (f"the warehouse {path} and its working copy {working} are both damaged ({first}): move both files aside "
            "and run make run again; the warehouse is rebuilt from the reports folder (withdrawn reports' rows are lost)")


def _open(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting with growing pauses while another process holds its lock."""
    problem = not_a_warehouse(path)
    if problem:
        raise WarehouseFault(problem)
    deadline = time.monotonic() + wait_seconds
    pause = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() + pause > deadline:
                raise WarehouseLocked(
                    f"the warehouse {path} is locked by another process; tried for {wait_seconds:g} s "
                    f"({str(error).splitlines()[0]})"
                ) from error
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


def connect(path: str | Path, read_only: bool = False, wait_seconds: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse at `path`, creating it and applying migrations if needed.

    DuckDB lets one process write a file at a time: while another holds it, this
    waits up to `wait_seconds`, then raises `WarehouseLocked`.
    """
    path = Path(path)
    if read_only:
        return _open(path, read_only=True, wait_seconds=wait_seconds)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _open(path, read_only=False, wait_seconds=wait_seconds)
    try:
        migrate(connection)
        check_schema(connection, path)
    except BaseException:
        connection.close()
        raise
    sync_line_items(connection, line_item_charts())
    sync_municipalities(connection)
    sync_key_figure_counterparts(connection)
    create_views(connection)
    return connection


def sync_key_figure_counterparts(connection: duckdb.DuckDBPyConnection) -> None:
    """Make `key_figure_counterparts` hold the table counterparts of `key_figures.yaml`."""
    rows = [
        {"line_item": c.line_item, "sign": c.sign, "metric": metric, "weight": weight}
        for c in key_figure_rules().table_counterparts
        for metric, weight in c.metrics.items()
    ]
    current = connection.execute("select line_item, sign, metric, weight from key_figure_counterparts").fetchall()
    if sorted(tuple(r) for r in current) == sorted(tuple(r.values()) for r in rows):
        return
    with transaction(connection):
        connection.execute("delete from key_figure_counterparts")
        _insert(connection, "key_figure_counterparts", rows)


def sync_municipalities(connection: duckdb.DuckDBPyConnection) -> None:
    """Make `municipalities` hold exactly the vocabulary file's eleven."""
    rows = [
        {"code": m.code, "name": m.name, "forms": list(m.forms)}
        for m in municipality_vocabulary().municipalities
    ]
    current = connection.execute("select code, name, forms from municipalities order by code").fetchall()
    if [tuple(r) for r in current] == sorted(tuple(r.values()) for r in rows):
        return
    with transaction(connection):
        connection.execute("delete from municipalities")
        _insert(connection, "municipalities", rows)


def sync_line_items(connection: duckdb.DuckDBPyConnection, charts: Sequence[Chart]) -> None:
    """Make `line_items` hold exactly the charts of the vocabulary files."""
    rows = [
        {
            "code": item.code,
            "name": item.name,
            "statement": item.statement,
            "kind": item.kind,
            "sort_order": item.order,
            "sums": list(item.sums),
            "aliases": list(item.aliases),
            "specifies": item.specifies.code if item.specifies else None,
            "specifies_sign": item.specifies.sign if item.specifies else None,
            "concept": item.concept,
            "concept_rank": item.concept_rank if item.concept else None,
        }
        for chart in charts
        for item in chart.line_items
    ]
    current = connection.execute(
        "select code, name, statement, kind, sort_order, sums, aliases, specifies, specifies_sign, concept, concept_rank"
        " from line_items order by code"
    ).fetchall()
    wanted = sorted(tuple(r.values()) for r in rows)
    if [tuple(c) for c in current] == wanted:
        return
    with transaction(connection):
        connection.execute("delete from line_items")
        _insert(connection, "line_items", rows)


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    connection.execute("begin transaction")
    try:
        yield
    except BaseException:
        connection.execute("rollback")
        raise
    else:
        connection.execute("commit")


@dataclass(frozen=True)
class ReportRows:
    """Everything extracted from one report, as validated records."""

    report: ReportRecord
    pages: Sequence[PageRecord] = ()
    facts: Sequence[FinancialFact] = ()
    findings: Sequence[ExtractionFinding] = ()
    key_figures: Sequence[KeyFigure] = ()
    committee: Sequence[CommitteeMember] = ()
    projects: Sequence[Project] = ()
    networks: Sequence[Network] = ()
    plan_goals: Sequence[PlanGoal] = ()
    report_tables: Sequence[ReportTable] = ()
    table_cells: Sequence[ReportTableCell] = ()
    page_terms: Sequence[PageTerm] = ()
    search_forms: Sequence[SearchForm] = ()

    def tables(self) -> dict[str, Sequence]:
        return {
            "reports": [self.report],
            "pages": self.pages,
            "page_terms": self.page_terms,
            "search_forms": self.search_forms,
            "financial_facts": self.facts,
            "extraction_findings": self.findings,
            "key_figures": self.key_figures,
            "committee_members": self.committee,
            "projects": self.projects,
            "networks": self.networks,
            "plan_goals": self.plan_goals,
            "report_tables": self.report_tables,
            "report_table_cells": self.table_cells,
        }


def replace_reports(connection: duckdb.DuckDBPyConnection, batch: Sequence[ReportRows], identities: Identities) -> None:
    """Replace everything the warehouse holds for these reports, in one transaction.

    Each table gets one bulk insert for the whole batch. The identities across
    reports (persons, project families: resolved by the pipeline over every
    report held with these) and the views whose columns follow the data are
    written in the same transaction, so a reader never sees a report without them.
    """
    if not batch:
        return
    for rows in batch:
        report_id = rows.report.report_id
        for table, records in rows.tables().items():
            for record in records:
                if record.report_id != report_id:
                    raise ValueError(f"a {table} row of {record.report_id!r} given with report {report_id!r}")
    ids = [rows.report.report_id for rows in batch]
    if len(set(ids)) != len(ids):
        raise ValueError(f"a report given twice in one batch: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    with transaction(connection):
        for table in REPORT_TABLES:
            connection.execute(f"delete from {table} where report_id in (select unnest(?))", [ids])
        for table in batch[0].tables():
            _insert(connection, table, [record.model_dump() for rows in batch for record in rows.tables()[table]])
        connection.execute("delete from quarantine where file_name in (select unnest(?))", [[r.report.file_name for r in batch]])
        connection.execute("insert or ignore into unpublished_reports select unnest(?)", [ids])
        write_identities(connection, identities)
        create_views(connection)


def load_failure_reason(error: Exception) -> str:
    """Why a report could not be loaded, in one line."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"could not be loaded into the warehouse: {type(error).__name__}: {first}"


def create_views(connection: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) every view of `warehouse/views/`: one file per view, named for it.

    Views hold no data, so they are made anew on every writable connection and after every load, never
    migrated: a change to a view is a change to its file. A view whose file holds `{years}` has one column
    per fiscal year in the warehouse; with none yet, its `<name>.no_years.sql` stands in. A view made from
    other views is made after them.
    """
    for path in view_files():
        _create_view(connection, path)
    for path in sorted(MACROS_DIR.glob("*.sql")):  # table macros over the views: search(query)
        connection.execute(path.read_text(encoding="utf-8"))


def view_files() -> list[Path]:
    """The views' files, each after the views its SQL names."""
    files = {path.stem: path for path in sorted(VIEWS_DIR.glob("*.sql")) if "." not in path.stem}
    sql = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    uses = {name: {other for other in files if other != name and re.search(rf"\b{other}\b", sql[name])} for name in files}
    ordered: list[str] = []
    while len(ordered) < len(files):
        ready = [name for name in files if name not in ordered and uses[name] <= set(ordered)]
        if not ready:
            raise ValueError(f"views made from each other in a circle: {sorted(set(files) - set(ordered))}")
        ordered += ready
    return [files[name] for name in ordered]


def _create_view(connection: duckdb.DuckDBPyConnection, path: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    if "{years}" not in sql:
        connection.execute(sql)
        return
    years = [int(row[0]) for row in connection.execute(
        "select distinct fiscal_year from income_statement order by 1"
    ).fetchall()]
    if not years:
        connection.execute(path.with_name(f"{path.stem}.no_years.sql").read_text(encoding="utf-8"))
        return
    connection.execute(sql.replace("{years}", ", ".join(str(year) for year in years)))
    for year in years:
        connection.execute(
            f'comment on column {path.stem}."{year}" is '
            f"'The line''s figure for fiscal year {year}, SEK (from the newest report stating it).'"
        )


def record_failure(
    connection: duckdb.DuckDBPyConnection,
    report: ReportRecord,
) -> None:
    """Record that a report failed, keeping whatever an earlier load of it wrote.

    A file that was good and is now broken must not take its data down with it:
    only the `reports` row changes (status, error, hash), the pages stay. The
    file goes on the quarantine list; it is never moved or deleted.
    """
    if report.status != "failed":
        raise ValueError(f"record_failure takes a failed report, got status {report.status!r}")
    with transaction(connection):
        connection.execute("delete from reports where report_id = ?", [report.report_id])
        _insert(connection, "reports", [report.model_dump()])
        connection.execute("delete from quarantine where file_name = ?", [report.file_name])
        connection.execute(
            "insert into quarantine values (?, ?, ?, ?)",
            [report.file_name, report.sha256, report.error or "unknown", report.ingested_at],
        )
        create_views(connection)


def record_duplicate(connection: duckdb.DuckDBPyConnection, report: ReportRecord) -> None:
    """Record a file whose bytes another file's report holds: its `reports` row only, any rows of its own gone."""
    if report.status != "duplicate":
        raise ValueError(f"record_duplicate takes a duplicate report, got status {report.status!r}")
    with transaction(connection):
        for table in REPORT_TABLES:
            connection.execute(f"delete from {table} where report_id = ?", [report.report_id])
        _insert(connection, "reports", [report.model_dump()])
        connection.execute("delete from quarantine where file_name = ?", [report.file_name])
        connection.execute("insert or ignore into unpublished_reports values (?)", [report.report_id])
        create_views(connection)


def held_contents(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Which file holds each content hash the warehouse has loaded, the first by name. A withdrawn report
    still holds its bytes: its rows are kept, so a copy of it is not loaded beside them."""
    rows = connection.execute(
        "select sha256, min(file_name) from reports where status in ('loaded', 'incomplete') group by sha256"
    ).fetchall()
    return dict(rows)


def working_path(published: str | Path) -> Path:
    """The file the pipeline writes: beside the warehouse analysts open (`published`), which it replaces
    with a copy of this one after each load, so a reader never meets a writer's lock."""
    published = Path(published)
    return published.with_name(f"{published.stem}.writing{published.suffix}")


def publish(working: str | Path, published: str | Path, segments_from: int | None = None) -> str:
    """Put a copy of the working warehouse in place of the published one, atomically: a reader that has the
    old file open reads on undisturbed, a reader that opens it afterwards gets the new one. The copy is a
    clone where the file system makes one (`warehouse.files`): then a publish costs the same at any size.
    Where it cannot, a warehouse of `segments_from` bytes or more (FH_SEGMENTS_FROM_MB) is published as a
    catalog over segment files, writing only what changed (`warehouse.segments`), a smaller one copied
    whole. Says how: "cloned", "copied" or "segments"."""
    working, published = Path(working), Path(published)
    staged = published.with_name(f"{published.stem}.publishing{published.suffix}")
    if segments_from is None:
        segments_from = segments_threshold()
    try:
        with closing(_open(working, read_only=False, wait_seconds=60)) as connection:
            connection.execute("checkpoint")  # everything in the file itself, nothing left in its write-ahead log
            how = "cloned" if try_clone(working, staged) else None
            if how is None and working.stat().st_size < segments_from:
                shutil.copyfile(working, staged)
                how = "copied"
        if how is None:
            segments.publish_by_segments(working, published, staged, _waiting_open)
            return "segments"
        segments.forget_changes(staged, _waiting_open)  # the published copy holds everything
        os.replace(staged, published)
        segments.forget_changes(working, _waiting_open)
        segments.collect_garbage(segments.folder_of(published.resolve()), None, _waiting_open)
        return how
    except BaseException:
        staged.unlink(missing_ok=True)  # never a half copy left on a full disk; the published file is as it was
        raise


def _waiting_open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A file opened as every connection of the project opens, waiting up to a minute while another process
    holds its lock (a reader of the working copy, say)."""
    return _open(Path(path), read_only=read_only, wait_seconds=60)


def segments_threshold() -> int:
    """From what size a warehouse is published by segments where it cannot be cloned (FH_SEGMENTS_FROM_MB)."""
    return int(float(os.environ.get("FH_SEGMENTS_FROM_MB", SEGMENTS_FROM_MB)) * 1_000_000)


def restore_working(published: str | Path, working: str | Path) -> None:
    """A working copy made from the published warehouse: a clone or a copy of it, or every row of a catalog."""
    published, working = Path(published), Path(working)
    with closing(_open(published, read_only=True, wait_seconds=60)) as connection:
        catalog = segments.is_catalog(connection)
    if catalog:
        segments.restore(published, working, connect)
    else:
        clone_or_copy(published, working)


def current_level() -> frozenset[str]:
    """The migrations this release applies: what a warehouse it can read without migrating records."""
    return frozenset(path.name for path in migration_files())


def schema_level(path: str | Path) -> frozenset[str]:
    """The migrations a warehouse file records (none when it has no ledger yet), read without writing it."""
    with closing(_open(Path(path), read_only=True, wait_seconds=60)) as connection:
        if not connection.execute("select 1 from duckdb_tables() where table_name = 'schema_migrations'").fetchall():
            return frozenset()
        return frozenset(name for (name,) in connection.execute("select name from schema_migrations").fetchall())


def report_files(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Which file each report id the warehouse holds belongs to."""
    return dict(connection.execute("select report_id, file_name from reports").fetchall())


def mark_withdrawn(connection: duckdb.DuckDBPyConnection, file_name: str, when) -> bool:
    """Mark the report of a file that is gone from the folder; its rows stay. False if it was never loaded."""
    with transaction(connection):
        updated = connection.execute(
            "update reports set withdrawn_at = coalesce(withdrawn_at, ?) where file_name = ? returning report_id",
            [when, file_name],
        ).fetchall()
    return bool(updated)


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert rows in bulk: as one Arrow table that DuckDB reads column by column."""
    if not rows:
        return
    columns = list(rows[0])
    incoming = pa.table(  # noqa: F841 - read by DuckDB's replacement scan below, by name
        {c: [list(row[c]) if isinstance(row[c], tuple) else row[c] for row in rows] for c in columns}
    )
    quoted = ", ".join(f'"{c}"' for c in columns)
    connection.execute(f"insert into {table} ({quoted}) select {quoted} from incoming")

