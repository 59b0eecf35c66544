-- A figure stated in prose agrees with the table that states the same thing,
-- within the precision of the prose ("8,7 Mkr" is 8 650 000 to 8 750 000).
-- sv: Ett belopp i löptexten stämmer med tabellen som anger samma sak, inom löptextens
-- sv: precision (”8,7 Mkr” är 8 650 000 till 8 750 000).
with prose as (
    select k.report_id, k.fiscal_year, c.line_item, c.sign,
           sum(c.weight * k.amount) as stated,
           sum(k.precision) // 2 as tolerance,
           count(distinct k.metric) as metrics_found,
           string_agg(k.metric, ', ' order by k.metric) as metrics,
           min(k.page) as page
    from key_figures as k
    join key_figure_counterparts as c on c.metric = k.metric
    group by all
),

needed as (
    select line_item, count(*) as metrics_needed from key_figure_counterparts group by all
),

tables as (
    select report_id, fiscal_year, line_item, amount_sek, page
    from financial_facts
    where statement in ('resultatrapport', 'resultatrakning')
),

final as (
    select
        p.report_id,
        'error' as severity,
        p.fiscal_year,
        p.line_item as line_item_or_metric,
        t.amount_sek * p.sign as expected,
        p.stated as actual,
        p.stated - t.amount_sek * p.sign as difference,
        printf('the prose (%s) states %d for %d, the table (page %d) %d: off by %d, more than the prose''s precision allows (%d)%s',
               p.metrics, p.stated, p.fiscal_year, t.page, t.amount_sek * p.sign,
               p.stated - t.amount_sek * p.sign, p.tolerance,
               case when t.amount_sek <> 0 and abs(p.stated / (t.amount_sek * p.sign)) between 300 and 3000
                    then printf('; about %d times the table: a unit misprinted?',
                                round(abs(p.stated / (t.amount_sek * p.sign)))::bigint)
                    else '' end) as message,
        printf('löptexten (%s) anger %d för %d, tabellen (sidan %d) %d: en skillnad på %d, mer än löptextens noggrannhet tillåter (%d)%s',
               p.metrics, p.stated, p.fiscal_year, t.page, t.amount_sek * p.sign,
               p.stated - t.amount_sek * p.sign, p.tolerance,
               case when t.amount_sek <> 0 and abs(p.stated / (t.amount_sek * p.sign)) between 300 and 3000
                    then printf('; omkring %d gånger tabellen: fel enhet i trycket?',
                                round(abs(p.stated / (t.amount_sek * p.sign)))::bigint)
                    else '' end) as message_sv,
        p.page,
        abs(p.stated - t.amount_sek * p.sign) <= p.tolerance as ok
    from prose as p
    join needed as n on n.line_item = p.line_item and n.metrics_needed = p.metrics_found
    join tables as t on t.report_id = p.report_id and t.fiscal_year = p.fiscal_year and t.line_item = p.line_item
)

select * from final
