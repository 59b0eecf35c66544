-- No printed label is left without a line of the chart, and no cell was left unread. In this cooperation's own
-- statement an unknown label is an error; in another report's statement it is a warning (its lines vary; the
-- fact is loaded with its section). A subtotal printed without a label has no label to match.
-- sv: Varje tryckt radbenämning motsvaras av en rad i kontoplanen, och ingen cell har lämnats oläst. En okänd
-- sv: rad i en annan rapports räkning är en varning (raden är inläst med sitt avsnitt); en summa utan text har
-- sv: ingen benämning att matcha.
with unmatched as (
    select
        report_id,
        case when statement in ('resultatrakning', 'balansrakning', 'kassaflodesanalys') then 'warning' else 'error' end as severity,
        fiscal_year,
        null as line_item_or_metric,
        null::bigint as expected,
        amount_sek as actual,
        null::bigint as difference,
        printf('the label ''%s'' (%d, page %d) matches no line of the chart', label, fiscal_year, page) as message,
        printf('radbenämningen ”%s” (%d, sidan %d) motsvarar ingen rad i kontoplanen', label, fiscal_year, page) as message_sv,
        page,
        line_item is not null as ok
    from financial_facts
    where label <> ''
),

unread as (
    select
        report_id,
        'error' as severity,
        null::integer as fiscal_year,
        null as line_item_or_metric,
        null::bigint as expected,
        null::bigint as actual,
        null::bigint as difference,
        message,
        coalesce(message_sv, message) as message_sv,
        page,
        false as ok
    from extraction_findings
    where extractor = 'statements' and severity = 'error'
)

select * from unmatched
union all
select * from unread
