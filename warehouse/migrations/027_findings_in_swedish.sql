-- Findings say what they found in Swedish too, for the audit pages; an extractor's finding keeps its English key.
alter table extraction_findings add column if not exists key varchar;
alter table extraction_findings add column if not exists message_sv varchar;
alter table audit_findings add column if not exists message_sv varchar;

comment on column extraction_findings.key is 'What kind of finding it is: its English key in schemas/vocabularies/findings.yaml (label_matches_no_line, page_failed, ...); NULL for a finding loaded before keys were kept.';
comment on column extraction_findings.message_sv is 'The finding in Swedish, as the audit pages show it (message says it in English); NULL for a finding loaded before Swedish texts were kept.';
comment on column audit_findings.message_sv is 'The finding in Swedish, as the audit pages show it (message says it in English).';
