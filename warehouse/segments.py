"""Publishing a large warehouse where the file system cannot clone: what a batch changed, not the whole file.

A copy of the whole file costs time in proportion to it (about 1.3 s a GB on ext4). Past a size
(`FH_SEGMENTS_FROM_MB`), the published file is instead a catalog: the small tables copied whole, and each
big table of report rows (`SEGMENTED`, some 97% of a warehouse's bytes) a view over Parquet files in the
folder `<name>.segments/` beside it. A publish writes the rows of the reports loaded since the last one
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
import fcntl
import math
import os
import secrets
import shutil
from contextlib import closing
from pathlib import Path

import duckdb

# The tables of report rows kept in segments: written only by a report's load (or a duplicate's removal),
# and the bulk of a warehouse (page text, search index, tables' cells, facts). The others are small, or
# rewritten across reports by every load (identities, checks), and are copied whole.
SEGMENTED = ("pages", "page_terms", "search_forms", "report_tables", "report_table_cells", "financial_facts")
MAP = "published_segments"
MERGE_AT = 4  # files of one size class merged into one
SIZE_CLASS_BASE = 4.0


def folder_of(published: Path) -> Path:
    return published.with_name(f"{published.stem}.segments")


def is_catalog(connection: duckdb.DuckDBPyConnection, catalog: str = "") -> bool:
    where = f"database_name = '{catalog}'" if catalog else "database_name = current_database()"
    return bool(connection.execute(
        f"select 1 from duckdb_tables() where {where} and schema_name = 'main' and table_name = '{MAP}'").fetchall())


def publish_by_segments(working: Path, published: Path, staged: Path, config: dict) -> None:
    """Make `staged` a catalog of the working warehouse, its report rows in segment files (those of the
    catalog at `published` kept where their reports have not changed), then put it in place of `published`."""
    folder = folder_of(published.resolve())
    (folder / "catalogs").mkdir(parents=True, exist_ok=True)
    with closing(duckdb.connect(str(working), read_only=False, config=config)) as connection:
        connection.execute("checkpoint")
        level = _level(connection, "")
        changed = {rid for (rid,) in connection.execute("select report_id from unpublished_reports").fetchall()}
        held = {rid for (rid,) in connection.execute("select report_id from reports").fetchall()}
    previous = _previous_map(published, level, config)
    if previous is None:  # none, another schema, not a catalog: every report's rows written anew
        previous, changed = {table: {} for table in SEGMENTED}, held
    changed |= {rid for table in previous.values() for rid in table if rid not in held}
    if staged.exists():
        staged.unlink()
    sequence = _next_sequence(folder)
    with closing(duckdb.connect(str(staged), config=config)) as catalog:
        catalog.execute(f"attach '{_quoted(working)}' as w (read_only)")
        files = {}
        for table in SEGMENTED:
            current = {rid: file for rid, file in previous[table].items() if rid not in changed}
            if changed:
                written = folder / table / f"{sequence:08d}-{secrets.token_hex(4)}.parquet"
                written.parent.mkdir(parents=True, exist_ok=True)
                catalog.execute(f"copy (select * from w.{table} where report_id in (select unnest(?))) "
                                f"to '{_quoted(written)}' (format parquet)", [sorted(changed)])
                found = [rid for (rid,) in catalog.execute(
                    f"select distinct report_id from read_parquet('{_quoted(written)}')").fetchall()]
                if found:
                    current.update(dict.fromkeys(found, str(written)))
                else:
                    written.unlink()
            files[table] = _merged(catalog, table, current, folder, sequence)
        _write_catalog(catalog, files)
        catalog.execute("detach w")
        catalog.execute("checkpoint")
    kept = folder / "catalogs" / f"{sequence:08d}.duckdb"
    os.link(staged, kept)
    os.replace(staged, published)
    with closing(duckdb.connect(str(working), read_only=False, config=config)) as connection:
        connection.execute("delete from unpublished_reports where report_id in (select unnest(?))", [sorted(changed)])
    collect_garbage(folder, keep=kept, config=config)


def forget_changes(path: Path, config: dict) -> None:
    """Nothing unpublished in the warehouse at `path` (a whole copy about to be published, then the working
    copy it was made of)."""
    with closing(duckdb.connect(str(path), read_only=False, config=config)) as connection:
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


def _merged(catalog, table: str, current: dict[str, str], folder: Path, sequence: int) -> dict[str, str]:
    """`current` (report -> file) after merging the files of a size class that holds MERGE_AT or more."""
    while True:
        by_class: dict[int, list[str]] = {}
        for file in sorted(set(current.values())):
            size = max(os.path.getsize(file), 1)
            by_class.setdefault(int(math.log(size, SIZE_CLASS_BASE)), []).append(file)
        full = [files for files in by_class.values() if len(files) >= MERGE_AT]
        if not full:
            return current
        merging = full[0]
        reports = sorted(rid for rid, file in current.items() if file in merging)
        merged = folder / table / f"{sequence:08d}-{secrets.token_hex(4)}.parquet"
        pairs = [[rid, current[rid]] for rid in reports]
        catalog.execute(
            f"copy (select s.* exclude (filename) from read_parquet(?, filename = true) as s "
            f"semi join (select unnest(?) as pair) as m on m.pair[1] = s.report_id and m.pair[2] = s.filename) "
            f"to '{_quoted(merged)}' (format parquet)", [merging, pairs])
        current.update(dict.fromkeys(reports, str(merged)))


def _write_catalog(catalog, files: dict[str, dict[str, str]]) -> None:
    """The small tables copied whole, the segmented ones as views over their files, every comment kept;
    the views and macros of `warehouse/views` and `warehouse/macros` made over them."""
    from warehouse.loader import create_views

    tables = [name for (name,) in catalog.execute(
        "select table_name from duckdb_tables() where database_name = 'w' and schema_name = 'main' order by 1").fetchall()]
    catalog.execute(f"create table {MAP} (table_name varchar, report_id varchar, file varchar)")
    for table in SEGMENTED:
        if files[table]:  # in bulk: a row per report and table
            reports, named = zip(*sorted(files[table].items()), strict=True)
            catalog.execute(f"insert into {MAP} select ?, unnest(?), unnest(?)", [table, list(reports), list(named)])
    for table in tables:
        if table in SEGMENTED or table == MAP:
            continue
        catalog.execute(f'create table main."{table}" as select * from w.main."{table}"')
        if table == "unpublished_reports":
            catalog.execute('delete from main."unpublished_reports"')
    for table in SEGMENTED:
        columns = catalog.execute(
            "select column_name, data_type from duckdb_columns() where database_name = 'w' and schema_name = 'main' "
            "and table_name = ? order by column_index", [table]).fetchall()
        typed = ", ".join(f'cast(s."{name}" as {kind}) as "{name}"' for name, kind in columns)
        named = sorted(set(files[table].values()))
        if named:
            listed = "[" + ", ".join(f"'{_quoted(Path(file))}'" for file in named) + "]"
            catalog.execute(
                f"create view main.{table} as select {typed} from read_parquet({listed}, filename = true) as s "
                f"semi join main.{MAP} as m on m.table_name = '{table}' and m.report_id = s.report_id "
                f"and m.file = s.filename")
        else:
            empty = ", ".join(f'cast(null as {kind}) as "{name}"' for name, kind in columns)
            catalog.execute(f"create view main.{table} as select {empty} where false")
    for name, comment in catalog.execute(
            "select table_name, comment from duckdb_tables() where database_name = 'w' and schema_name = 'main' "
            "and comment is not null").fetchall():
        kind = "view" if name in SEGMENTED else "table"
        catalog.execute(f'comment on {kind} main."{name}" is {_literal(comment)}')
    for table, column, comment in catalog.execute(
            "select c.table_name, c.column_name, c.comment from duckdb_columns() as c join duckdb_tables() as t "
            "on t.database_name = c.database_name and t.table_name = c.table_name "
            "where c.database_name = 'w' and c.schema_name = 'main' and c.comment is not null").fetchall():
        catalog.execute(f'comment on column main."{table}"."{column}" is {_literal(comment)}')
    catalog.execute(f"comment on table main.{MAP} is {_literal(MAP_COMMENT)}")
    create_views(catalog)  # in the catalog, the default database: over its tables and views, not w's


MAP_COMMENT = ("Where each report's rows of a segmented table are read from (this warehouse is a catalog over "
               "the Parquet files in <name>.segments/, written by a publish; warehouse.segments).")


def _previous_map(published: Path, level: frozenset[str], config: dict) -> dict[str, dict[str, str]] | None:
    """Report -> file of each segmented table in the catalog at `published`, when it is one at this schema
    level whose files are all there; None otherwise."""
    if not published.exists():
        return None
    try:
        with closing(duckdb.connect(str(published), read_only=True, config=config)) as connection:
            if not is_catalog(connection) or _level(connection, "") != level:
                return None
            rows = connection.execute(f"select table_name, report_id, file from {MAP}").fetchall()
    except duckdb.Error:
        return None
    found: dict[str, dict[str, str]] = {table: {} for table in SEGMENTED}
    for table, rid, file in rows:
        if table not in found or not os.path.exists(file):
            return None
        found[table][rid] = file
    return found


def _level(connection, catalog: str) -> frozenset[str]:
    prefix = f"{catalog}." if catalog else ""
    return frozenset(name for (name,) in connection.execute(f"select name from {prefix}schema_migrations").fetchall())


def _next_sequence(folder: Path) -> int:
    numbers = [int(path.stem) for path in (folder / "catalogs").glob("*.duckdb") if path.stem.isdigit()]
    return max(numbers, default=0) + 1


def collect_garbage(folder: Path, keep: Path | None, config: dict) -> list[Path]:
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
        with closing(duckdb.connect(str(path), read_only=True, config=config)) as connection:
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
    """Whether another process holds the file open through DuckDB (which locks what it opens)."""
    with open(path, "rb+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EAGAIN):
                return True
            raise
        fcntl.lockf(handle, fcntl.LOCK_UN)
    return False


def _quoted(path: Path) -> str:
    return str(Path(path).resolve()).replace("'", "''")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
