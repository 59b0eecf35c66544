-- Every table of every report, cell by cell: not only the statements.
create table if not exists report_tables (
    report_id     varchar not null,
    page          integer not null,
    table_index   integer not null,
    x0            double not null,
    top           double not null,
    x1            double not null,
    bottom        double not null,
    ruled         boolean not null,
    header_rows   integer not null,
    row_count     integer not null,
    column_count  integer not null,
    decimal_mark  varchar not null
);
create table if not exists report_table_cells (
    report_id     varchar not null,
    page          integer not null,
    table_index   integer not null,
    row_index     integer not null,
    column_index  integer not null,
    text          varchar not null,
    number        double,
    unit          varchar,
    is_header     boolean not null,
    x0            double not null,
    top           double not null,
    x1            double not null,
    bottom        double not null
);
comment on table report_tables is 'One row per table found on a page of a report, ruled or found from the alignment of its text: statements, multi-year overviews, specifications, statistics. Its cells are in report_table_cells.';
comment on column report_tables.report_id is 'The report (reports.report_id).';
comment on column report_tables.page is 'Physical page number (1-based).';
comment on column report_tables.table_index is 'The table''s place among its page''s tables, in reading order (0 first).';
comment on column report_tables.x0 is 'Left edge of the table (points from the page''s left edge).';
comment on column report_tables.top is 'Top edge of the table (points from the page''s top edge).';
comment on column report_tables.x1 is 'Right edge of the table (points).';
comment on column report_tables.bottom is 'Bottom edge of the table (points).';
comment on column report_tables.ruled is 'True when rules drew its grid; false when it was found from the alignment of its text.';
comment on column report_tables.header_rows is 'How many leading rows head its columns (rows with no number past the first column, above rows with numbers).';
comment on column report_tables.row_count is 'Rows in the table, header rows included.';
comment on column report_tables.column_count is 'Columns in the table.';
comment on column report_tables.decimal_mark is 'The decimal mark its numbers were read with, from the evidence of its own cells: , ("83,77", "1 234,5") or . ("44.8", "2,753,438").';
comment on table report_table_cells is 'One row per printed cell of a table in report_tables (a position with nothing printed has no row).';
comment on column report_table_cells.report_id is 'The report (reports.report_id).';
comment on column report_table_cells.page is 'Physical page number (1-based).';
comment on column report_table_cells.table_index is 'The table (report_tables.table_index on the same page).';
comment on column report_table_cells.row_index is 'The cell''s row, 0 first (header rows included).';
comment on column report_table_cells.column_index is 'The cell''s column, 0 first.';
comment on column report_table_cells.text is 'The cell''s text as printed; a cell of several lines has them joined by a newline.';
comment on column report_table_cells.number is 'The number the cell states, read with the table''s decimal mark ("12,5 %" is 12.5, "(3.2)" is -3.2); NULL for text and header cells. Not money: statement amounts are in financial_facts as whole SEK.';
comment on column report_table_cells.unit is 'What was printed with the number: %, ‰, a currency sign or code, or a unit such as kr/kvm or tkr; NULL when none.';
comment on column report_table_cells.is_header is 'True for a cell of one of the table''s header rows.';
comment on column report_table_cells.x0 is 'Left edge of the cell (points; a ruled cell''s grid box).';
comment on column report_table_cells.top is 'Top edge of the cell (points from the page''s top edge).';
comment on column report_table_cells.x1 is 'Right edge of the cell (points).';
comment on column report_table_cells.bottom is 'Bottom edge of the cell (points).';
