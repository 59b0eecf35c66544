-- What the extractors could not read with certainty: named, never guessed.
create table if not exists extraction_findings (
    report_id  varchar not null,
    extractor  varchar not null,
    severity   varchar not null check (severity in ('error', 'warning')),
    page       integer,
    message    varchar not null,
    x0         double,
    top        double,
    x1         double,
    bottom     double
);

comment on table extraction_findings is 'Findings of the extractors: cells that are not numbers, statements without years, labels that match no line.';
comment on column extraction_findings.report_id is 'The report the finding is about (reports.report_id).';
comment on column extraction_findings.extractor is 'The extractor that made the finding (statements, ...).';
comment on column extraction_findings.severity is 'error: a value could not be loaded; warning: loaded, but needs a look.';
comment on column extraction_findings.page is 'Physical page number (1-based), where the finding has one.';
comment on column extraction_findings.message is 'What was found, naming the page, the cell and its text.';
comment on column extraction_findings.x0 is 'Left edge of the region concerned (points).';
comment on column extraction_findings.top is 'Top edge of the region concerned (points).';
comment on column extraction_findings.x1 is 'Right edge of the region concerned (points).';
comment on column extraction_findings.bottom is 'Bottom edge of the region concerned (points).';
