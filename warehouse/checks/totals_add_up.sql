-- Every total of a statement equals the sum of the lines it adds up (line_items.sums):
-- revenue lines to total revenue, cost lines to total costs, result = revenue + costs,
-- closing funds = opening funds + result + disposition, specification items to their total.
-- sv: Varje summa i en räkning är lika med summan av de rader den lägger samman: intäkterna till
-- sv: summa intäkter, kostnaderna till summa kostnader, resultatet = intäkter + kostnader,
-- sv: utgående medel = ingående medel + resultat + disposition, specifikationens poster till dess totalsumma.
with facts as (
    select report_id, statement, fiscal_year, line_item, sum(amount_sek) as amount, min(page) as page
    from financial_facts
    where line_item is not null
    group by all
),

components as (
    select li.code as total, li.statement, c.component
    from line_items as li, unnest(li.sums) as c(component)
),

summed as (
    select f.report_id, f.statement, f.fiscal_year, c.total, sum(f.amount) as expected,
           string_agg(c.component, ' + ' order by c.component) as parts
    from components as c
    join facts as f on f.line_item = c.component and f.statement = c.statement
    group by all
),

final as (
    select
        t.report_id,
        'error' as severity,
        t.fiscal_year,
        t.line_item as line_item_or_metric,
        s.expected,
        t.amount as actual,
        t.amount - s.expected as difference,
        printf('%s %d: the lines it adds up (%s) come to %d, but %d is printed (difference %d)',
               t.line_item, t.fiscal_year, s.parts, s.expected, t.amount, t.amount - s.expected) as message,
        printf('%s %d: raderna den summerar (%s) blir %d, men %d är tryckt (skillnad %d)',
               t.line_item, t.fiscal_year, s.parts, s.expected, t.amount, t.amount - s.expected) as message_sv,
        t.page,
        t.amount = s.expected as ok
    from facts as t
    join summed as s
      on s.report_id = t.report_id and s.statement = t.statement
     and s.fiscal_year = t.fiscal_year and s.total = t.line_item
)

select * from final
