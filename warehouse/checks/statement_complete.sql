-- Each income statement states every line of the chart for every year it covers.
-- sv: Varje resultaträkning anger alla rader i kontoplanen för varje år den omfattar.
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
        printf('resultaträkningen för %d anger ingen %s', y.fiscal_year, c.code) as message_sv,
        null::integer as page,
        exists (
            select 1 from financial_facts as f
            where f.report_id = y.report_id and f.fiscal_year = y.fiscal_year and f.line_item = c.code
        ) as ok
    from years as y
    cross join chart as c
)

select * from final
