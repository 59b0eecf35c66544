-- In any report's income statement, balance sheet and cash flow statement, each sum line that names its section ("Summa
-- rörelseintäkter" under Rörelseintäkter) or stands with no label under a rule equals the lines it totals, as
-- the report's own structure shows them: the lines above it in its section, back to the previous sum. A sum
-- over sections (Summa omsättningstillgångar) is not judged here: the balance check covers the sides. Each entity
-- (koncern, moderbolag, kommun, kommunkoncern) and each column (an outcome, a budget, a quarter) is summed on its
-- own. A difference within the rounding of the printed amounts (each line and the sum rounded to the unit's
-- precision on its own: half a unit each) is a warning with both figures; a larger one an error. A labelled line that is the sum
-- of the lines above it ("Eget kapital hänförligt till moderföretagets ägare") is a running subtotal, never a part.
-- A cash flow statement's unlabelled subtotals span its sections: cash_flow_reaches_cash checks its arithmetic.
-- Where the figures were read by OCR, a sum that does not add up names the least sure of them, its page and its
-- confidence: a misread digit is the first thing to look for.
-- sv: Varje summarad i en resultaträkning, balansräkning eller kassaflödesanalys som namnger sitt avsnitt (”Summa rörelseintäkter”) eller
-- sv: står utan text under ett streck är lika med raderna den summerar, så som rapportens egen struktur visar dem: raderna ovanför i samma
-- sv: avsnitt, tillbaka till föregående summa, för varje enhet (koncern, moderbolag, kommun, kommunkoncern) och
-- sv: kolumn (utfall, budget, kvartal) för sig. En skillnad inom de tryckta beloppens avrundning är en
-- sv: varning som visar båda beloppen; en större skillnad är ett fel. Där beloppen lästs med OCR nämner en summa
-- sv: som inte stämmer det osäkraste av dem, dess sida och dess konfidens.
with marked as (
    select *, (label = '' or lower(label) like 'summa %') as is_sum
    from financial_facts
    where statement in ('resultatrakning', 'balansrakning', 'kassaflodesanalys')
),

facts as (
    -- A labelled line that is the sum of at least two lines above it in its section ("Eget kapital hänförligt till
    -- moderföretagets ägare" under Aktiekapital ... Balanserad vinst) is a running subtotal: the sum below adds the
    -- lines it stands for, not it as well.
    select *,
           not is_sum and amount_sek <> 0 and lines_above >= 2 and amount_sek = sum_above as is_running_subtotal
    from (
        select *,
               sum(amount_sek) filter (where not is_sum) over above as sum_above,
               count(*) filter (where not is_sum) over above as lines_above
        from marked
        window above as (partition by report_id, statement, entity, kind, period, fiscal_year, page, section
                         order by row_index rows between unbounded preceding and 1 preceding)
    )
),

sums as (
    select s.*,
           (select max(p.row_index) from facts as p
            where p.report_id = s.report_id and p.statement = s.statement and p.fiscal_year = s.fiscal_year
              and p.entity is not distinct from s.entity and p.kind = s.kind and p.period is not distinct from s.period
              and p.page = s.page and p.section is not distinct from s.section and p.is_sum and p.row_index < s.row_index
           ) as previous_sum
    from facts as s
    where s.is_sum
      and not (s.label = '' and s.statement = 'kassaflodesanalys')  -- a cash flow's unlabelled subtotal spans sections
      and (s.label = '' or jaro_winkler_similarity(
              lower(trim(regexp_replace(s.label, '^\s*summa\s+', '', 'i'))),
              lower(trim(regexp_extract(coalesce(s.section, ''), '([^>]*)$', 1)))) >= 0.93)
),

compared as (
    select s.report_id, s.statement, s.entity, s.kind, s.period, s.fiscal_year, s.label, s.amount_sek, s.precision,
           s.page, s.section, s.row_index,
           s.amount_text, s.ocr_confidence,
           sum(f.amount_sek) as expected, count(*) as lines, max(f.precision) as parts_precision,
           string_agg(f.label, ' + ' order by f.row_index) as parts,
           min(f.ocr_confidence) as parts_confidence,
           arg_min(printf('%s %s', coalesce(nullif(f.label, ''), 'an unlabelled line'), f.amount_text), f.ocr_confidence)
               as least_sure_part,
           arg_min(printf('%s %s', coalesce(nullif(f.label, ''), 'en rad utan text'), f.amount_text), f.ocr_confidence)
               as least_sure_part_sv
    from sums as s
    join facts as f
      on f.report_id = s.report_id and f.statement = s.statement and f.fiscal_year = s.fiscal_year and f.page = s.page
     and f.entity is not distinct from s.entity and f.kind = s.kind and f.period is not distinct from s.period
     and f.section is not distinct from s.section and not f.is_sum and not f.is_running_subtotal
     and f.row_index < s.row_index and f.row_index > coalesce(s.previous_sum, -1)
    group by all
),

least_sure as (
    select *,
           case when ocr_confidence is null and parts_confidence is null then null
                when parts_confidence is null or ocr_confidence <= parts_confidence
                    then printf('%s %s', coalesce(nullif(label, ''), 'the unlabelled subtotal'), amount_text)
                else least_sure_part end as least_sure_figure,
           case when ocr_confidence is null and parts_confidence is null then null
                when parts_confidence is null or ocr_confidence <= parts_confidence
                    then printf('%s %s', coalesce(nullif(label, ''), 'delsumman utan text'), amount_text)
                else least_sure_part_sv end as least_sure_figure_sv,
           least(coalesce(ocr_confidence, 1), coalesce(parts_confidence, 1)) as least_confidence,
           -- every line and the sum rounded on their own: at most half a unit each
           greatest(precision, parts_precision) * (lines + 1) / 2.0 as rounding
    from compared
),

final as (
    select
        report_id,
        case when abs(amount_sek - expected) <= rounding then 'warning' else 'error' end as severity,
        fiscal_year,
        coalesce(nullif(label, ''), '(summa utan text)') as line_item_or_metric,
        expected,
        amount_sek as actual,
        amount_sek - expected as difference,
        printf('%s %d (%s%s%s, page %d): the lines above it (%s) come to %d, but %d is printed (difference %d%s)',
               coalesce(nullif(label, ''), 'an unlabelled subtotal'), fiscal_year, statement,
               coalesce(', ' || entity, ''), case when kind <> 'actual' then ', ' || kind else '' end,
               page, parts, expected, amount_sek, amount_sek - expected,
               case when abs(amount_sek - expected) <= rounding and amount_sek <> expected
                    then ', within the rounding of the printed amounts' else '' end)
        || case when least_sure_figure is not null and amount_sek <> expected
                then printf('; read by OCR on page %d: the least sure figure is %s (confidence %.2f)',
                            page, least_sure_figure, least_confidence)
                else '' end as message,
        printf('%s %d (%s%s%s, sidan %d): raderna ovanför (%s) blir %d, men %d är tryckt (skillnad %d%s)',
               coalesce(nullif(label, ''), 'en delsumma utan text'), fiscal_year,
               case statement when 'resultatrakning' then 'resultaträkningen' when 'balansrakning' then 'balansräkningen'
                              when 'kassaflodesanalys' then 'kassaflödesanalysen' when 'resultatrapport' then 'resultatrapporten'
                              else statement end,
               coalesce(', ' || entity, ''), case kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               page, parts, expected, amount_sek, amount_sek - expected,
               case when abs(amount_sek - expected) <= rounding and amount_sek <> expected
                    then ', inom de tryckta beloppens avrundning' else '' end)
        || case when least_sure_figure_sv is not null and amount_sek <> expected
                then printf('; läst med OCR på sidan %d: den osäkraste siffran är %s (konfidens %.2f)',
                            page, least_sure_figure_sv, least_confidence)
                else '' end as message_sv,
        page,
        amount_sek = expected as ok
    from least_sure
)

select * from final
