-- The cash flow statement's closing cash is the cash the balance sheet holds at the same date, same report, entity
-- and year (its "Likvida medel", else "Kassa och bank"; or those with the short-term investments, where the report
-- counts them as cash: the message says so). Its opening cash is the closing cash of the year before, as the same
-- statement prints it. A difference within the rounding of the printed amounts is a warning; a larger one an error
-- that names the difference, but a warning where the balance sheet prints no "Likvida medel" line (its "Kassa och
-- bank" may be a part of what the cash flow counts as cash: an account with the manager, placements). And the
-- closing cash is the opening cash and the year's cash flow (and exchange differences), as the statement prints them.
-- sv: Kassaflödesanalysens likvida medel vid årets slut är de likvida medel balansräkningen har samma dag, i samma
-- sv: rapport, enhet och år (dess "Likvida medel", annars "Kassa och bank"; eller dessa med kortfristiga
-- sv: placeringar, där rapporten räknar dem som likvida medel). Likvida medel vid årets början är föregående års
-- sv: likvida medel vid årets slut, så som samma kassaflödesanalys trycker dem. En skillnad inom avrundningen är
-- sv: en varning; en större skillnad är ett fel som anger skillnaden. Och likvida medel vid årets slut är likvida
-- sv: medel vid årets början och årets kassaflöde (och kursdifferenser), så som räkningen trycker dem.
with flows as (
    select report_id, entity, kind, fiscal_year, max(precision) as precision,
           max(amount_sek) filter (where line_item in ('kf_likvida_medel_slut', 'k_kf_likvida_medel_slut')) as closing,
           min(page) filter (where line_item in ('kf_likvida_medel_slut', 'k_kf_likvida_medel_slut')) as closing_page,
           max(amount_sek) filter (where line_item in ('kf_likvida_medel_borjan', 'k_kf_likvida_medel_borjan')) as opening,
           min(page) filter (where line_item in ('kf_likvida_medel_borjan', 'k_kf_likvida_medel_borjan')) as opening_page,
           max(amount_sek) filter (where line_item in ('kf_arets_kassaflode', 'k_kf_arets_kassaflode')) as flow,
           coalesce(max(amount_sek) filter (where line_item = 'kf_kursdifferens'), 0) as exchange
    from financial_facts
    where statement = 'kassaflodesanalys'
    group by all
),

balances as (
    select report_id, entity, kind, fiscal_year, max(precision) as precision, min(page) as page,
           coalesce(max(amount_sek) filter (where line_item in ('br_likvida_medel', 'g_br_likvida_medel')),
                    max(amount_sek) filter (where line_item in ('br_kassa_och_bank', 'k_br_kassa_bank'))) as cash,
           count(*) filter (where line_item in ('br_likvida_medel', 'g_br_likvida_medel')) > 0 as names_cash,
           max(amount_sek) filter (where line_item in ('br_kortfristiga_placeringar', 'k_br_kortfristiga_placeringar'))
               as placements
    from financial_facts
    where statement = 'balansrakning'
    group by all
),

closing_against_balance as (
    select
        f.report_id,
        f.fiscal_year,
        'likvida_medel' || coalesce(':' || f.entity, '') as line_item_or_metric,
        b.cash as expected,
        f.closing as actual,
        greatest(f.precision, b.precision) as precision,
        f.closing = b.cash + coalesce(b.placements, 0) and f.closing <> b.cash and b.placements is not null as with_placements,
        b.names_cash as strict,
        printf('closing cash %d%s: the cash flow statement (page %d) ends with %d, the balance sheet (page %d) holds %d',
               f.fiscal_year, coalesce(', ' || f.entity, '') || case when f.kind <> 'actual' then ', ' || f.kind else '' end,
               f.closing_page, f.closing, b.page, b.cash) as said,
        printf('likvida medel vid årets slut %d%s: kassaflödesanalysen (sidan %d) slutar på %d, balansräkningen (sidan %d) har %d',
               f.fiscal_year, coalesce(', ' || f.entity, '') || case f.kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               f.closing_page, f.closing, b.page, b.cash) as said_sv,
        f.closing_page as page
    from flows as f
    join balances as b
      on b.report_id = f.report_id and b.entity is not distinct from f.entity and b.kind = f.kind
     and b.fiscal_year = f.fiscal_year
    where f.closing is not null and b.cash is not null
),

opening_against_last_year as (
    select
        f.report_id,
        f.fiscal_year,
        'likvida_medel_ingaende' || coalesce(':' || f.entity, '') as line_item_or_metric,
        last.closing as expected,
        f.opening as actual,
        greatest(f.precision, last.precision) as precision,
        false as with_placements,
        true as strict,
        printf('opening cash %d%s (page %d) is %d, but the closing cash of %d is %d',
               f.fiscal_year, coalesce(', ' || f.entity, '') || case when f.kind <> 'actual' then ', ' || f.kind else '' end,
               f.opening_page, f.opening, last.fiscal_year, last.closing) as said,
        printf('likvida medel vid årets början %d%s (sidan %d) är %d, men likvida medel vid slutet av %d är %d',
               f.fiscal_year, coalesce(', ' || f.entity, '') || case f.kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               f.opening_page, f.opening, last.fiscal_year, last.closing) as said_sv,
        f.opening_page as page
    from flows as f
    join flows as last
      on last.report_id = f.report_id and last.entity is not distinct from f.entity and last.kind = f.kind
     and last.fiscal_year = f.fiscal_year - 1
    where f.opening is not null and last.closing is not null
),

closing_against_flow as (
    select
        report_id,
        fiscal_year,
        'likvida_medel_flode' || coalesce(':' || entity, '') as line_item_or_metric,
        opening + flow + exchange as expected,
        closing as actual,
        precision * 2 as precision,
        false as with_placements,
        true as strict,
        printf('closing cash %d%s (page %d): opening cash %d and the year''s cash flow %d%s come to %d, but %d is printed',
               fiscal_year, coalesce(', ' || entity, '') || case when kind <> 'actual' then ', ' || kind else '' end,
               closing_page, opening, flow, case when exchange <> 0 then printf(' and exchange differences %d', exchange)
               else '' end, opening + flow + exchange, closing) as said,
        printf('likvida medel vid årets slut %d%s (sidan %d): ingående likvida medel %d och årets kassaflöde %d%s blir %d, men %d är tryckt',
               fiscal_year, coalesce(', ' || entity, '') || case kind when 'budget' then ', budget' when 'forecast' then ', prognos' else '' end,
               closing_page, opening, flow, case when exchange <> 0 then printf(' och kursdifferenser %d', exchange)
               else '' end, opening + flow + exchange, closing) as said_sv,
        closing_page as page
    from flows
    where closing is not null and opening is not null and flow is not null
),

compared as (
    select * from closing_against_balance
    union all
    select * from opening_against_last_year
    union all
    select * from closing_against_flow
),

final as (
    select
        report_id,
        case when with_placements or not strict or abs(actual - expected) <= precision then 'warning' else 'error' end
            as severity,
        fiscal_year,
        line_item_or_metric,
        expected,
        actual,
        actual - expected as difference,
        said || case when with_placements then ': the cash flow counts the short-term investments as cash'
                     when actual = expected then ''
                     when abs(actual - expected) <= precision
                         then printf(' (difference %d, within the rounding of the printed amounts)', actual - expected)
                     when not strict
                         then printf(' (difference %d): the balance sheet prints no line "Likvida medel", and its "Kassa och bank"'
                                     ' is not all the cash the cash flow counts (an account with the manager, placements:'
                                     ' the report''s note on cash says which)', actual - expected)
                     else printf(' (difference %d)', actual - expected) end as message,
        said_sv || case when with_placements then ': kassaflödet räknar de kortfristiga placeringarna som likvida medel'
                        when actual = expected then ''
                        when abs(actual - expected) <= precision
                            then printf(' (skillnad %d, inom de tryckta beloppens avrundning)', actual - expected)
                        when not strict
                            then printf(' (skillnad %d): balansräkningen har ingen rad "Likvida medel", och dess "Kassa och bank"'
                                        ' är inte alla de likvida medel som kassaflödet räknar (ett konto hos förvaltaren,'
                                        ' placeringar: rapportens not om likvida medel säger vilka)', actual - expected)
                        else printf(' (skillnad %d)', actual - expected) end as message_sv,
        page,
        actual = expected as ok
    from compared
)

select * from final
