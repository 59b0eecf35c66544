-- Every amount of every statement table: one row per (line, fiscal year) as printed.
create table if not exists financial_facts (
    report_id     varchar not null,
    statement     varchar not null,
    fiscal_year   integer not null,
    line_item     varchar,
    label         varchar not null,
    amount_sek    bigint not null,
    amount_text   varchar not null,
    page          integer not null,
    x0            double not null,
    top           double not null,
    x1            double not null,
    bottom        double not null,
    label_x0      double not null,
    label_top     double not null,
    label_x1      double not null,
    label_bottom  double not null,
    match_score   double,
    row_index     integer not null
);

comment on table financial_facts is 'One row per amount printed in a statement table (income statement and its specifications), for one line and one fiscal year.';
comment on column financial_facts.report_id is 'The report that prints the amount (reports.report_id).';
comment on column financial_facts.statement is 'resultatrapport (income statement), disposition_specifikation (specification of other efforts, disposition of funds) or utgaende_medel_specifikation (specification of closing funds).';
comment on column financial_facts.fiscal_year is 'The year the amount is for: its column header, or for a specification its caption''s year or the report year.';
comment on column financial_facts.line_item is 'Code of the line in line_items; NULL when the printed label matched no line (see extraction_findings).';
comment on column financial_facts.label is 'The label exactly as printed, typos and footnote stars included; a wrapped label joined with one space.';
comment on column financial_facts.amount_sek is 'The amount in whole SEK, negative where printed with a minus, dash or parentheses.';
comment on column financial_facts.amount_text is 'The amount exactly as printed.';
comment on column financial_facts.page is 'Physical page number (1-based) the amount is printed on.';
comment on column financial_facts.x0 is 'Left edge of the printed amount, in points from the page''s left edge.';
comment on column financial_facts.top is 'Top edge of the printed amount, in points from the page''s top edge.';
comment on column financial_facts.x1 is 'Right edge of the printed amount, in points from the page''s left edge.';
comment on column financial_facts.bottom is 'Bottom edge of the printed amount, in points from the page''s top edge.';
comment on column financial_facts.label_x0 is 'Left edge of the printed label (points).';
comment on column financial_facts.label_top is 'Top edge of the printed label (points).';
comment on column financial_facts.label_x1 is 'Right edge of the printed label (points).';
comment on column financial_facts.label_bottom is 'Bottom edge of the printed label (points).';
comment on column financial_facts.match_score is 'How the label matched the chart: 100 exact after normalising, lower for a fuzzy match (rapidfuzz ratio), NULL when unmatched or a specification item.';
comment on column financial_facts.row_index is 'The row''s place in its table (0-based), for reading in printed order.';
