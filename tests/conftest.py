"""Shared fixtures: the sample reports, the gold files, documents read once per session."""

from __future__ import annotations

import csv
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from extractors import Document, build_document

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_REPORTS = PROJECT_ROOT / "raw_reports"
SHARED = PROJECT_ROOT.parent / "shared"
GOLD = SHARED / "gold"
REALWORLD = SHARED / "realworld"

REPORT_2022 = "familjen-helsingborg-arsredovisning-2022.pdf"
REPORT_2024 = "familjen-helsingborg-arsredovisning-2024.pdf"
PLAN_2019 = "familjen-helsingborg-verksamhetsplan-2019.pdf"
SAMPLE_REPORTS = sorted(p.name for p in RAW_REPORTS.glob("*.pdf"))


@lru_cache(maxsize=None)
def sample_document(file_name: str) -> Document:
    """A sample report read into the document model (once per test session)."""
    return build_document(RAW_REPORTS / file_name)


def gold_rows(name: str) -> list[dict[str, str]]:
    path = GOLD / name
    if not path.exists():
        pytest.fail(f"gold file missing: {path} (shared/ must stand beside the project)")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def dagster_home(tmp_path, monkeypatch) -> Path:
    """A temporary DAGSTER_HOME holding the project's dagster.yaml."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home
