"""Faults that end in one clear line, and data that survives upgrades: each numbered point of the hostile run.

Most run the documented command (`fh`, which `make run` calls) on a folder and a warehouse of their own and
read its exit code and its lines; a few call the functions behind it where a whole run would add nothing.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import warehouse
from pipelines.reading import cache as readings
from pipelines.reading.cache import cached_reading, forget_readings
from pipelines.reading.isolation import Limits
from pipelines.resources import Warehouse
from schemas.vocabularies import VOCABULARY_DIR
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2024, load_sample
from warehouse import holdings
from warehouse.loader import RETIRED_MIGRATIONS, migration_files

LEAFLET = "familjen-helsingborg-2016.pdf"
FH = Path(sys.executable).parent / "fh"


def fh(folder: Path, database: Path, home: Path, *args: str, pythonpath: Path | None = None,
       extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home),
           **(extra or {})}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(FH), *args], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600, env=env)


def said(result: subprocess.CompletedProcess) -> str:
    """The one line fh says of a fault."""
    lines = [line for line in result.stderr.splitlines() if line.startswith("make run: ")]
    assert len(lines) == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return lines[0]


def run_failed(result: subprocess.CompletedProcess) -> str:
    """The one line fh says of a run that failed for a reason other than the warehouse's."""
    [line] = [line for line in result.stderr.splitlines() if line.startswith("run failed for ")]
    return line


@pytest.fixture
def place(tmp_path):
    """A reports folder holding the leaflet, a Dagster home, and where the warehouse goes."""
    folder, home = tmp_path / "reports", tmp_path / "dagster_home"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    shutil.copy(RAW_REPORTS / LEAFLET, folder / LEAFLET)
    return folder, home, tmp_path / "warehouse" / "fh.duckdb"


def warehouse_at_level(path: Path, level: int, retired: bool = True) -> None:
    """A warehouse as the release whose last migration was the `level`-th made it: those migrations applied and
    recorded (with the view migrations an earlier release recorded, which are retired now)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    files = migration_files()[:level]
    with duckdb.connect(str(path)) as connection:
        connection.execute("create table schema_migrations (name varchar primary key, applied_at timestamp not null)")
        for file in files:
            connection.execute(file.read_text(encoding="utf-8"))
            connection.execute("insert into schema_migrations values (?, now())", [file.name])
        last = files[-1].name if files else ""
        for name in sorted(RETIRED_MIGRATIONS) if retired else []:
            if name < last:
                connection.execute("insert into schema_migrations values (?, now())", [name])


# 1. A warehouse of an earlier release is migrated, and published, before anything reads it.


@pytest.mark.parametrize("level", range(1, len(migration_files())))
def test_a_warehouse_of_each_earlier_migration_level_is_upgraded_before_it_is_read(tmp_path, level):
    database = tmp_path / "fh.duckdb"
    warehouse_at_level(database, level)
    Warehouse(database=str(database)).prepare()
    assert warehouse.schema_level(database) >= {file.name for file in migration_files()}
    with duckdb.connect(str(database), read_only=True) as connection:
        assert holdings.held_files(connection) == {}  # the query make run and the sensor ask: it binds


@pytest.mark.pipeline
def test_a_warehouse_made_by_the_release_at_migration_014_loads_with_make_run(place):
    folder, home, database = place
    level = next(i for i, file in enumerate(migration_files(), 1) if file.name.startswith("014_"))
    warehouse_at_level(database, level)
    result = fh(folder, database, home)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select file_name, status from reports").fetchall() == [(LEAFLET, "loaded")]
        assert connection.execute("select count(*) from schema_migrations where name like '020_%'").fetchone() == (1,)


# 7. A newer release's warehouse is refused; one with a column of ours renamed says which.


@pytest.mark.pipeline
def test_a_warehouse_of_a_newer_release_is_refused_in_one_line_and_left_as_it_was(place):
    folder, home, database = place
    warehouse_at_level(database, len(migration_files()))
    with duckdb.connect(str(database)) as connection:
        connection.execute("insert into schema_migrations values ('031_from_the_future.sql', now())")
    before = database.read_bytes()
    result = fh(folder, database, home)
    assert result.returncode == 2
    assert said(result) == (f"make run: the warehouse {database} was made by a newer "
                            "release of this project (migration 031_from_the_future.sql is unknown here): run that "
                            "release, or set WAREHOUSE_PATH to another file")
    assert database.read_bytes() == before and not database.with_name("fh.writing.duckdb").exists()


def test_a_column_of_ours_renamed_by_hand_is_named(tmp_path):
    database = tmp_path / "fh.duckdb"
    warehouse.connect(database).close()
    with duckdb.connect(str(database)) as connection:
        connection.execute("alter table reports rename column report_year to year")
    with pytest.raises(warehouse.WarehouseFault, match=r"lacks reports\.report_year, which this release's migrations make"):
        warehouse.connect(database)


# 2. Vocabularies: checked before any report is touched; bounded YAML; names escaped in HTML.


@pytest.fixture
def vocabularies(tmp_path):
    folder = tmp_path / "vocabularies"
    shutil.copytree(VOCABULARY_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


@pytest.mark.pipeline
@pytest.mark.parametrize("breakage, named", [
    (lambda v: (v / "statements.yaml").write_text((v / "statements.yaml").read_text() + "\nheadings: [\n"),
     "statements.yaml: not valid YAML"),
    (lambda v: (v / "money.yaml").write_text((v / "money.yaml").read_text().replace("sek: 1000}", "sek: tusen}", 1)),
     "money.yaml: units."),
    (lambda v: (v / "municipalities.yaml").unlink(), "municipalities.yaml: cannot be read"),
], ids=["syntax", "type", "missing"])
def test_a_vocabulary_that_does_not_fit_stops_the_run_before_any_report_with_exit_2(place, vocabularies, breakage, named):
    folder, home, database = place
    assert fh(folder, database, home).returncode == 0
    before = database.read_bytes()
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    breakage(vocabularies)
    result = fh(folder, database, home, extra={"FH_VOCABULARY_DIR": str(vocabularies)})
    assert result.returncode == 2
    line = said(result)
    assert line.startswith("make run: a vocabulary does not fit its model: ") and named in line, line
    assert line.endswith("; nothing was read or written")
    assert database.read_bytes() == before and "[1/" not in result.stderr


def test_an_alias_bomb_is_refused_at_once_in_a_bounded_amount_of_memory(vocabularies):
    from schemas.vocabularies import VocabularyError, load_vocabulary
    from schemas.vocabularies.models import Language

    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    (vocabularies / "language.yaml").write_text("\n".join(bomb) + "\n")
    assert (vocabularies / "language.yaml").stat().st_size < 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(VocabularyError, match="language.yaml: not valid YAML: more than 50 aliases"):
        load_vocabulary(vocabularies / "language.yaml", Language)
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100_000  # kB: no expansion took place


def test_a_line_name_with_markup_is_shown_as_text_on_the_index(tmp_path):
    from warehouse.audit_pages import write_index

    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, REPORT_2024)
    connection.execute("update line_items set name = '<script>alert(1)</script>Summa intäkter' where code = 'summa_intakter'")
    index = write_index(connection, tmp_path / "audit")
    connection.close()
    html = Path(index).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Summa intäkter" in html


# 3 and 4. A full disk: one line, exit 2, no half copy left; another failure of a run: exit 1, said in a line.

FULL_DISK = """
import errno, shutil
import warehouse.files
real = shutil.copyfile
def copyfile(source, target, *args, **kwargs):
    if str(target).endswith(".publishing.duckdb"):
        with open(target, "wb") as out:
            out.write(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))
    return real(source, target, *args, **kwargs)
warehouse.files.shutil.copyfile = copyfile
"""

A_BUG = """
import pipelines.assets
def load_batch(*args, **kwargs):
    raise RuntimeError("a bug in the loader, not the warehouse's fault")
pipelines.assets.load_batch = load_batch
"""


def injected(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "injected"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(code)
    return folder


COUNT_PUBLISHES = """
import os, warehouse
real = warehouse.publish
def publish(*args, **kwargs):
    how = real(*args, **kwargs)
    with open(os.environ["FH_TEST_PUBLISHES"], "a") as log:
        log.write(how + "\\n")
    return how
warehouse.publish = publish
"""


@pytest.mark.pipeline
def test_a_batch_is_published_once_and_with_its_checks_findings(place, tmp_path):
    """Where the file system cannot clone, each publish copies the whole warehouse: a batch pays for one."""
    folder, home, database = place
    assert fh(folder, database, home).returncode == 0  # a new warehouse: published as it is made, then its batch
    summary = "familjen-helsingborg-arsredovisning-2021-sammanfattning.pdf"
    shutil.copy(RAW_REPORTS / summary, folder / summary)
    log = tmp_path / "publishes"
    result = fh(folder, database, home, pythonpath=injected(tmp_path, COUNT_PUBLISHES),
                extra={"FH_TEST_PUBLISHES": str(log)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(log.read_text().splitlines()) == 1
    with duckdb.connect(str(database), read_only=True) as published, \
            duckdb.connect(str(warehouse.working_path(database)), read_only=True) as working:
        for query in ("select file_name, status, audit_status from reports order by 1",
                      "select report_id, \"check\", message from audit_findings order by all",
                      "select report_id, \"check\", checked from audit_coverage order by all"):
            assert published.execute(query).fetchall() == working.execute(query).fetchall(), query
        assert published.execute("select count(*) from reports where audit_status is null").fetchone() == (0,)


@pytest.mark.pipeline
def test_a_full_disk_is_one_line_exit_2_and_no_half_copy_is_left(place, tmp_path):
    folder, home, database = place
    result = fh(folder, database, home, pythonpath=injected(tmp_path, FULL_DISK))
    assert result.returncode == 2
    assert said(result) == (f"make run: the disk that holds the warehouse {database} is full ([Errno 28] No space left "
                            f"on device: '{database.with_name('fh.publishing.duckdb')}'): free some space, then run "
                            "make run again")
    assert len(result.stderr.splitlines()) < 10
    assert not database.with_name("fh.publishing.duckdb").exists()
    # Space again: the next run publishes what the first loaded.
    assert fh(folder, database, home).returncode == 0
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select file_name, status from reports").fetchall() == [(LEAFLET, "loaded")]


@pytest.mark.pipeline
def test_a_run_that_fails_for_another_reason_exits_1_with_its_reason_in_a_line(place, tmp_path):
    folder, home, database = place
    result = fh(folder, database, home, pythonpath=injected(tmp_path, A_BUG))
    assert result.returncode == 1
    assert run_failed(result) == (f"run failed for {LEAFLET}: RuntimeError: a bug in the loader, not the warehouse's fault "
                    "(the whole run: make dagster)")
    assert "Traceback" not in result.stderr


A_BROKEN_CHECK = """
import pipelines.assets
def record_all_checks(connection):
    raise RuntimeError("a bug in a check, not in the load")
pipelines.assets.record_all_checks = record_all_checks
"""


@pytest.mark.pipeline
def test_a_check_that_fails_fails_the_run_but_the_loaded_batch_is_published(place, tmp_path):
    folder, home, database = place
    result = fh(folder, database, home, pythonpath=injected(tmp_path, A_BROKEN_CHECK))
    assert result.returncode == 1
    assert "RuntimeError: a bug in a check, not in the load" in run_failed(result)
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select file_name, status from reports").fetchall() == [(LEAFLET, "loaded")]
        assert connection.execute("select count(*) from pages").fetchone()[0] == 2


# 5. One of the two files damaged: the advice keeps the good one, and following it loses nothing.


def damage(path: Path) -> None:
    """Noise over everything past the file's headers (its first 12 KiB): no block of it reads back."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(12288)
        handle.write(bytes((i * 131 + 7) % 256 for i in range(size - 12288)))


@pytest.mark.pipeline
@pytest.mark.parametrize("damaged", ["working", "published"])
def test_one_damaged_file_of_two_is_said_and_the_good_one_is_kept(place, damaged):
    folder, home, database = place
    assert fh(folder, database, home).returncode == 0
    working = database.with_name("fh.writing.duckdb")
    bad = working if damaged == "working" else database
    damage(bad)
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    result = fh(folder, database, home)
    assert result.returncode == 2
    line = said(result)
    if damaged == "working":
        assert f"the working copy {working} of the warehouse is damaged" in line
        assert f"the published warehouse {database} is intact: move fh.writing.duckdb aside" in line
    else:
        assert f"the published warehouse {database} is damaged" in line
        assert f"its working copy {working} is intact: move fh.duckdb aside" in line
    bad.rename(bad.with_name("aside.duckdb"))  # as the line says
    assert fh(folder, database, home).returncode == 0
    with duckdb.connect(str(database), read_only=True) as connection:
        assert sorted(connection.execute("select file_name, status from reports").fetchall()) == [
            (LEAFLET, "loaded"), (REPORT_2024, "loaded")]


# 6. What is no DuckDB warehouse at WAREHOUSE_PATH is named as such, and DuckDB fetches nothing.


@pytest.mark.parametrize("thing, named", [
    ("folder", "is a folder, not a file: set WAREHOUSE_PATH to a file"),
    ("sqlite", "is a SQLite database, not a DuckDB one"),
    ("duckdb 0.8", "was written by DuckDB 0.8 or older (storage version 51)"),
], ids=["folder", "sqlite", "duckdb-0.8"])
def test_what_is_no_warehouse_is_named_in_one_line_and_no_extension_is_fetched(place, thing, named, monkeypatch):
    from pipelines import run

    folder, home, database = place
    database.parent.mkdir(parents=True, exist_ok=True)
    if thing == "folder":
        database.mkdir()
    elif thing == "sqlite":
        with sqlite3.connect(database) as connection:
            connection.execute("create table reports (report_id text)")
    else:  # a DuckDB 0.8 file's header: checksum, magic, storage version 51
        database.write_bytes(b"\0" * 8 + b"DUCK" + (51).to_bytes(8, "little") + b"\0" * 4096)
    extensions = Path.home() / ".duckdb" / "extensions"
    before = sorted(extensions.rglob("*")) if extensions.exists() else []
    monkeypatch.setenv("RAW_REPORTS_DIR", str(folder))
    monkeypatch.setenv("WAREHOUSE_PATH", str(database))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    stderr = []
    monkeypatch.setattr(sys, "stderr", type("Lines", (), {"write": lambda self, t: stderr.append(t), "flush": lambda self: None})())
    assert run.main([]) == 2
    text = "".join(stderr)
    assert text.count("\n") == 1 and text.startswith("make run: ") and named in text, text
    assert (sorted(extensions.rglob("*")) if extensions.exists() else []) == before


# 8. One writer at a time: the second make run says it waits, then reads nothing twice.

HOLD_THE_AUDIT = """
import time
import pipelines.assets
real = pipelines.assets.write_audit_site
def held(*args, **kwargs):
    time.sleep(6)
    return real(*args, **kwargs)
pipelines.assets.write_audit_site = held
"""


@pytest.mark.pipeline
def test_a_second_make_run_waits_for_the_first_and_reads_nothing_twice(place, tmp_path):
    folder, home, database = place
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}
    first = subprocess.Popen([str(FH)], cwd=PROJECT_ROOT, env={**env, "PYTHONPATH": str(injected(tmp_path, HOLD_THE_AUDIT))},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = database.with_name("fh.run.lock")
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run([str(FH)], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    first_out, first_err = first.communicate(timeout=600)
    assert first.returncode == 0 and second.returncode == 0, first_err[-2000:] + second.stderr[-2000:]
    assert f"make run: another make run (pid {first.pid}) is writing {database}: waiting for it to finish" in second.stderr
    assert "[1/2]" in first_err and "[1/" not in second.stderr  # the second read nothing
    assert "2 unchanged since they were loaded: not read again" in second.stdout


# 9. A file that cannot be read is read again only when its bytes, the reader or the limits change.


def test_a_file_that_cannot_be_read_is_not_read_again_until_something_changes(tmp_path, monkeypatch):
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"nothing a parser can use\n" * 100)
    cache, limits = tmp_path / "cache", Limits()
    first, cached = cached_reading(broken, "a" * 64, cache, limits)
    assert first.document is None and first.error.startswith("trasig.pdf: ") and not cached
    reads = []
    real = readings.read_within_limits
    monkeypatch.setattr(readings, "read_within_limits", lambda path, *rest: reads.append(path) or real(path, *rest))
    again, cached = cached_reading(broken, "a" * 64, cache, limits)
    assert cached and again.error == first.error and reads == []  # its bytes, the reader and the limits unchanged
    renamed = tmp_path / "annan.pdf"
    shutil.copy(broken, renamed)
    copy, cached = cached_reading(renamed, "a" * 64, cache, limits)
    assert cached and copy.error == first.error.replace("trasig.pdf", "annan.pdf", 1)
    _, cached = cached_reading(broken, "a" * 64, cache, Limits(page_seconds=60))  # other limits: read again
    assert not cached and len(reads) == 1
    _, cached = cached_reading(broken, "b" * 64, cache, limits)  # other bytes: read again
    assert not cached and len(reads) == 2
    assert forget_readings(cache, ["a" * 64]) == 2  # FORCE=1: forgotten, read again
    _, cached = cached_reading(broken, "a" * 64, cache, limits)
    assert not cached and len(reads) == 3
    monkeypatch.setattr(readings, "document_fingerprint", lambda: "another-reader")  # the reader's code changed
    _, cached = cached_reading(broken, "a" * 64, cache, limits)
    assert not cached and len(reads) == 4


@pytest.mark.pipeline
def test_names_of_dots_get_their_rows_and_their_lines(place):
    folder, home, database = place
    for name in ("..pdf", "....pdf"):
        shutil.copy(RAW_REPORTS / REPORT_2024, folder / name)
    result = fh(folder, database, home)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = dict(connection.execute("select file_name, status from reports").fetchall())
    assert rows == {LEAFLET: "loaded", "%2E%2E%2E%2Epdf": "loaded", "..pdf": "duplicate"}  # the first by name loads
    lines = result.stdout.splitlines()
    assert any(line.startswith("..pdf ") for line in lines) and any(line.startswith("%2E%2E%2E%2Epdf ") for line in lines)


# 10. Progress while loading and auditing, and a bar on a terminal.


@pytest.mark.pipeline
def test_a_run_says_what_it_does_while_loading_and_auditing_and_draws_a_bar_on_a_terminal(place):
    import pty
    import select

    from warehouse.audit import check_names

    folder, home, database = place
    master, terminal = pty.openpty()  # a terminal nobody sized, as a CI runner's or a container's is
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}
    process = subprocess.Popen([str(FH)], stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=PROJECT_ROOT)
    os.close(terminal)
    shown, deadline = b"", time.monotonic() + 300
    while time.monotonic() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=60)
    os.close(master)
    text = shown.decode("utf-8", "replace")
    assert process.returncode == 0, text[-2000:]
    order = ["1 file(s) in ", f"[1/1] {LEAFLET}: 2 pages read", "loading 1 report(s) into the warehouse",
             f"checking: {len(check_names())} checks over the warehouse", "loaded, checked and published in ",
             "drawing the audit pages", "audit: 1 page(s) and the index written"]
    positions = [text.find(step) for step in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), text
    assert re.search(r"\r\s*0%\|.*\| 0/1 \[", text), text  # tqdm's bar, drawn on the terminal
    assert json.dumps(text)  # the terminal's bytes are text


@pytest.mark.pipeline
def test_the_sensors_first_look_at_an_earlier_releases_warehouse_upgrades_it_and_at_todays_writes_nothing(
        place, monkeypatch):
    from dagster import DagsterInstance

    from tests.conftest import sensor_tick

    folder, home, database = place
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    level = next(i for i, file in enumerate(migration_files(), 1) if file.name.startswith("014_"))
    warehouse_at_level(database, level)
    with DagsterInstance.get() as instance:
        first = sensor_tick(instance, folder, None, database=database)
    assert [request.partition_key for request in first.run_requests] == [LEAFLET]
    assert warehouse.schema_level(database) >= warehouse.current_level()
    working = database.with_name("fh.writing.duckdb")
    working.unlink()
    with DagsterInstance.get() as instance:
        sensor_tick(instance, folder, None, database=database)
    assert not working.exists()  # today's warehouse is read as it is: no working copy made, nothing written


def test_one_dagster_instance_serves_one_warehouse_and_says_so_when_pointed_at_another(place, tmp_path):
    """The UI shows the runs, partitions and checks of the warehouse its instance serves: a run that would put a
    second warehouse's into it stops before anything is read, and says what to do."""
    folder, home, database = place
    first = fh(folder, database, home)
    assert first.returncode == 0, first.stderr[-2000:]
    assert (home / "warehouse.txt").read_text(encoding="utf-8").strip() == str(database.resolve())
    other = tmp_path / "other" / "fh.duckdb"
    second = fh(folder, other, home)
    assert second.returncode == 2
    line = said(second)
    assert str(database.resolve()) in line and str(other) in line and "DAGSTER_HOME" in line
    assert not other.exists()  # nothing read or written
    again = fh(folder, database, home)  # its own warehouse, as ever
    assert again.returncode == 0 and "0 to read, 1 unchanged" in again.stderr


def test_make_puts_a_dagster_instance_beside_each_warehouse(tmp_path):
    shown = subprocess.run(["make", "-s", "--no-print-directory", "-f", str(PROJECT_ROOT / "Makefile"),
                            "--eval=print-home: ; @echo $$DAGSTER_HOME", "print-home",
                            f"WAREHOUSE_PATH={tmp_path}/a/reports.duckdb"],
                           capture_output=True, text=True, cwd=PROJECT_ROOT, env={k: v for k, v in os.environ.items()
                                                                               if k != "DAGSTER_HOME"}, timeout=60)
    assert shown.stdout.strip() == f"{tmp_path}/a/reports.dagster", shown.stderr
    default = subprocess.run(["make", "-s", "--no-print-directory", "--eval=print-home: ; @echo $$DAGSTER_HOME",
                              "print-home"], capture_output=True, text=True, cwd=PROJECT_ROOT,
                             env={k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")},
                             timeout=60)
    assert default.stdout.strip() == str(PROJECT_ROOT / "warehouse" / "familjen_helsingborg.dagster")
