-- What each column of the analysts' views means.
-- income_statement's columns are described with the view in 013, which replaces it.

comment on view committee_by_year is 'The committee by year and municipality: its two members and its official.';
comment on column committee_by_year.year is 'The year of the composition (as_of).';
comment on column committee_by_year.municipality_code is 'Municipality code.';
comment on column committee_by_year.municipality is 'Municipality name.';
comment on column committee_by_year.members is 'The members (ledamöter), by name.';
comment on column committee_by_year.official is 'The official (tjänsteperson).';
comment on column committee_by_year.official_title is 'The official''s title as printed.';
comment on column committee_by_year.report_id is 'The report the list comes from.';

comment on view committee_changes is 'Who joined (in) and who left (out) the committee between consecutive lists, per municipality and role; only municipalities listed in both years are compared.';
comment on column committee_changes.from_year is 'The earlier list''s year.';
comment on column committee_changes.to_year is 'The later list''s year.';
comment on column committee_changes.municipality_code is 'Municipality code.';
comment on column committee_changes.role is 'ledamot or tjansteperson.';
comment on column committee_changes.person_id is 'The person (persons.person_id).';
comment on column committee_changes.name is 'The name as printed.';
comment on column committee_changes.change is 'in: on the later list only; out: on the earlier list only.';
comment on column committee_changes.municipality is 'Municipality name.';

comment on view project_timeline is 'Each project family by year: how the reports list it.';
comment on column project_timeline.project_id is 'The project family (project_catalog.project_id).';
comment on column project_timeline.family_name is 'The family''s name as first printed.';
comment on column project_timeline.year is 'The year of the listing.';
comment on column project_timeline.statuses is 'beviljats_medel, verksam, exempel: how the reports list it that year.';
comment on column project_timeline.names_printed is 'The names printed for it that year.';
comment on column project_timeline.area is 'Its development area, where a report gives one.';
comment on column project_timeline.report_ids is 'The reports listing it.';
