-- The headline figures analysts compare across organisations: which line of each chart gives which.
alter table line_items add column if not exists concept varchar;
alter table line_items add column if not exists concept_rank integer;
comment on column line_items.concept is 'The headline figure the line gives an analyst (schemas/vocabularies/concepts.yaml): revenue, operating_result, result_for_the_year, total_assets, equity, cash, net_cost, tax_revenue, general_grants; NULL for the others.';
comment on column line_items.concept_rank is 'Where several lines of a chart give one figure, which is taken first (1: "Summa rörelseintäkter" before "Nettoomsättning"); NULL where the line gives none.';
