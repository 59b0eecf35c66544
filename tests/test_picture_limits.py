"""Drawing audit pictures stays within the memory cap: a page too large is drawn smaller, or named, never a blow-up."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time

import psutil
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from extractors.pdf.pictures import MIN_RESOLUTION, resolution_within
from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize(
    "width, height, asked, max_pixels, expected",
    [
        (595, 842, 110, 50e6, 110),  # A4 as asked
        (14400, 14400, 110, 15e6, 72 * (15e6 / 14400**2) ** 0.5),  # the largest page PDF allows: drawn smaller
        (14400, 14400, 110, 1e5, None),  # not even at the least readable resolution: not drawn
        (0, 0, 110, 50e6, None),  # no size, nothing to draw
    ],
    ids=["a4", "giant page smaller", "giant page not drawn", "no size"],
)
def test_a_picture_is_drawn_at_the_resolution_that_fits_its_budget(width, height, asked, max_pixels, expected):
    chosen = resolution_within(width, height, asked, max_pixels)
    assert chosen == pytest.approx(expected) if expected is not None else chosen is None
    if chosen is not None:
        assert chosen >= MIN_RESOLUTION and (width * chosen / 72) * (height * chosen / 72) <= max_pixels * 1.0001


def giant_page_report(path) -> None:
    """A report whose only figure stands on a 14 400 × 14 400 pt page: 22 000 pixels square at 110 dpi."""
    page = canvas.Canvas(str(path), pagesize=(14400, 14400))
    page.setFont("Helvetica", 12)
    page.drawString(72, 14400 - 72, "Årsredovisning 2024")
    page.drawString(72, 14400 - 100, "Årets resultat blev 100 000 kr enligt resultaträkningen.")
    page.showPage()
    page.save()


@pytest.mark.pipeline
def test_make_run_draws_a_giant_page_within_the_memory_cap(tmp_path):
    folder, home = tmp_path / "reports", tmp_path / "dagster_home"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    giant_page_report(folder / "jattesida-2024.pdf")
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(tmp_path / "warehouse.duckdb"),
           "DAGSTER_HOME": str(home), "FH_MEMORY_MB": "512"}
    process = subprocess.Popen([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree, peak = psutil.Process(process.pid), 0
    while process.poll() is None:  # the resident memory of the whole process tree, every 50 ms
        with contextlib.suppress(psutil.Error):  # a child gone between listing and reading
            peak = max(peak, sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)]))
        time.sleep(0.05)
    assert process.returncode == 0
    # The run's own process (Dagster, DuckDB) and one child under its 512 MB cap; at 110 dpi the picture
    # alone would take gigabytes.
    assert peak < 1200 * 2**20, f"peak {peak / 2**20:.0f} MB"
    picture = Image.open(tmp_path / "audit" / "img" / "jattesida-2024" / "page-1.png")
    assert MIN_RESOLUTION / 72 * 14400 <= picture.width < 110 / 72 * 14400 / 4  # drawn, at a quarter or less
    page = (tmp_path / "audit" / "jattesida-2024.html").read_text(encoding="utf-8")
    assert 'id="pictures-note"' not in page and "page-1.png" in page
