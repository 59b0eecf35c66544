-- The income statement's result for the year is the result the balance sheet carries in its equity, same report
-- and year. A difference within the amounts' precision is a warning with both figures; a larger one an error.
-- sv: Resultaträkningens årets resultat är det resultat som balansräkningen har i sitt egna kapital, i samma
-- sv: rapport och år. En skillnad inom beloppens precision är en varning; en större skillnad är ett fel.
with results as (
    select report_id, fiscal_year, max(precision) as precision,
           max(amount_sek) filter (where statement = 'resultatrakning' and line_item in ('rr_arets_resultat', 'k_rr_arets_resultat')) as income,
           min(page) filter (where statement = 'resultatrakning' and line_item in ('rr_arets_resultat', 'k_rr_arets_resultat')) as income_page,
           max(amount_sek) filter (where statement = 'balansrakning' and line_item in ('br_arets_resultat', 'k_br_arets_resultat')) as equity,
           min(page) filter (where statement = 'balansrakning' and line_item in ('br_arets_resultat', 'k_br_arets_resultat')) as equity_page
    from financial_facts
    where statement in ('resultatrakning', 'balansrakning')
    group by all
),

final as (
    select
        report_id,
        case when abs(income - equity) <= precision then 'warning' else 'error' end as severity,
        fiscal_year,
        'arets_resultat' as line_item_or_metric,
        income as expected,
        equity as actual,
        equity - income as difference,
        printf('result %d: the income statement (page %d) says %d, the balance sheet''s equity (page %d) %d (difference %d)',
               fiscal_year, income_page, income, equity_page, equity, equity - income) as message,
        equity_page as page,
        income = equity as ok
    from results
    where income is not null and equity is not null
)

select * from final
