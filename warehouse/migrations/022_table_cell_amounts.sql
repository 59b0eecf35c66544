-- A table's unit on its cells: the unit its heading or header states ("(tkr)", "Belopp i mnkr"), or printed
-- with the number; and the amount in SEK where that unit is money.
alter table report_table_cells add column if not exists unit_stated_by varchar;
alter table report_table_cells add column if not exists amount_sek bigint;

comment on column report_table_cells.unit is 'The number''s unit: printed with it (%, ‰, a currency sign or code, kr/kvm, tkr), else the unit the table''s header or the heading just above it states (kr, tkr or mnkr: "(tkr)", "Belopp i mnkr"); NULL when none.';
comment on column report_table_cells.unit_stated_by is 'Where the unit comes from: cell (printed with the number), header (the table''s header rows) or heading (the line just above the table); NULL without a unit.';
comment on column report_table_cells.amount_sek is 'The number in whole SEK where its unit is money (kr, tkr, mnkr, Mkr, SEK, TSEK, ...): "52,0" in a table headed mnkr is 52000000, rounded to the krona; NULL otherwise.';
