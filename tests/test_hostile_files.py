"""Hostile names and files: each gets its own row with a reason, and never blocks, takes over or changes another.

One folder holds two good reports, loaded first by `make run`'s own code
(`python -m pipelines.run`), then every hostile file at once: they are read in
one batch, so any one of them stopping the batch would fail every test here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pypdfium2
import pytest
from reportlab.pdfgen import canvas

from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2024

pytestmark = pytest.mark.pipeline

LEAFLET = "familjen-helsingborg-2016.pdf"  # a good two-page report to copy under hostile names
GOOD = (REPORT_2024, LEAFLET)


def make_run(folder: Path, database: Path, home: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.run"], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600,
        env={**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def rows_of(database: Path) -> dict[str, tuple]:
    """Each file's report: (report_id, status, error), by its printed name."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return {name: (rid, status, error) for rid, name, status, error in
                connection.execute("select report_id, file_name, status, error from reports").fetchall()}


def report_content(database: Path, file_name: str) -> list:
    """Everything the warehouse holds for one file's report but the time it was loaded."""
    with duckdb.connect(str(database), read_only=True) as connection:
        (report_id,) = connection.execute("select report_id from reports where file_name = ?", [file_name]).fetchone()
        return [connection.execute(f"select * exclude (report_id) from {table} where report_id = ? order by all",
                                   [report_id]).fetchall()
                for table in ("pages", "financial_facts", "key_figures", "committee_members", "projects")]


def zero_mediabox_pdf(path: Path) -> None:
    page = canvas.Canvas(str(path), pagesize=(0, 0))
    page.drawString(10, 10, "Årsredovisning")
    page.showPage()
    page.save()


def zero_page_pdf(path: Path) -> None:
    pypdfium2.PdfDocument.new().save(str(path))  # a page tree with /Count 0 and no kids


def copy_of_leaflet(target: Path | bytes) -> None:
    """The good leaflet under another name, its bytes made its own (a comment after the end): the same
    bytes under two names would be one report and a duplicate."""
    with open(target, "wb") as out:
        out.write((RAW_REPORTS / LEAFLET).read_bytes() + b"\n% " + os.fsencode(target) + b"\n")


def hostile_files(folder: Path, outside: Path) -> None:
    """Every hostile file of the issue, in the folder beside the good reports."""
    raw = os.fsencode(folder) + b"/"
    copy_of_leaflet(raw + b"l" * 251 + b".pdf")  # a name of 255 bytes, the most the file system allows
    zero_mediabox_pdf(folder / "mediabox-noll.pdf")
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.symlink(outside, folder / "passwd.pdf")
    os.symlink(folder / "finns-inte.pdf", folder / "dangling.pdf")
    os.symlink(folder / "loop-b.pdf", folder / "loop-a.pdf")
    os.symlink(folder / "loop-a.pdf", folder / "loop-b.pdf")
    copy_of_leaflet(raw + b"rapport-\xe5r-2016.pdf")  # Latin-1, not UTF-8
    (folder / "familjen helsingborg 2016.pdf").write_bytes(b"junk, not a PDF")
    copy_of_leaflet(folder / "a.pdf")
    (folder / "a.PDF").write_bytes(b"other junk")
    copy_of_leaflet(folder / "åäö.pdf")
    (folder / "😀.pdf").write_bytes(b"emoji junk")
    copy_of_leaflet(folder / "back\\slash.pdf")
    zero_page_pdf(folder / "noll-sidor.pdf")
    copy_of_leaflet(folder / "tre...punkter.pdf")  # Dagster refuses "..." in a partition key


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    """The good reports loaded, then every hostile file added and `make run` again; the rows before and after."""
    base = tmp_path_factory.mktemp("hostile")
    folder, database, home = base / "reports", base / "warehouse.duckdb", base / "dagster_home"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    for name in GOOD:
        shutil.copy(RAW_REPORTS / name, folder / name)
    make_run(folder, database, home)
    before = {name: report_content(database, name) for name in GOOD}
    hostile_files(folder, base / "outside" / "passwd")
    result = make_run(folder, database, home)
    return {"folder": folder, "database": database, "home": home, "before": before, "rows": rows_of(database),
            "stdout": result.stdout}


def test_the_good_reports_keep_exactly_their_rows(hostile_folder):
    assert GOOD and set(GOOD) <= set(hostile_folder["rows"])
    for name in GOOD:
        assert hostile_folder["rows"][name][1] == "loaded"
        assert report_content(hostile_folder["database"], name) == hostile_folder["before"][name]


def test_every_file_of_the_folder_has_a_row_of_its_own_and_a_line_in_the_summary(hostile_folder):
    rows = hostile_folder["rows"]
    names = {"l" * 251 + ".pdf", "mediabox-noll.pdf", "passwd.pdf", "dangling.pdf", "loop-a.pdf", "loop-b.pdf",
             "rapport-%E5r-2016.pdf", "familjen helsingborg 2016.pdf", "a.pdf", "a.PDF", "åäö.pdf", "😀.pdf",
             "back\\slash.pdf", "noll-sidor.pdf", "tre%2E%2E%2Epunkter.pdf", *GOOD}
    assert set(rows) == names
    assert len({report_id for report_id, _, _ in rows.values()}) == len(names)  # no two files share a report
    for name in names:
        assert re.search(rf"^{re.escape(name)} +(loaded|failed) ", hostile_folder["stdout"], re.MULTILINE), name


LOADED_UNDER_ANY_NAME = ["l" * 251 + ".pdf", "rapport-%E5r-2016.pdf", "a.pdf", "åäö.pdf", "back\\slash.pdf",
                         "tre%2E%2E%2Epunkter.pdf"]


@pytest.mark.parametrize("name", LOADED_UNDER_ANY_NAME, ids=["255 bytes", "not UTF-8", "a.pdf", "åäö", "backslash", "three dots"])
def test_a_good_pdf_loads_under_any_name_the_file_system_allows(hostile_folder, name):
    report_id, status, error = hostile_folder["rows"][name]
    assert (status, error) == ("loaded", None)
    assert report_content(hostile_folder["database"], name)[0]  # its pages
    assert (hostile_folder["folder"].parent / "audit" / f"{report_id}.html").exists()


def test_a_name_that_is_not_utf8_is_kept_as_bytes_that_round_trip(hostile_folder):
    from schemas.reports import raw_file_name

    assert raw_file_name("rapport-%E5r-2016.pdf") == b"rapport-\xe5r-2016.pdf"
    assert os.path.exists(os.fsencode(hostile_folder["folder"]) + b"/rapport-\xe5r-2016.pdf")


FAILED = [
    ("mediabox-noll.pdf", r"^mediabox-noll\.pdf: page 1 could not be read \(ValueError: the page has no size"),
    ("passwd.pdf", r"^passwd\.pdf: is a symbolic link to a file outside the reports folder; not followed$"),
    ("dangling.pdf", r"^dangling\.pdf: is a symbolic link to nothing \(dangling\); not read$"),
    ("loop-a.pdf", r"^loop-a\.pdf: is a symbolic link that leads round in a loop; not read$"),
    ("familjen helsingborg 2016.pdf", r"^familjen helsingborg 2016\.pdf: not a readable PDF"),
    ("a.PDF", r"^a\.PDF: not a readable PDF"),
    ("😀.pdf", r"^😀\.pdf: not a readable PDF"),
    ("noll-sidor.pdf", r"^noll-sidor\.pdf: no pages"),
]


@pytest.mark.parametrize("name, reason", FAILED, ids=[f[0] for f in FAILED])
def test_a_hostile_file_fails_alone_with_a_reason_and_is_set_aside(hostile_folder, name, reason):
    _, status, error = hostile_folder["rows"][name]
    assert status == "failed" and re.search(reason, error), error
    with duckdb.connect(str(hostile_folder["database"]), read_only=True) as connection:
        assert connection.execute("select reason from quarantine where file_name = ?", [name]).fetchone() == (error,)


def test_names_alike_once_cut_down_never_take_over_each_other(hostile_folder):
    rows = hostile_folder["rows"]
    assert rows[LEAFLET][0] == "familjen-helsingborg-2016"  # the real report keeps its id and its rows
    assert rows["familjen helsingborg 2016.pdf"][0] != rows[LEAFLET][0]
    assert rows["a.pdf"][0] != rows["a.PDF"][0] and rows["åäö.pdf"][0] != rows["😀.pdf"][0]


def test_a_report_file_replaced_by_a_non_pdf_fails_keeps_its_rows_and_its_audit_page_says_why(hostile_folder):
    folder, database, home = hostile_folder["folder"], hostile_folder["database"], hostile_folder["home"]
    (folder / REPORT_2024).write_text("Detta är inte längre en PDF.\n")
    make_run(folder, database, home)
    _, status, error = rows_of(database)[REPORT_2024]
    assert status == "failed" and error.startswith(f"{REPORT_2024}: not a readable PDF")
    assert report_content(database, REPORT_2024) == hostile_folder["before"][REPORT_2024]
    page = (folder.parent / "audit" / "familjen-helsingborg-arsredovisning-2024.html").read_text(encoding="utf-8")
    assert re.search(r'id="pictures-note">Sidbilderna kunde inte ritas: \w+', page)


def test_the_sensor_sees_every_file_by_its_printed_name_and_never_follows_a_link_out(hostile_folder, tmp_path, monkeypatch):
    from dagster import DagsterInstance

    from tests.conftest import sensor_tick

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = DagsterInstance.get()
    first = sensor_tick(instance, hostile_folder["folder"], None)
    keys = first.dynamic_partitions_requests[0].partition_keys
    assert set(keys) == set(hostile_folder["rows"])
    instance.add_dynamic_partitions("reports", keys)  # every printed name is a key Dagster takes
    requested = set()
    for request in first.run_requests:
        requested |= set(request.tags.values()) if request.partition_key is None else {request.partition_key}
    assert requested <= set(keys)
    # A link that may not be read is remembered without following it, and asks for no second run.
    assert sensor_tick(instance, hostile_folder["folder"], first.cursor).run_requests == []
