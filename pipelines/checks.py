"""Asset checks: one per auditor rule (a SQL file of `warehouse/checks/`), each run once per run.

The rules look across reports (restatements, balance continuity between
years), so each check judges the warehouse as it stands after the run's load.
The audit (`audit_report`) runs every rule once for the batch, recording its
findings in `audit_findings`, and writes the pages from them; the checks stand
on the audit and give each rule's verdict from what it recorded, so no rule's
SQL runs twice. A check run on its own, without the audit, runs its rule. A
check passes when it compared something and found nothing, fails with severity
WARN when all its findings are warnings or it had nothing to compare (not
applicable, never green). Its metadata counts all
findings, and counts by report and lists those of the reports the run loaded.
A failed check does not hide the data: the report stays loaded and its
`audit_status` says `errors`; each report's verdict is in
`reports.audit_status` and on its audit page.

One verdict per check and run, rather than one per report and check: every
evaluation is an event in the instance's storage, and a batch's checks are
one pass of set-based SQL over the whole warehouse anyway.
"""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, MetadataValue, asset_check

from pipelines.assets import audit_report
from pipelines.resources import Warehouse
from schemas.reports import report_id_for
from warehouse.audit import AuditFinding, check_description, check_names, coverage, record_check, recorded_findings

SHOWN = 200  # findings listed in a verdict's metadata; all of them are in audit_findings


def check_result(findings: list[AuditFinding], run_reports: list[str], checked: dict[str, int]) -> AssetCheckResult:
    """The verdict on the warehouse: its findings counted, by report for the run's reports, and theirs listed.

    A check run on its own (no reports of a run) counts by report over the whole warehouse. `checked` is
    how many comparisons it made per report: where it made none at all, its verdict says "not applicable".
    Dagster knows only passed or failed: such a check is never shown green as passed; it fails with severity
    WARN, its description and metadata saying "not applicable" and why.
    """
    errors = [f for f in findings if f.severity == "error"]
    in_run = [f for f in findings if f.report_id in set(run_reports)] if run_reports else findings
    by_report: dict[str, list[int]] = {}
    for finding in in_run:
        counts = by_report.setdefault(finding.report_id, [0, 0])
        counts[0 if finding.severity == "error" else 1] += 1
    table = ["| report | errors | warnings |", "|---|---:|---:|"]
    table += [f"| {report} | {e} | {w} |" for report, (e, w) in sorted(by_report.items())]
    listed = [f"- **{f.severity}** {f.message}" for f in in_run[:SHOWN]]
    if len(in_run) > SHOWN:
        listed.append(f"- ... and {len(in_run) - SHOWN} more in `audit_findings`")
    in_scope = {report: n for report, n in checked.items() if not run_reports or report in set(run_reports)}
    verdict = ("errors" if errors else "warnings" if findings else
               "passed" if sum(checked.values()) else "not applicable: nothing to check")
    return AssetCheckResult(
        passed=not findings and bool(sum(checked.values())),
        severity=AssetCheckSeverity.ERROR if errors else AssetCheckSeverity.WARN,
        description=None if sum(checked.values()) else "not applicable: nothing in the warehouse for this check to check",
        metadata={
            "verdict": verdict,
            "comparisons": sum(checked.values()),
            "reports_checked": len(checked),
            "reports_of_this_run_checked": len(in_scope),
            "errors": len(errors),
            "warnings": len(findings) - len(errors),
            "reports_with_findings": len({f.report_id for f in findings}),
            "by_report": MetadataValue.md("\n".join(table) if by_report else "none"),
            "findings_in_this_run": MetadataValue.md("\n".join(listed) or "none"),
        },
    )


def run_partition_keys(context: AssetCheckExecutionContext) -> list[str]:
    """The report partitions of the run the check runs in (none when it runs on its own)."""
    if context.has_partition_key or context.has_partition_key_range:
        return list(context.partition_keys)
    return []


def audited_in_this_run(context: AssetCheckExecutionContext) -> bool:
    """Whether the load or the audit ran in this run (every step of the job does, when the run names none),
    and so recorded every rule's findings already."""
    steps = context.run.step_keys_to_execute
    return steps is None or "warehouse_report" in steps or "audit_report" in steps


def build_audit_check(name: str):
    @asset_check(asset=audit_report, name=name, description=check_description(name))
    def _check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        with warehouse.connect() as connection:
            if audited_in_this_run(context):
                findings = recorded_findings(connection, name)
            else:
                findings = record_check(connection, name)
            checked = coverage(connection, name)
        run_reports = [report_id_for(key) for key in run_partition_keys(context)]
        return check_result(findings, run_reports, checked)

    return _check


audit_checks = [build_audit_check(name) for name in check_names()]
