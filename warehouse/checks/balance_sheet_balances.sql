-- Total assets equal total equity and liabilities, in every column of a balance sheet: each entity (koncern,
-- moderbolag, kommun, kommunkoncern), each year and each kind of column (an outcome, a budget) on its own. A
-- difference within the rounding of the two printed totals (half a unit each) is a warning with both figures; a
-- larger one an error. Totals read by OCR that differ say how sure OCR was of them.
-- sv: Summa tillgångar är lika med summa eget kapital och skulder i varje kolumn av en balansräkning, för varje
-- sv: enhet (koncern, moderbolag, kommun, kommunkoncern), år och slags kolumn (utfall, budget) för sig. En
-- sv: skillnad inom de två tryckta summornas avrundning är en varning; en större skillnad är ett fel.
with sides as (
    select report_id, entity, kind, period, fiscal_year, min(page) as page, max(precision) as precision,
           max(amount_sek) filter (where line_item in ('br_summa_tillgangar', 'k_br_summa_tillgangar',
                                                       'g_br_summa_tillgangar')) as assets,
           max(amount_sek) filter (where line_item in ('br_summa_eget_kapital_och_skulder',
                                                       'k_br_summa_eget_kapital_avsattningar_skulder',
                                                       'g_br_summa_eget_kapital_och_skulder')) as claims,
           min(ocr_confidence) filter (where line_item in ('br_summa_tillgangar', 'k_br_summa_tillgangar',
                                                           'g_br_summa_tillgangar', 'br_summa_eget_kapital_och_skulder',
                                                           'k_br_summa_eget_kapital_avsattningar_skulder',
                                                           'g_br_summa_eget_kapital_och_skulder')) as confidence
    from financial_facts
    where statement = 'balansrakning'
    group by all
),

final as (
    select
        report_id,
        case when abs(assets - claims) <= precision then 'warning' else 'error' end as severity,
        fiscal_year,
        'balansrakning' || coalesce(':' || entity, '') as line_item_or_metric,
        assets as expected,
        claims as actual,
        claims - assets as difference,
        printf('balance sheet %d%s%s (page %d): total assets %d, total equity and liabilities %d (difference %d%s)',
               fiscal_year, coalesce(', ' || entity, ''), case when kind <> 'actual' then ', ' || kind else '' end,
               page, assets, claims, claims - assets,
               case when abs(assets - claims) <= precision and assets <> claims
                    then ', within the rounding of the printed amounts' else '' end)
        || case when confidence is not null and assets <> claims
                then printf('; read by OCR, the less sure total with confidence %.2f', confidence) else '' end
            as message,
        printf('balansräkningen %d%s%s (sidan %d): summa tillgångar %d, summa eget kapital och skulder %d (skillnad %d%s)',
               fiscal_year, coalesce(', ' || entity, ''),
               case kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               page, assets, claims, claims - assets,
               case when abs(assets - claims) <= precision and assets <> claims
                    then ', inom de tryckta beloppens avrundning' else '' end)
        || case when confidence is not null and assets <> claims
                then printf('; läst med OCR, den osäkrare summan med konfidens %.2f', confidence) else '' end
            as message_sv,
        page,
        assets = claims as ok
    from sides
    where assets is not null and claims is not null
)

select * from final
