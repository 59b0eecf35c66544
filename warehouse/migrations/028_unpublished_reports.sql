-- Which reports' rows changed since the warehouse was last published: what a publish by segments writes anew.
create table if not exists unpublished_reports (
    report_id  varchar primary key
);
comment on table unpublished_reports is 'The pipeline''s own bookkeeping: the reports whose rows were written since the last publish (a load, a duplicate''s rows removed). A publish by segments (warehouse.segments) writes only their rows anew, then empties it. Always empty in the published warehouse.';
comment on column unpublished_reports.report_id is 'The report (reports.report_id).';
