-- Unattended ingestion: files set aside with a reason, and reports whose file was withdrawn.
alter table reports add column if not exists withdrawn_at timestamp;
comment on column reports.withdrawn_at is 'When the report''s file was found gone from the reports folder; its rows are kept until someone removes them on purpose. NULL while the file is there.';

create table if not exists quarantine (
    file_name       varchar primary key,
    sha256          varchar not null,
    reason          varchar not null,
    quarantined_at  timestamp not null
);

comment on table quarantine is 'Files the pipeline set aside: they could not be read, the reason says why. The files stay where they are; a good version of the same file name takes it off this list.';
comment on column quarantine.file_name is 'File name in the reports folder.';
comment on column quarantine.sha256 is 'SHA-256 of the file that failed.';
comment on column quarantine.reason is 'Why it failed, naming the file and, where it helps, the page.';
comment on column quarantine.quarantined_at is 'When it was set aside (UTC).';
