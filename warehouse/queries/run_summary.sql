-- One row per file asked about ($1, a list of file names): what make run's summary prints for it.
select
    r.file_name,
    case when r.withdrawn_at is not null then 'withdrawn' else r.status end as status,
    r.document_type,
    r.report_year,
    r.audit_status,
    (select count(*) from pages as p where p.report_id = r.report_id) as pages,
    r.error,
    (select count(*) from financial_facts as f where f.report_id = r.report_id) as facts,
    (select count(*) from audit_findings as a where a.report_id = r.report_id)
        + (select count(*) from extraction_findings as e where e.report_id = r.report_id) as findings
from reports as r
where r.file_name in (select unnest($1))
order by r.file_name
