-- Total assets equal total equity and liabilities, in every year column of a balance sheet. A difference within
-- the amounts' precision (1 kr or 1 tkr) is a warning with both figures; a larger one an error. Totals read by
-- OCR that differ say how sure OCR was of them.
-- sv: Summa tillgångar är lika med summa eget kapital och skulder i varje årskolumn av en balansräkning. En
-- sv: skillnad inom beloppens precision (1 kr eller 1 tkr) är en varning; en större skillnad är ett fel.
with sides as (
    select report_id, fiscal_year, min(page) as page, max(precision) as precision,
           max(amount_sek) filter (where line_item in ('br_summa_tillgangar', 'k_br_summa_tillgangar')) as assets,
           max(amount_sek) filter (where line_item in ('br_summa_eget_kapital_och_skulder',
                                                       'k_br_summa_eget_kapital_avsattningar_skulder')) as claims,
           min(ocr_confidence) filter (where line_item in ('br_summa_tillgangar', 'k_br_summa_tillgangar',
                                                           'br_summa_eget_kapital_och_skulder',
                                                           'k_br_summa_eget_kapital_avsattningar_skulder')) as confidence
    from financial_facts
    where statement = 'balansrakning'
    group by all
),

final as (
    select
        report_id,
        case when abs(assets - claims) <= precision then 'warning' else 'error' end as severity,
        fiscal_year,
        'balansrakning' as line_item_or_metric,
        assets as expected,
        claims as actual,
        claims - assets as difference,
        printf('balance sheet %d (page %d): total assets %d, total equity and liabilities %d (difference %d)',
               fiscal_year, page, assets, claims, claims - assets)
        || case when confidence is not null and assets <> claims
                then printf('; read by OCR, the less sure total with confidence %.2f', confidence) else '' end
            as message,
        page,
        assets = claims as ok
    from sides
    where assets is not null and claims is not null
)

select * from final
