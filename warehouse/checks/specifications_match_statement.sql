-- A specification's total equals the income statement line it details
-- (the disposition of funds; the closing funds), same report and year.
-- sv: En specifikations totalsumma är lika med den rad i resultaträkningen som den specificerar
-- sv: (disposition av medel, utgående medel), i samma rapport och år.
with totals as (
    select f.report_id, f.fiscal_year, f.line_item, f.amount_sek, f.page, li.specifies, li.specifies_sign
    from financial_facts as f
    join line_items as li on li.code = f.line_item
    where li.specifies is not null
),

lines as (
    select report_id, fiscal_year, line_item, amount_sek
    from financial_facts
    where statement = 'resultatrapport'
),

final as (
    select
        t.report_id,
        'error' as severity,
        t.fiscal_year,
        t.line_item as line_item_or_metric,
        l.amount_sek * t.specifies_sign as expected,
        t.amount_sek as actual,
        t.amount_sek - l.amount_sek * t.specifies_sign as difference,
        printf('%s %d totals %d, but the income statement line %s it details is %d',
               t.line_item, t.fiscal_year, t.amount_sek, t.specifies, l.amount_sek) as message,
        printf('%s %d summerar till %d, men resultaträkningens rad %s som den specificerar är %d',
               t.line_item, t.fiscal_year, t.amount_sek, t.specifies, l.amount_sek) as message_sv,
        t.page,
        t.amount_sek = l.amount_sek * t.specifies_sign as ok
    from totals as t
    join lines as l
      on l.report_id = t.report_id and l.fiscal_year = t.fiscal_year and l.line_item = t.specifies
)

select * from final
