"""Every table, view and column of the warehouse is described, and the committed dictionary is current."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

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


def documented_values() -> list[tuple[str, str, tuple[str, ...]]]:
    """(table, column, every value the code can write there): each list the dictionary must hold whole."""
    from typing import get_args

    from schemas.committee import Role
    from schemas.financial import ColumnKind, Entity, LineKind, Statement, Unit
    from schemas.findings import Severity
    from schemas.projects import ProjectStatus
    from schemas.reports import DocumentType, PageRecord, ReportStatus
    from schemas.vocabularies import key_figure_rules, line_item_charts
    from warehouse.audit import check_names

    text_sources = get_args(PageRecord.model_fields["text_source"].annotation)
    count_units = tuple(sorted({rule.unit for rule in key_figure_rules().count_metrics}))
    chart_statements = tuple(sorted({item.statement for chart in line_item_charts() for item in chart.line_items}))
    chart_kinds = tuple(sorted({item.kind for chart in line_item_charts() for item in chart.line_items}))
    assert set(chart_kinds) <= set(get_args(LineKind))
    income_kinds = tuple(sorted({item.kind for chart in line_item_charts() for item in chart.line_items
                                 if item.statement == "resultatrapport"}))  # the lines income_statement shows
    return [
        ("financial_facts", "statement", get_args(Statement)),
        ("financial_facts", "unit", get_args(Unit)),
        ("financial_facts", "entity", get_args(Entity)),
        ("financial_facts", "kind", get_args(ColumnKind)),
        ("line_items", "statement", chart_statements),
        ("line_items", "kind", chart_kinds),
        ("income_statement", "kind", income_kinds),
        ("audit_findings", "check", tuple(check_names())),
        ("audit_coverage", "check", tuple(check_names())),
        ("audit_findings", "severity", get_args(Severity)),
        ("extraction_findings", "severity", get_args(Severity)),
        ("key_figures", "unit", ("SEK", *count_units)),
        ("committee_members", "role", get_args(Role)),
        ("projects", "status", get_args(ProjectStatus)),
        ("reports", "status", get_args(ReportStatus)),
        ("reports", "document_type", get_args(DocumentType)),
        ("pages", "text_source", text_sources),
    ]


@pytest.mark.parametrize("table, column, values", documented_values(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_documented_list_of_values_holds_every_value_the_code_can_write(tmp_path, table, column, values):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    [(comment,)] = connection.execute(
        "select comment from duckdb_columns() where table_name = ? and column_name = ?", [table, column]).fetchall()
    connection.close()
    assert values
    assert [value for value in values if not re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", comment or "")] == []


def test_the_dictionary_says_what_each_statement_table_holds_and_the_wide_views_year_columns():
    text = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    facts = text[text.index("## `financial_facts`"):]
    facts = facts[:facts.index("\n## ")]
    assert "balance sheet" in facts and "income statement" in facts
    wide = text[text.index("## `income_statement_wide`"):]
    wide = wide[:wide.index("\n## ")]
    assert "no_years_yet" not in wide and "one column per fiscal year" in wide.lower()
