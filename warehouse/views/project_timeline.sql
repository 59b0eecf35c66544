-- Each project family over the years, for analysts.
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

comment on view project_timeline is 'Each project family by year: how the reports list it.';
comment on column project_timeline.project_id is 'The project family (project_catalog.project_id).';
comment on column project_timeline.family_name is 'The family''s name as first printed.';
comment on column project_timeline.year is 'The year of the listing.';
comment on column project_timeline.statuses is 'beviljats_medel, verksam, exempel: how the reports list it that year.';
comment on column project_timeline.names_printed is 'The names printed for it that year.';
comment on column project_timeline.area is 'Its development area, where a report gives one.';
comment on column project_timeline.report_ids is 'The reports listing it.';
