-- The income statement across years: one row per line and fiscal year, the
-- figure of the newest report that states it. Each report gets its rank by
-- recency once, and each line and year takes the newest report's figure with
-- one arg_max instead of numbering every fact in a window.
create or replace view income_statement as
with report_recency as (
    select
        report_id,
        row_number() over (order by report_year asc nulls first, report_id asc) as recency
    from reports
),

stated as (
    select
        f.line_item,
        f.fiscal_year,
        f.amount_sek,
        f.report_id,
        f.page,
        r.recency
    from financial_facts as f
    join report_recency as r using (report_id)
    where f.statement = 'resultatrapport'
      and f.line_item is not null
),

by_line_and_year as (
    select
        line_item,
        fiscal_year,
        arg_max({'amount_sek': amount_sek, 'report_id': report_id, 'page': page}, recency) as newest,
        count(distinct report_id) as reports_stating,
        count(distinct amount_sek) > 1 as reports_disagree,
        min(amount_sek) as min_amount_sek,
        max(amount_sek) as max_amount_sek
    from stated
    group by line_item, fiscal_year
)

select
    b.line_item,
    li.name as line_item_name,
    li.kind,
    li.sort_order,
    b.fiscal_year,
    b.newest.amount_sek as amount_sek,
    b.newest.report_id as source_report_id,
    b.newest.page as source_page,
    b.reports_stating,
    b.reports_disagree,
    b.min_amount_sek,
    b.max_amount_sek
from by_line_and_year as b
join line_items as li on li.code = b.line_item;

comment on view income_statement is 'The income statement by line and fiscal year: the figure of the newest report that states it, how many reports state it, and whether they disagree.';
comment on column income_statement.line_item is 'Code of the line (line_items.code).';
comment on column income_statement.line_item_name is 'Swedish name of the line.';
comment on column income_statement.kind is 'revenue, cost, total, balance or disposition.';
comment on column income_statement.sort_order is 'The line''s place in the statement.';
comment on column income_statement.fiscal_year is 'The year the figure is for.';
comment on column income_statement.amount_sek is 'The figure in SEK as the newest report stating it prints it.';
comment on column income_statement.source_report_id is 'The report the figure is taken from (the newest that states it).';
comment on column income_statement.source_page is 'The page of that report the figure is printed on.';
comment on column income_statement.reports_stating is 'How many reports state this line for this year.';
comment on column income_statement.reports_disagree is 'True when the reports stating it print different figures (a restatement; see audit_findings).';
comment on column income_statement.min_amount_sek is 'The smallest figure any report prints for it.';
comment on column income_statement.max_amount_sek is 'The largest figure any report prints for it.';
