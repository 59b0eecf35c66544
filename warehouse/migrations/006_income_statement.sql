-- The income statement across years: one row per line and fiscal year.
create or replace view income_statement as
with stated as (
    select
        f.line_item,
        f.fiscal_year,
        f.amount_sek,
        f.report_id,
        f.page,
        r.report_year
    from financial_facts as f
    join reports as r using (report_id)
    where f.statement = 'resultatrapport'
      and f.line_item is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by line_item, fiscal_year
            order by report_year desc nulls last, report_id desc
        ) as recency
    from stated
),

final as (
    select
        ranked.line_item,
        li.name as line_item_name,
        li.kind,
        li.sort_order,
        ranked.fiscal_year,
        max(ranked.amount_sek) filter (where ranked.recency = 1) as amount_sek,
        max(ranked.report_id) filter (where ranked.recency = 1) as source_report_id,
        max(ranked.page) filter (where ranked.recency = 1) as source_page,
        count(distinct ranked.report_id) as reports_stating,
        count(distinct ranked.amount_sek) > 1 as reports_disagree,
        min(ranked.amount_sek) as min_amount_sek,
        max(ranked.amount_sek) as max_amount_sek
    from ranked
    join line_items as li on li.code = ranked.line_item
    group by all
)

select * from final;

comment on view income_statement is 'The income statement by line and fiscal year: the figure of the newest report that states it, how many reports state it, and whether they disagree.';
