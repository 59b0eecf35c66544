"""Publishing a large warehouse where the file system cannot clone: what a batch changed, not the whole file.

A copy of the whole file costs time in proportion to it (about 1.3 s a GB on ext4). Past a size
(`FH_SEGMENTS_FROM_MB`), the published file is instead a catalog: the small tables copied whole, and each
big table of report rows (`SEGMENTED`: 96% of the bytes of the Swedish reports' warehouse) a view over
Parquet files in the folder `<name>.segments/` beside it. A publish writes the rows of the reports loaded since the last one
(`unpublished_reports`) to one new file per table, and never changes a file once written, so a reader that
has an earlier catalog open reads on undisturbed. The catalog says which file holds each report's rows now
(`published_segments`): a report loaded again is read from its newest file only.

Files are merged by size (four of a size into one), so a table is read from a few files whatever the number
of batches, and each row is written again only a few times in all. Each catalog is also kept under
`catalogs/`: a file no catalog names any more is deleted once no reader has any catalog that names it open
(DuckDB holds a lock on the file it reads; the lock is tried, never waited for).
"""

from __future__ import annotations

import errno
import math
import os
import secrets
import shutil
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import duckdb

try:
    import fcntl
except ImportError:  # not a POSIX system: no lock is tried, so no catalog is taken for unread
    fcntl = None

# The tables of report rows kept in segments: written only by a report's load (or a duplicate's removal), the
# bulk of a warehouse (page text, search index, tables' cells, facts). The others are copied whole: `reports`
# (a row a report, its audit status set by every audit), the identities and checks (rewritten across reports by
# every load), the vocabularies.
SEGMENTED = ("pages", "page_terms", "search_forms", "report_tables", "report_table_cells", "financial_facts",
             "key_figures", "extraction_findings", "networks", "plan_goals")
MAP = "published_segments"
Opener = Callable[[Path, bool], duckdb.DuckDBPyConnection]  # (path, read_only): warehouse.loader's waiting open
MERGE_AT = 4  # files of one size class merged into one
SIZE_CLASS_BASE = 4.0


def folder_of(published: Path) -> Path:
    return published.with_name(f"{published.stem}.segments")


def is_catalog(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection's warehouse is a catalog published by segments."""
    return bool(connection.execute(
        "select 1 from duckdb_tables() where database_name = current_database() and schema_name = 'main' "
        f"and table_name = '{MAP}'").fetchall())


def publish_by_segments(working: Path, published: Path, staged: Path, open_database: Opener) -> None:
    """Make `staged` a catalog of the working warehouse, its report rows in segment files (those of the
    catalog at `published` kept where their reports have not changed), then put it in place of `published`.
    `open_database(path, read_only)` opens a file, waiting while another process holds its lock."""
    folder = folder_of(published.resolve())
    (folder / "catalogs").mkdir(parents=True, exist_ok=True)
    with closing(open_database(working, False)) as connection:
        connection.execute("checkpoint")
        level = _level(connection)
        changed = [rid for (rid,) in connection.execute("select report_id from unpublished_reports").fetchall()]
    previous = _previous_catalog(published, level, open_database)
    if staged.exists():
        staged.unlink()
    sequence = _next_sequence(folder)
    with closing(open_database(staged, False)) as catalog:
        catalog.execute(f"attach '{_quoted(working)}' as w (read_only)")
        catalog.execute(f"create table main.{MAP} (table_name varchar, report_id varchar, file varchar)")
        if previous:  # the files of the reports unchanged since, of reports the working copy still holds
            catalog.execute(f"attach '{_quoted(published)}' as p (read_only)")
            catalog.execute(f"insert into main.{MAP} select * from p.main.{MAP} where report_id not in "
                            "(select unnest(?)) and report_id in (select report_id from w.main.reports)", [changed])
            catalog.execute("detach p")
        else:  # none, another schema, a file missing: every report's rows written anew
            changed = [rid for (rid,) in catalog.execute("select report_id from w.main.reports").fetchall()]
        for table in SEGMENTED:
            if changed:
                _write_segment(catalog, table, changed, folder / table / _file_name(sequence))
            _merge(catalog, table, folder / table, sequence)
        _write_catalog(catalog)
        catalog.execute("detach w")
        catalog.execute("checkpoint")
    kept = folder / "catalogs" / f"{sequence:08d}.duckdb"
    os.link(staged, kept)
    os.replace(staged, published)
    with closing(open_database(working, False)) as connection:
        connection.execute("delete from unpublished_reports where report_id in (select unnest(?))", [changed])
    collect_garbage(folder, kept, open_database)


def forget_changes(path: Path, open_database: Opener) -> None:
    """Nothing unpublished in the warehouse at `path` (a whole copy about to be published, then the working
    copy it was made of)."""
    with closing(open_database(path, False)) as connection:
        connection.execute("delete from unpublished_reports")


def restore(catalog: Path, working: Path, connect) -> None:
    """A working warehouse (`connect` makes it: migrations, vocabularies) holding every row of the catalog."""
    with closing(connect(working)) as connection:
        connection.execute(f"attach '{_quoted(catalog)}' as published (read_only)")
        tables = [name for (name,) in connection.execute(
            "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main' "
            "and table_name not in ('schema_migrations', 'unpublished_reports') order by 1").fetchall()]
        for table in tables:
            connection.execute(f'delete from main."{table}"')
            connection.execute(f'insert into main."{table}" by name select * from published.main."{table}"')
        connection.execute("update main.schema_migrations as s set applied_at = p.applied_at "
                           "from published.main.schema_migrations as p where p.name = s.name")  # its history
        connection.execute("detach published")
        connection.execute("checkpoint")


def _file_name(sequence: int) -> str:
    return f"{sequence:08d}-{secrets.token_hex(4)}.parquet"


def _write_segment(catalog, table: str, changed: list[str], path: Path) -> None:
    """The rows of the changed reports of `table` in a new file, which the map then names for each of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.execute(f"copy (select * from w.main.{table} where report_id in (select unnest(?))) "
                    f"to '{_quoted(path)}' (format parquet)", [changed])
    added = catalog.execute(f"insert into main.{MAP} select distinct '{table}', report_id, '{_quoted(path)}' "
                            f"from read_parquet('{_quoted(path)}')").fetchone()[0]
    if not added:
        path.unlink()


def _merge(catalog, table: str, folder: Path, sequence: int) -> None:
    """Merge the table's files of one size class into one while a class holds MERGE_AT or more."""
    while True:
        by_class: dict[int, list[str]] = {}
        for (file,) in catalog.execute(f"select distinct file from main.{MAP} where table_name = ? order by 1",
                                       [table]).fetchall():
            size = max(os.path.getsize(file), 1)
            by_class.setdefault(int(math.log(size, SIZE_CLASS_BASE)), []).append(file)
        full = [files for files in by_class.values() if len(files) >= MERGE_AT]
        if not full:
            return
        merged = folder / _file_name(sequence)
        catalog.execute(
            f"copy (select s.* exclude (filename) from read_parquet(?, filename = true) as s semi join main.{MAP} as m "
            f"on m.table_name = '{table}' and m.report_id = s.report_id and m.file = s.filename) "
            f"to '{_quoted(merged)}' (format parquet)", [full[0]])
        catalog.execute(f"update main.{MAP} set file = ? where table_name = ? and file in (select unnest(?))",
                        [str(merged), table, full[0]])


def _write_catalog(catalog) -> None:
    """The small tables copied whole, the segmented ones as views over their files, the working copy's views
    and macros over them, every comment kept."""
    from warehouse.loader import MACROS_DIR, view_files

    tables = [name for (name,) in catalog.execute(
        "select table_name from duckdb_tables() where database_name = 'w' and schema_name = 'main' order by 1").fetchall()]
    for table in tables:
        if table in SEGMENTED:
            continue
        empty = " where false" if table == "unpublished_reports" else ""
        catalog.execute(f'create table main."{table}" as select * from w.main."{table}"{empty}')
    for table in SEGMENTED:
        columns = catalog.execute(
            "select column_name, data_type from duckdb_columns() where database_name = 'w' and schema_name = 'main' "
            "and table_name = ? order by column_index", [table]).fetchall()
        typed = ", ".join(f'cast(s."{name}" as {kind}) as "{name}"' for name, kind in columns)
        named = [file for (file,) in catalog.execute(
            f"select distinct file from main.{MAP} where table_name = ? order by 1", [table]).fetchall()]
        if named:
            listed = "[" + ", ".join(_literal(file) for file in named) + "]"
            catalog.execute(
                f"create view main.{table} as select {typed} from read_parquet({listed}, filename = true) as s "
                f"semi join main.{MAP} as m on m.table_name = '{table}' and m.report_id = s.report_id "
                f"and m.file = s.filename")
        else:
            empty = ", ".join(f'cast(null as {kind}) as "{name}"' for name, kind in columns)
            catalog.execute(f"create view main.{table} as select {empty} where false")
    # The working copy's views as they stand (a view of one column per year made for the years it holds),
    # each after those it reads; then the macros.
    made = dict(catalog.execute("select view_name, sql from duckdb_views() where database_name = 'w' "
                                "and schema_name = 'main' and not internal").fetchall())
    for path in view_files():
        if path.stem in made:
            catalog.execute(made.pop(path.stem))
    for sql in made.values():  # any other (none today)
        catalog.execute(sql)
    for path in sorted(MACROS_DIR.glob("*.sql")):
        catalog.execute(path.read_text(encoding="utf-8"))
    for name, kind, comment in catalog.execute(
            "select table_name, 'table', comment from duckdb_tables() where database_name = 'w' "
            "and schema_name = 'main' and comment is not null union all select view_name, 'view', comment "
            "from duckdb_views() where database_name = 'w' and schema_name = 'main' and not internal "
            "and comment is not null").fetchall():
        kind = "view" if kind == "view" or name in SEGMENTED else "table"
        catalog.execute(f'comment on {kind} main."{name}" is {_literal(comment)}')
    for table, column, comment in catalog.execute(
            "select table_name, column_name, comment from duckdb_columns() where database_name = 'w' "
            "and schema_name = 'main' and comment is not null").fetchall():
        catalog.execute(f'comment on column main."{table}"."{column}" is {_literal(comment)}')
    catalog.execute(f"comment on table main.{MAP} is {_literal(MAP_COMMENT)}")


MAP_COMMENT = ("Where each report's rows of a segmented table are read from (this warehouse is a catalog over "
               "the Parquet files in <name>.segments/, written by a publish; warehouse.segments).")


def _previous_catalog(published: Path, level: frozenset[str], open_database: Opener) -> bool:
    """Whether the warehouse at `published` is a catalog at this schema level whose files are all there."""
    if not published.exists():
        return False
    try:
        with closing(open_database(published, True)) as connection:
            if not is_catalog(connection) or _level(connection) != level:
                return False
            files = [file for (file,) in connection.execute(f"select distinct file from {MAP}").fetchall()]
    except (duckdb.Error, RuntimeError):  # damaged, not a warehouse, held for writing: taken for none
        return False
    return all(os.path.exists(file) for file in files)


def _level(connection) -> frozenset[str]:
    return frozenset(name for (name,) in connection.execute("select name from schema_migrations").fetchall())


def _next_sequence(folder: Path) -> int:
    numbers = [int(path.stem) for path in (folder / "catalogs").glob("*.duckdb") if path.stem.isdigit()]
    return max(numbers, default=0) + 1


def collect_garbage(folder: Path, keep: Path | None, open_database: Opener) -> list[Path]:
    """Delete the kept catalogs (other than `keep`) no reader holds open, then the segment files no remaining
    catalog names. What was deleted."""
    if not folder.exists():
        return []
    removed = []
    remaining = []
    for path in sorted((folder / "catalogs").glob("*.duckdb")):
        if path == keep or _held(path):
            remaining.append(path)
        else:
            path.unlink()
            removed.append(path)
    named: set[str] = set()
    for path in remaining:
        with closing(open_database(path, True)) as connection:
            named |= {file for (file,) in connection.execute(f"select distinct file from {MAP}").fetchall()}
    for table in SEGMENTED:
        for file in sorted((folder / table).glob("*.parquet")) if (folder / table).exists() else []:
            if str(file) not in named:
                file.unlink()
                removed.append(file)
    if not remaining and not any(folder.glob("*/*.parquet")):
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _held(path: Path) -> bool:
    """Whether another process holds the file open through DuckDB (which locks what it opens). Where that
    cannot be told (no POSIX locks, a file this process may not write), it is taken for held."""
    if fcntl is None:
        return True
    try:
        with open(path, "rb+") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                if error.errno in (errno.EACCES, errno.EAGAIN):
                    return True
                raise
            fcntl.lockf(handle, fcntl.LOCK_UN)
    except PermissionError:
        return True
    return False


def _quoted(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", "''")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
