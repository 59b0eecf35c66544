-- Every amount of every statement of every organisation, one row each, with everything an analyst filters or
-- groups by: the organisation and its number, the document, the entity and kind of column, the statement and
-- section, the year and period as printed, the canonical line (code and Swedish name), the amount in SEK with
-- its unit and precision, and where it is printed.
create or replace view statement_facts as
select
    coalesce(r.org_number, r.organisation, r.report_id) as organisation_key,
    r.organisation,
    r.org_number,
    f.report_id,
    r.file_name,
    r.document_type,
    r.report_year,
    f.entity,
    f.kind,
    f.statement,
    f.section,
    f.fiscal_year,
    f.period,
    f.line_item,
    li.name as line_item_name,
    li.concept,
    f.label,
    f.amount_sek,
    f.amount_text,
    f.unit,
    f.precision,
    f.note,
    f.page,
    f.row_index,
    f.ocr_confidence
from financial_facts as f
join reports as r using (report_id)
left join line_items as li on li.code = f.line_item;

comment on view statement_facts is 'Every statement amount of every organisation, one row each, with its organisation, document, entity, kind, statement, section, year, period, canonical line and where it is printed.';
comment on column statement_facts.organisation_key is 'The organisation: its organisation number, else its name, else its report.';
comment on column statement_facts.organisation is 'The organisation''s name as its report prints it (reports.organisation).';
comment on column statement_facts.org_number is 'Its organisation number (NNNNNN-NNNN); NULL where the report prints none.';
comment on column statement_facts.report_id is 'The report (reports.report_id).';
comment on column statement_facts.file_name is 'The report''s file.';
comment on column statement_facts.document_type is 'What kind of report it is (reports.document_type).';
comment on column statement_facts.report_year is 'The year the report is for.';
comment on column statement_facts.entity is 'koncern, moderbolag, kommun or kommunkoncern; NULL for a report that prints one entity.';
comment on column statement_facts.kind is 'actual, budget or forecast.';
comment on column statement_facts.statement is 'The statement (financial_facts.statement).';
comment on column statement_facts.section is 'The section headings above the line, outermost first.';
comment on column statement_facts.fiscal_year is 'The year the amount is for.';
comment on column statement_facts.period is 'The column''s period as printed.';
comment on column statement_facts.line_item is 'Code of the canonical line (line_items.code); NULL where the label matched none.';
comment on column statement_facts.line_item_name is 'The canonical line''s Swedish name.';
comment on column statement_facts.concept is 'The headline figure the line gives (key_financials), if any.';
comment on column statement_facts.label is 'The label exactly as printed.';
comment on column statement_facts.amount_sek is 'The amount in whole SEK.';
comment on column statement_facts.amount_text is 'The amount exactly as printed.';
comment on column statement_facts.unit is 'What it was printed in: kr, tkr or mnkr.';
comment on column statement_facts.precision is 'SEK per printed unit: what the amount is exact to.';
comment on column statement_facts.note is 'The note reference(s) printed on the line.';
comment on column statement_facts.page is 'The page it is printed on.';
comment on column statement_facts.row_index is 'The row''s place in its statement, for reading in printed order.';
comment on column statement_facts.ocr_confidence is 'Read by OCR: its least sure word''s confidence; NULL from a text layer.';
