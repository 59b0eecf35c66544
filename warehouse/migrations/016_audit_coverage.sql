-- What each check had to check in each report: a check with nothing to check is "not applicable", never "passed".
create table if not exists audit_coverage (
    report_id  varchar not null,
    "check"    varchar not null,
    checked    bigint not null,
    failed     bigint not null,
    primary key (report_id, "check")
);

comment on table audit_coverage is 'One row per report and auditor check that had something to check in it: how many comparisons it made and how many failed. A report with no row for a check: the check does not apply to it (nothing to check), shown as not applicable.';
comment on column audit_coverage.report_id is 'The report checked (for cross-report checks: the newer report).';
comment on column audit_coverage."check" is 'The check (a file of warehouse/checks/).';
comment on column audit_coverage.checked is 'How many comparisons the check made in this report (totals added up, lines held against another report, municipalities looked for, ...).';
comment on column audit_coverage.failed is 'How many of them failed: the report''s rows of this check in audit_findings.';
comment on column reports.audit_status is 'passed (every check that applies found nothing), warnings (findings to look at), errors (a check failed: the data is loaded, with errors) or not_applicable (no check had anything to check: no statement, no committee list, no prose figure with a table to hold it against); NULL for a report that failed to load or is a duplicate.';
