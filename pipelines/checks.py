"""Asset checks: one per auditor rule (a SQL file of `warehouse/checks/`), run with every load.

Each check records its findings in `audit_findings` and passes for a report
when none of them is an error for that report; a failure with warnings only
passes with severity WARN shown. A failed check does not hide the data: the
report stays loaded and its `audit_status` says `errors`.
"""

import warnings

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, MetadataValue, asset_check

from pipelines.assets import warehouse_report
from pipelines.partitions import reports_partitions
from pipelines.resources import Warehouse
from schemas.records import report_id_for
from warehouse.audit import check_description, check_names, record_check


# Partitioned asset checks are a preview feature of Dagster 1.13; they are what
# lets each report's run check that report, so the preview notice is silenced.
warnings.filterwarnings("ignore", message=".*partitions_def on an AssetCheckSpec.*")


def build_audit_check(name: str):
    @asset_check(
        asset=warehouse_report,
        name=name,
        description=check_description(name),
        partitions_def=reports_partitions,
    )
    def _check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        report_id = report_id_for(context.partition_key)
        with warehouse.connect() as connection:
            findings = [f for f in record_check(connection, name) if f.report_id == report_id]
        errors = [f for f in findings if f.severity == "error"]
        return AssetCheckResult(
            passed=not findings,
            severity=AssetCheckSeverity.ERROR if errors else AssetCheckSeverity.WARN,
            metadata={
                "errors": len(errors),
                "warnings": len(findings) - len(errors),
                "findings": MetadataValue.md("\n".join(f"- **{f.severity}** {f.message}" for f in findings) or "none"),
            },
        )

    return _check


audit_checks = [build_audit_check(name) for name in check_names()]
