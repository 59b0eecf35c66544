-- Which extraction made a report's rows, so a change to an extractor or a vocabulary extracts it again.
alter table reports add column if not exists extraction_fingerprint varchar;
comment on column reports.extraction_fingerprint is 'Fingerprint of the extractors, schemas and vocabularies that made this report''s rows (16 hex digits of a SHA-256 of their files). make run extracts a report again when it differs from the code''s own. NULL for a file that could not be read.';
