-- Views for analysts: the committee by year, who joined and who left, projects over the years.
create or replace view committee_by_year as
with seats as (
    select
        year(m.as_of) as year,
        m.municipality_code,
        mu.name as municipality,
        m.role,
        m.person_id,
        m.name,
        m.title,
        m.report_id
    from committee_members as m
    join municipalities as mu on mu.code = m.municipality_code
    where m.role in ('ledamot', 'tjansteperson')
),

final as (
    select
        year,
        municipality_code,
        municipality,
        list(name order by name) filter (where role = 'ledamot') as members,
        max(name) filter (where role = 'tjansteperson') as official,
        max(title) filter (where role = 'tjansteperson') as official_title,
        max(report_id) as report_id
    from seats
    group by all
)

select * from final order by year, municipality;

create or replace view committee_changes as
with seats as (
    select distinct
        year(as_of) as year,
        municipality_code,
        role,
        person_id,
        name
    from committee_members
    where role in ('ledamot', 'tjansteperson') and municipality_code is not null
),

listed as (
    select distinct year, municipality_code from seats
),

steps as (
    select year as to_year, lag(year) over (order by year) as from_year
    from (select distinct year from seats)
),

-- Only municipalities listed in both years are compared: a list that leaves a
-- municipality out (see extraction_findings) says nothing of who left.
compared as (
    select s.from_year, s.to_year, a.municipality_code
    from steps as s
    join listed as a on a.year = s.from_year
    join listed as b on b.year = s.to_year and b.municipality_code = a.municipality_code
    where s.from_year is not null
),

joined as (
    select c.from_year, c.to_year, c.municipality_code, n.role, n.person_id, n.name, 'in' as change
    from compared as c
    join seats as n on n.year = c.to_year and n.municipality_code = c.municipality_code
    where not exists (
        select 1 from seats as o
        where o.year = c.from_year and o.municipality_code = c.municipality_code
          and o.role = n.role and o.person_id = n.person_id
    )
),

departed as (
    select c.from_year, c.to_year, c.municipality_code, o.role, o.person_id, o.name, 'out' as change
    from compared as c
    join seats as o on o.year = c.from_year and o.municipality_code = c.municipality_code
    where not exists (
        select 1 from seats as n
        where n.year = c.to_year and n.municipality_code = c.municipality_code
          and n.role = o.role and n.person_id = o.person_id
    )
),

final as (
    select changes.*, mu.name as municipality
    from (select * from joined union all select * from departed) as changes
    join municipalities as mu on mu.code = changes.municipality_code
)

select * from final order by from_year, municipality, role, change, name;

create or replace view project_timeline as
select
    c.project_id,
    c.name as family_name,
    p.year,
    list(distinct p.status order by p.status) as statuses,
    list(distinct p.name order by p.name) as names_printed,
    max(p.area) as area,
    list(distinct p.report_id order by p.report_id) as report_ids
from projects as p
join project_catalog as c using (project_id)
group by all
order by c.project_id, p.year;
