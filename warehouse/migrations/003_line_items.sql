-- The canonical chart of line items, kept in step with schemas/vocabularies/line_items.yaml.
create table if not exists line_items (
    code        varchar primary key,
    name        varchar not null,
    statement   varchar not null,
    kind        varchar not null,
    sort_order  integer not null,
    sums        varchar[],
    aliases     varchar[]
);

comment on table line_items is 'The canonical chart of statement lines (schemas/vocabularies/line_items.yaml), rewritten on every connect.';
comment on column line_items.code is 'Stable code of the line, used by financial_facts.line_item.';
comment on column line_items.name is 'Swedish display name of the line.';
comment on column line_items.statement is 'resultatrapport, disposition_specifikation or utgaende_medel_specifikation.';
comment on column line_items.kind is 'revenue, cost, total, balance, disposition, or item (a row of a specification).';
comment on column line_items.sort_order is 'The line''s place in its statement, for reading in printed order.';
comment on column line_items.sums is 'For a total: the codes whose amounts it adds up, as printed (costs are negative).';
comment on column line_items.aliases is 'Labels reports have printed for this line.';
