-- The income statement's result for the year is the result the balance sheet carries in its equity: same report,
-- entity (the group's result in the group's balance sheet, the parent company's in its own), year and kind of
-- column. A difference within the rounding of the two printed amounts is a warning with both figures; a larger one
-- an error.
-- sv: Resultaträkningens årets resultat är det resultat som balansräkningen har i sitt egna kapital, i samma
-- sv: rapport, enhet (koncernens i koncernens balansräkning, moderbolagets i dess egen), år och slags kolumn. En
-- sv: skillnad inom de två tryckta beloppens avrundning är en varning; en större skillnad är ett fel.
with results as (
    select report_id, entity, kind, fiscal_year, max(precision) as precision,
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
        'arets_resultat' || coalesce(':' || entity, '') as line_item_or_metric,
        income as expected,
        equity as actual,
        equity - income as difference,
        printf('result %d%s: the income statement (page %d) says %d, the balance sheet''s equity (page %d) %d (difference %d)',
               fiscal_year, coalesce(', ' || entity, '') || case when kind <> 'actual' then ', ' || kind else '' end,
               income_page, income, equity_page, equity, equity - income) as message,
        printf('årets resultat %d%s: resultaträkningen (sidan %d) anger %d, balansräkningens eget kapital (sidan %d) %d (skillnad %d)',
               fiscal_year, coalesce(', ' || entity, '')
               || case kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               income_page, income, equity_page, equity, equity - income) as message_sv,
        equity_page as page,
        income = equity as ok
    from results
    where income is not null and equity is not null
)

select * from final
