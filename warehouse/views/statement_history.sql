-- Any organisation's statements across years: one row per organisation, entity, statement, kind of column, line
-- and fiscal year (and part of a year, for an interim report's quarter), the figure of the newest report that
-- states it. An organisation is known by its organisation number, else its name, else its report; a line by its
-- chart code, else by its label as printed. A budget is never an outcome: kind keeps them apart.
create or replace view statement_history as
with report_recency as (
    select
        report_id,
        organisation,
        org_number,
        coalesce(org_number, organisation, report_id) as organisation_key,
        row_number() over (order by report_year asc nulls first, report_id asc) as recency
    from reports
),

stated as (
    select
        r.organisation_key,
        f.entity,
        f.statement,
        f.kind,
        coalesce(f.line_item, lower(trim(f.label))) as line,
        f.line_item,
        f.label,
        f.fiscal_year,
        -- the part of the year an interim report's column covers ("Okt-dec 2024"); NULL for a whole year
        case when regexp_matches(lower(coalesce(f.period, '')), '(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|kv|q[1-4]|kvartal)')
                  and not regexp_matches(lower(f.period), 'jan\w*\.?\s*[-–]\s*dec')
             then f.period end as part_of_year,
        f.amount_sek,
        f.unit,
        f.report_id,
        f.page,
        f.row_index,
        r.organisation,
        r.org_number,
        r.recency
    from financial_facts as f
    join report_recency as r using (report_id)
    where f.statement in ('resultatrapport', 'resultatrakning', 'balansrakning', 'kassaflodesanalys')
      and f.label <> ''
    -- One figure a report states for a line and year. Where its statement prints two lines read as one chart
    -- line ("Rörelseintäkter" above "Summa rörelseintäkter"), the later: the total, which follows its parts.
    qualify row_number() over (partition by r.organisation_key, f.entity, f.statement, f.kind, line, f.fiscal_year,
                                            part_of_year, f.report_id
                               order by f.page desc, f.row_index desc) = 1
)

select
    organisation_key,
    arg_max(organisation, recency) as organisation,
    arg_max(org_number, recency) as org_number,
    entity,
    statement,
    kind,
    line,
    line_item,
    arg_max(label, recency) as label,
    fiscal_year,
    part_of_year,
    arg_max(amount_sek, recency) as amount_sek,
    arg_max(unit, recency) as unit,
    arg_max(report_id, recency) as source_report_id,
    arg_max(page, recency) as source_page,
    min(row_index) as sort_order,
    count(distinct report_id) as reports_stating,
    count(distinct amount_sek) > 1 as reports_disagree
from stated
group by organisation_key, entity, statement, kind, line, line_item, fiscal_year, part_of_year;

comment on view statement_history is 'Any organisation''s statements across years: one row per organisation, entity, statement, kind, line and fiscal year (and part of a year), the figure of the newest report that states it (where a statement prints two lines read as one chart line, the later: the total).';
comment on column statement_history.organisation_key is 'The organisation: its organisation number, else its name, else its report (reports.org_number, organisation, report_id).';
comment on column statement_history.organisation is 'The organisation''s name as the newest report stating the line prints it.';
comment on column statement_history.org_number is 'Its organisation number (NNNNNN-NNNN); NULL where no report prints one.';
comment on column statement_history.entity is 'koncern, moderbolag, kommun or kommunkoncern; NULL for a report that prints one entity.';
comment on column statement_history.statement is 'resultatrapport (this cooperation''s own), resultatrakning, balansrakning or kassaflodesanalys.';
comment on column statement_history.kind is 'actual, budget or forecast: a budget is never an outcome.';
comment on column statement_history.line is 'The line: its chart code (line_items.code), else its printed label in lower case.';
comment on column statement_history.line_item is 'Code of the line (line_items.code); NULL where the label matched no line of the chart.';
comment on column statement_history.label is 'The label as the newest report stating it prints it.';
comment on column statement_history.fiscal_year is 'The year the figure is for.';
comment on column statement_history.part_of_year is 'For an interim report''s column, the part of the year it covers as printed ("Okt-dec 2024"); NULL for a whole year.';
comment on column statement_history.amount_sek is 'The figure in whole SEK as the newest report stating it prints it.';
comment on column statement_history.unit is 'The unit it was printed in: kr, tkr or mnkr.';
comment on column statement_history.source_report_id is 'The report the figure is taken from (the newest that states it).';
comment on column statement_history.source_page is 'The page of that report the figure is printed on.';
comment on column statement_history.sort_order is 'The line''s place in its statement as printed, for reading in order.';
comment on column statement_history.reports_stating is 'How many reports state this line for this year.';
comment on column statement_history.reports_disagree is 'True when the reports stating it print different figures (a restatement).';
