-- What the auditor checks found, and the reference data they use.
alter table line_items add column if not exists specifies varchar;
alter table line_items add column if not exists specifies_sign integer;
comment on column line_items.specifies is 'For a specification''s total: the income statement line it details.';
comment on column line_items.specifies_sign is 'The sign that turns the specification''s total into that line (-1: the disposition is printed negative in the statement).';

alter table reports add column if not exists audit_status varchar;
comment on column reports.audit_status is 'passed, warnings (findings to look at) or errors (a check failed: the data is loaded, with errors); NULL for a report that failed to load.';

create table if not exists key_figure_counterparts (
    line_item  varchar not null,
    sign       integer not null,
    metric     varchar not null,
    weight     integer not null
);

comment on table key_figure_counterparts is 'Which figures in prose restate which income statement line (schemas/vocabularies/key_figures.yaml): sum(weight * metric) = sign * line.';
comment on column key_figure_counterparts.line_item is 'The income statement line (line_items.code).';
comment on column key_figure_counterparts.sign is 'The sign that turns the line into the prose figure.';
comment on column key_figure_counterparts.metric is 'A key figure metric that restates (part of) the line.';
comment on column key_figure_counterparts.weight is 'The weight of that metric in the sum (+1 or -1).';

create table if not exists audit_findings (
    report_id            varchar not null,
    "check"              varchar not null,
    severity             varchar not null check (severity in ('error', 'warning')),
    fiscal_year          integer,
    line_item_or_metric  varchar,
    expected             bigint,
    actual               bigint,
    difference           bigint,
    message              varchar not null,
    page                 integer
);

comment on table audit_findings is 'One row per failed auditor check: arithmetic, continuity across reports, restatements, prose against tables, completeness. No row: the check passed.';
comment on column audit_findings.report_id is 'The report the finding is about (for cross-report checks: the newer report).';
comment on column audit_findings."check" is 'The check (a file of warehouse/checks/): totals_add_up, specifications_match_statement, balance_continuity, restatements, prose_agrees_with_tables, statement_complete, labels_matched, committee_complete.';
comment on column audit_findings.severity is 'error: the figures contradict each other or are incomplete; warning: worth a look (a restatement, a list short of a municipality).';
comment on column audit_findings.fiscal_year is 'The fiscal year concerned.';
comment on column audit_findings.line_item_or_metric is 'The line item code or key figure metric concerned.';
comment on column audit_findings.expected is 'What the other figures say it should be, in SEK.';
comment on column audit_findings.actual is 'What is printed, in SEK.';
comment on column audit_findings.difference is 'actual - expected, in SEK.';
comment on column audit_findings.message is 'The finding in words, naming the line, the year, both figures and their sources.';
comment on column audit_findings.page is 'The page of the figure found wanting.';
