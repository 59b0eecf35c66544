-- Line items by fiscal years, for reading. Rebuilt after every load with one
-- column per fiscal year in the warehouse: the loader fills in {years} with the
-- integers read back from income_statement. A PIVOT spreads the years in one
-- pass, rather than a filtered max per year column.
create or replace view income_statement_wide as
pivot (
    select line_item, line_item_name, sort_order, fiscal_year, amount_sek
    from income_statement
)
on fiscal_year in ({years})
using max(amount_sek)
group by line_item, line_item_name, sort_order
order by sort_order;

comment on view income_statement_wide is 'The income statement for reading: one row per line, one column per fiscal year (SEK, from the newest report stating it).';
comment on column income_statement_wide.line_item is 'Code of the line (line_items.code).';
comment on column income_statement_wide.line_item_name is 'Swedish name of the line.';
comment on column income_statement_wide.sort_order is 'The line''s place in the statement.';
