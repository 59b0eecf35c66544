-- Figures stated in prose: amounts of money and the counts analysts follow.
create table if not exists key_figures (
    report_id    varchar not null,
    fiscal_year  integer not null,
    metric       varchar not null,
    amount       bigint not null,
    unit         varchar not null,
    precision    bigint not null,
    qualifier    varchar,
    quote        varchar not null,
    page         integer not null,
    x0           double not null,
    top          double not null,
    x1           double not null,
    bottom       double not null
);

comment on table key_figures is 'One row per figure stated in running text: each amount of money, and counts such as meetings, trainees and networks.';
comment on column key_figures.report_id is 'The report that states the figure (reports.report_id).';
comment on column key_figures.fiscal_year is 'The year the figure is for: a year its clause names ("uppgick 2022"), else the report year.';
comment on column key_figures.metric is 'What the figure measures (schemas/vocabularies/key_figures.yaml), or other when its sentence says nothing known.';
comment on column key_figures.amount is 'The value: whole SEK for money ("8,7 Mkr" is 8700000), a number for counts.';
comment on column key_figures.unit is 'SEK, SEK per <something> ("21 kr per invånare"), or antal for counts.';
comment on column key_figures.precision is 'The rounding unit the wording implies, in the unit of amount: 100000 for "8,7 Mkr", 1 for exact kronor, 10 for "ett 40-tal".';
comment on column key_figures.qualifier is 'A word qualifying the figure as printed: ca, cirka, drygt, knappt, närmare, ungefär, över ...';
comment on column key_figures.quote is 'The sentence that states the figure, as printed: dehyphenated, line breaks joined, whitespace collapsed.';
comment on column key_figures.page is 'Physical page number (1-based) the figure is printed on.';
comment on column key_figures.x0 is 'Left edge of the printed figure (points from the page''s left edge).';
comment on column key_figures.top is 'Top edge of the printed figure (points from the page''s top edge).';
comment on column key_figures.x1 is 'Right edge of the printed figure (points).';
comment on column key_figures.bottom is 'Bottom edge of the printed figure (points).';
