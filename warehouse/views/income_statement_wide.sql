-- Line items by fiscal years, for reading. Rebuilt after every load with one
-- column per fiscal year in the warehouse (the year_columns placeholder is filled in by the
-- loader from integers read back from income_statement).
create or replace view income_statement_wide as
select
    line_item,
    line_item_name,
    sort_order,
    {year_columns}
from income_statement
group by line_item, line_item_name, sort_order
order by sort_order;

comment on view income_statement_wide is 'The income statement for reading: one row per line, one column per fiscal year (SEK, from the newest report stating it).';
comment on column income_statement_wide.line_item is 'Code of the line (line_items.code).';
comment on column income_statement_wide.line_item_name is 'Swedish name of the line.';
comment on column income_statement_wide.sort_order is 'The line''s place in the statement.';
