-- Every file the warehouse holds a report of: what make run and the sensor compare the reports folder with.
select
    file_name,
    report_id,
    sha256,
    status,
    withdrawn_at is not null as withdrawn,
    audit_status,
    extraction_fingerprint,
    (select count(*) from pages as p where p.report_id = reports.report_id and p.text_source = 'not_read') as unread_pages
from reports
order by file_name
