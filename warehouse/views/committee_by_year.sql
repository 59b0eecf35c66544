-- The committee by year and municipality, for analysts.
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

comment on view committee_by_year is 'The committee by year and municipality: its two members and its official.';
comment on column committee_by_year.year is 'The year of the composition (as_of).';
comment on column committee_by_year.municipality_code is 'Municipality code.';
comment on column committee_by_year.municipality is 'Municipality name.';
comment on column committee_by_year.members is 'The members (ledamöter), by name.';
comment on column committee_by_year.official is 'The official (tjänsteperson).';
comment on column committee_by_year.official_title is 'The official''s title as printed.';
comment on column committee_by_year.report_id is 'The report the list comes from.';
