-- The closing funds of one year are the opening funds of the next, across reports:
-- each report's opening balance is held against the closing balance of the year
-- before, as the newest report stating that year prints it.
-- sv: Ett års utgående medel är nästa års ingående medel, mellan rapporterna: varje rapports
-- sv: ingående medel hålls mot föregående års utgående medel, så som den nyaste rapporten
-- sv: som anger det året trycker dem.
with opening as (
    select report_id, fiscal_year, amount_sek, page
    from financial_facts
    where statement = 'resultatrapport' and line_item = 'ingaende_medel'
),

closing as (
    select fiscal_year, amount_sek, source_report_id, source_page
    from income_statement
    where line_item = 'utgaende_medel'
),

final as (
    select
        o.report_id,
        'error' as severity,
        o.fiscal_year,
        'ingaende_medel' as line_item_or_metric,
        c.amount_sek as expected,
        o.amount_sek as actual,
        o.amount_sek - c.amount_sek as difference,
        printf('opening funds %d are %d (%s, page %d), but closing funds %d were %d (%s, page %d)',
               o.fiscal_year, o.amount_sek, o.report_id, o.page,
               c.fiscal_year, c.amount_sek, c.source_report_id, c.source_page) as message,
        printf('ingående medel %d är %d (%s, sidan %d), men utgående medel %d var %d (%s, sidan %d)',
               o.fiscal_year, o.amount_sek, o.report_id, o.page,
               c.fiscal_year, c.amount_sek, c.source_report_id, c.source_page) as message_sv,
        o.page,
        o.amount_sek = c.amount_sek as ok
    from opening as o
    join closing as c on c.fiscal_year = o.fiscal_year - 1
)

select * from final
