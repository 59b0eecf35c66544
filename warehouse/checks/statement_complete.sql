-- Each income statement states every line of the chart for every year it covers.
with years as (
    select distinct report_id, fiscal_year
    from financial_facts
    where statement = 'resultatrapport'
),

chart as (
    select code from line_items where statement = 'resultatrapport'
),

final as (
    select
        y.report_id,
        'error' as severity,
        y.fiscal_year,
        c.code as line_item_or_metric,
        null::bigint as expected,
        null::bigint as actual,
        null::bigint as difference,
        printf('the income statement for %d states no %s', y.fiscal_year, c.code) as message,
        null::integer as page
    from years as y
    cross join chart as c
    where not exists (
        select 1 from financial_facts as f
        where f.report_id = y.report_id and f.fiscal_year = y.fiscal_year and f.line_item = c.code
    )
)

select * from final
