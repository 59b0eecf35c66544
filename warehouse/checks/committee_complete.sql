-- A committee list names all eleven member municipalities.
-- sv: En förteckning över samarbetskommittén tar upp alla elva medlemskommuner.
with lists as (
    select distinct report_id, as_of from committee_members
),

final as (
    select
        l.report_id,
        'warning' as severity,
        year(l.as_of) as fiscal_year,
        m.code as line_item_or_metric,
        null::bigint as expected,
        null::bigint as actual,
        null::bigint as difference,
        printf('the committee list as of %s names no member for %s (%s)', l.as_of, m.name, m.code) as message,
        printf('kommittélistan per %s namnger ingen ledamot för %s (%s)', l.as_of, m.name, m.code) as message_sv,
        (select min(page) from committee_members as c where c.report_id = l.report_id) as page,
        exists (
            select 1 from committee_members as c
            where c.report_id = l.report_id and c.as_of = l.as_of and c.municipality_code = m.code
              and c.role in ('ledamot', 'tjansteperson')
        ) as ok
    from lists as l
    cross join municipalities as m
)

select * from final
