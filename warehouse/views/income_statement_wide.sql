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
