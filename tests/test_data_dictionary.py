"""Every table, view and column of the warehouse is described, and the committed dictionary is current."""

from __future__ import annotations

import subprocess
import sys

import warehouse
from tests.conftest import PROJECT_ROOT


def test_every_table_view_and_column_has_a_description(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    warehouse.loader.create_views(connection)
    undocumented = connection.execute(
        """
        select table_name || '.' || column_name from duckdb_columns()
        where schema_name = 'main' and not internal and table_name <> 'schema_migrations'
          and (comment is null or comment = '')
        union all
        select table_name from duckdb_tables() where table_name <> 'schema_migrations' and comment is null
        union all
        select view_name from duckdb_views() where schema_name = 'main' and not internal and comment is null
        """
    ).fetchall()
    assert undocumented == []


def test_the_committed_data_dictionary_is_current():
    generated = subprocess.run(
        [sys.executable, "-m", "warehouse.dictionary"], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    ).stdout
    committed = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == generated, "run: python -m warehouse.dictionary > docs/data_dictionary.md"


def test_the_dictionary_names_every_table():
    text = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    tables = ("reports", "pages", "financial_facts", "key_figures", "committee_members", "audit_findings",
              "income_statement", "income_statement_wide", "committee_changes", "project_timeline")
    assert [table for table in tables if f"## `{table}`" not in text] == []
