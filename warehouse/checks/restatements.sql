-- The same line and fiscal year stated by two reports agree; a difference is a
-- restatement, shown with both figures and both sources, on the newer report.
-- sv: Samma rad och räkenskapsår i två rapporter har samma belopp; en skillnad är en omräkning,
-- sv: som visas med båda beloppen och båda källorna på den nyare rapporten.
with stated as (
    select f.report_id, r.report_year, f.fiscal_year, f.line_item, f.amount_sek, f.page
    from financial_facts as f
    join reports as r using (report_id)
    where f.statement = 'resultatrapport' and f.line_item is not null
),

final as (
    select
        newer.report_id,
        'warning' as severity,
        newer.fiscal_year,
        newer.line_item as line_item_or_metric,
        older.amount_sek as expected,
        newer.amount_sek as actual,
        newer.amount_sek - older.amount_sek as difference,
        printf('%s %d is restated: %d in %s (page %d), %d in %s (page %d)',
               newer.line_item, newer.fiscal_year, newer.amount_sek, newer.report_id, newer.page,
               older.amount_sek, older.report_id, older.page) as message,
        printf('%s %d är omräknat: %d i %s (sidan %d), %d i %s (sidan %d)',
               newer.line_item, newer.fiscal_year, newer.amount_sek, newer.report_id, newer.page,
               older.amount_sek, older.report_id, older.page) as message_sv,
        newer.page,
        older.amount_sek = newer.amount_sek as ok
    from stated as newer
    join stated as older
      on older.line_item = newer.line_item and older.fiscal_year = newer.fiscal_year
     and (older.report_year < newer.report_year
          or (older.report_year = newer.report_year and older.report_id < newer.report_id))
)

select * from final
