-- income_statement_wide before any statement is loaded: the lines, and one
-- column standing in for the years to come.
create or replace view income_statement_wide as
select line_item, line_item_name, sort_order, null::bigint as no_years_yet
from income_statement
group by line_item, line_item_name, sort_order
order by sort_order;

comment on view income_statement_wide is 'The income statement for reading: one row per line, one column per fiscal year (SEK, from the newest report stating it).';
comment on column income_statement_wide.line_item is 'Code of the line (line_items.code).';
comment on column income_statement_wide.line_item_name is 'Swedish name of the line.';
comment on column income_statement_wide.sort_order is 'The line''s place in the statement.';
comment on column income_statement_wide.no_years_yet is 'Stands in for the year columns until a statement is loaded.';
