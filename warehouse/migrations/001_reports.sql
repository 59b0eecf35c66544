-- One row per report file found in the reports folder, whatever became of it.
create table if not exists reports (
    report_id      varchar primary key,
    file_name      varchar not null,
    sha256         varchar not null,
    title          varchar,
    document_type  varchar,
    report_year    integer,
    page_count     integer,
    status         varchar not null check (status in ('loaded', 'incomplete', 'failed')),
    error          varchar,
    ingested_at    timestamp not null
);

comment on table reports is 'One row per report file: what it is, its content hash, and how its load went.';
comment on column reports.report_id is 'Stable id of the report: the file name without .pdf; also the Dagster partition key''s stem.';
comment on column reports.file_name is 'File name in the reports folder (RAW_REPORTS_DIR).';
comment on column reports.sha256 is 'SHA-256 of the file''s bytes when it was last ingested.';
comment on column reports.title is 'Title of the report: the PDF''s Title entry, else the largest heading on its first page.';
comment on column reports.document_type is 'arsredovisning, verksamhetsplan, sammanfattning or other (schemas/vocabularies/document_types.yaml).';
comment on column reports.report_year is 'The year the report is about, read from its title or first page.';
comment on column reports.page_count is 'Pages in the file, counted by an independent reader (PDFium).';
comment on column reports.status is 'loaded: every page read; incomplete: some pages could not be read (see error); failed: nothing could be read (see error).';
comment on column reports.error is 'Why the report failed or is incomplete, naming the file and, where it helps, the page.';
comment on column reports.ingested_at is 'When this row was last written (UTC).';
