-- A file whose bytes another file of the warehouse already holds is recorded with status
-- 'duplicate' and nothing else of it is loaded. DuckDB cannot change a check constraint in
-- place, so the table is rebuilt with the new one, its rows and its comments.
create table reports_rebuilt (
    report_id      varchar primary key,
    file_name      varchar not null,
    sha256         varchar not null,
    title          varchar,
    document_type  varchar,
    report_year    integer,
    page_count     integer,
    status         varchar not null check (status in ('loaded', 'incomplete', 'failed', 'duplicate')),
    error          varchar,
    ingested_at    timestamp not null,
    audit_status   varchar,
    withdrawn_at   timestamp
);
insert into reports_rebuilt
select report_id, file_name, sha256, title, document_type, report_year, page_count, status, error, ingested_at,
       audit_status, withdrawn_at
from reports;
drop table reports;
alter table reports_rebuilt rename to reports;

comment on table reports is 'One row per report file: what it is, its content hash, and how its load went.';
comment on column reports.report_id is 'Stable id of the report: the file name without .pdf when that is a safe id, else its safe form and 12 hex digits of the name''s SHA-256 (two names never share one).';
comment on column reports.file_name is 'File name in the reports folder (RAW_REPORTS_DIR), as printed: the name itself, with %, control characters, runs of three dots and bytes that are not UTF-8 percent-encoded.';
comment on column reports.sha256 is 'SHA-256 of the file''s bytes when it was last ingested.';
comment on column reports.title is 'Title of the report: the PDF''s Title entry, else the largest heading on its first page.';
comment on column reports.document_type is 'arsredovisning, verksamhetsplan, sammanfattning or other (schemas/vocabularies/document_types.yaml).';
comment on column reports.report_year is 'The year the report is about, read from its title or first page.';
comment on column reports.page_count is 'Pages in the file, counted by an independent reader (PDFium).';
comment on column reports.status is 'loaded: every page read; incomplete: some pages could not be read (see error); failed: nothing could be read (see error); duplicate: the same bytes as another file''s report (named in error), nothing of it loaded twice.';
comment on column reports.error is 'Why the report failed, is incomplete or is a duplicate, naming the file and, where it helps, the page.';
comment on column reports.ingested_at is 'When this row was last written (UTC).';
comment on column reports.audit_status is 'passed, warnings (findings to look at) or errors (a check failed: the data is loaded, with errors); NULL for a report that failed to load or is a duplicate.';
comment on column reports.withdrawn_at is 'When the report''s file was found gone from the reports folder; its rows are kept until someone removes them on purpose. NULL while the file is there.';
