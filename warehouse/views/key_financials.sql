-- The headline figures analysts compare across organisations, from whatever chart a report prints them in: per
-- organisation, entity and fiscal year, revenue, operating result, result for the year, total assets, equity,
-- cash and, for municipalities, net cost, tax revenue and general grants. Each chart's lines say which figure
-- they give (line_items.concept); where a statement prints several, the lowest concept_rank is taken. Outcomes
-- only, whole years only; the newest report's figure, with reports_disagree where reports restate it.
create or replace view key_financials as
with candidates as (
    select
        h.organisation_key, h.organisation, h.org_number, h.entity, h.fiscal_year, li.concept, li.concept_rank,
        h.amount_sek, h.unit, h.line_item, h.label, h.statement, h.source_report_id, h.source_page,
        h.reports_stating, h.reports_disagree
    from statement_history as h
    join line_items as li on li.code = h.line_item
    where li.concept is not null and h.kind = 'actual' and h.part_of_year is null
),

chosen as (
    select *,
           row_number() over (partition by organisation_key, entity, fiscal_year, concept
                              order by concept_rank, source_report_id) as pick
    from candidates
)

select
    organisation_key,
    organisation,
    org_number,
    entity,
    fiscal_year,
    fiscal_year = max(fiscal_year) over (partition by organisation_key, entity) as latest_year,
    concept,
    amount_sek,
    unit,
    statement,
    line_item,
    label,
    source_report_id,
    source_page,
    reports_stating,
    reports_disagree
from chosen
where pick = 1;

comment on view key_financials is 'The headline figures analysts compare across organisations: per organisation, entity and fiscal year, one row per figure (revenue, operating result, result for the year, total assets, equity, cash; for municipalities net cost, tax revenue, general grants), from whatever chart the report prints.';
comment on column key_financials.organisation_key is 'The organisation: its organisation number, else its name, else its report.';
comment on column key_financials.organisation is 'The organisation''s name as the newest report stating the figure prints it.';
comment on column key_financials.org_number is 'Its organisation number (NNNNNN-NNNN); NULL where no report prints one.';
comment on column key_financials.entity is 'koncern, moderbolag, kommun or kommunkoncern; NULL for a report that prints one entity.';
comment on column key_financials.fiscal_year is 'The year the figure is for.';
comment on column key_financials.latest_year is 'True for the organisation''s (and entity''s) latest fiscal year in the warehouse.';
comment on column key_financials.concept is 'The figure: revenue, operating_result, result_for_the_year, total_assets, equity, cash, net_cost, tax_revenue or general_grants (schemas/vocabularies/concepts.yaml).';
comment on column key_financials.amount_sek is 'The figure in whole SEK, as the newest report stating it prints it.';
comment on column key_financials.unit is 'The unit it was printed in: kr, tkr or mnkr.';
comment on column key_financials.statement is 'The statement it is read from.';
comment on column key_financials.line_item is 'The chart line that gives it (line_items.code; its concept_rank chose it among the lines that give the same figure).';
comment on column key_financials.label is 'The line''s label as printed.';
comment on column key_financials.source_report_id is 'The report the figure is taken from (the newest that states it).';
comment on column key_financials.source_page is 'The page of that report it is printed on.';
comment on column key_financials.reports_stating is 'How many reports state this line for this year.';
comment on column key_financials.reports_disagree is 'True when the reports stating it print different figures (a restatement; see audit_findings).';
