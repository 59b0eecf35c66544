"""Asset checks: one per auditor rule (a SQL file of `warehouse/checks/`), run once per run.

Each check records its findings in `audit_findings` (the rules look across
reports: restatements, balance continuity) and gives one evaluation per
report of the run: passed when no finding concerns that report; a report
with warnings only passes with severity WARN shown. A failed check does not
hide the data: the report stays loaded and its `audit_status` says `errors`.
"""

import warnings

from dagster import (
    AssetCheckEvaluation,
    AssetCheckExecutionContext,
    AssetCheckSeverity,
    MetadataValue,
    Output,
    asset_check,
)

from pipelines.assets import warehouse_report
from pipelines.partitions import reports_partitions
from pipelines.resources import Warehouse
from schemas.records import report_id_for
from warehouse.audit import AuditFinding, check_description, check_names, record_check

# Partitioned asset checks are a preview feature of Dagster 1.13; they are what
# lets each report's run check that report, so the preview notice is silenced.
warnings.filterwarnings("ignore", message=".*partitions_def on an AssetCheckSpec.*")


def evaluation(name: str, partition: str, findings: list[AuditFinding]) -> AssetCheckEvaluation:
    """The check's verdict on one report, from the findings that concern it."""
    errors = [f for f in findings if f.severity == "error"]
    return AssetCheckEvaluation(
        asset_key=warehouse_report.key,
        check_name=name,
        partition=partition,
        passed=not findings,
        severity=AssetCheckSeverity.ERROR if errors else AssetCheckSeverity.WARN,
        metadata={
            "errors": len(errors),
            "warnings": len(findings) - len(errors),
            "findings": MetadataValue.md("\n".join(f"- **{f.severity}** {f.message}" for f in findings) or "none"),
        },
    )


def build_audit_check(name: str):
    @asset_check(
        asset=warehouse_report,
        name=name,
        description=check_description(name),
        partitions_def=reports_partitions,
    )
    def _check(context: AssetCheckExecutionContext, warehouse: Warehouse):
        with warehouse.connect() as connection:
            findings = record_check(connection, name)
        # A run may cover many reports: the step's own output, then a verdict per report.
        yield Output(None)
        for key in context.partition_keys:
            report_id = report_id_for(key)
            yield evaluation(name, key, [f for f in findings if f.report_id == report_id])

    return _check


audit_checks = [build_audit_check(name) for name in check_names()]
