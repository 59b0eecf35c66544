-- Who joined and who left the committee between consecutive lists, for analysts.
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

comment on view committee_changes is 'Who joined (in) and who left (out) the committee between consecutive lists, per municipality and role; only municipalities listed in both years are compared.';
comment on column committee_changes.from_year is 'The earlier list''s year.';
comment on column committee_changes.to_year is 'The later list''s year.';
comment on column committee_changes.municipality_code is 'Municipality code.';
comment on column committee_changes.role is 'ledamot or tjansteperson.';
comment on column committee_changes.person_id is 'The person (persons.person_id).';
comment on column committee_changes.name is 'The name as printed.';
comment on column committee_changes.change is 'in: on the later list only; out: on the earlier list only.';
comment on column committee_changes.municipality is 'Municipality name.';
