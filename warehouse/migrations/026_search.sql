-- Ranked full-text search over every page of every report, garbled pages included (their text repaired).
alter table pages add column if not exists search_text varchar;
comment on column pages.search_text is 'A garbled page''s text with its glyphs read as the letters they stand for (learned from the report''s own read-back labels), which search indexes and shows; NULL where the page''s text is readable as it stands.';

create table if not exists page_terms (
    report_id    varchar not null,
    page_number  integer not null,
    stem         varchar not null,
    count        integer not null
);
comment on table page_terms is 'The search index: how often each page prints words of each stem (Snowball''s Swedish stemmer, å/ä/ö folded).';
comment on column page_terms.report_id is 'The report (reports.report_id).';
comment on column page_terms.page_number is 'The page (pages.page_number).';
comment on column page_terms.stem is 'The stem: "balansräkningen" and "BALANSRAKNING" are both balansrakning.';
comment on column page_terms.count is 'How many of the page''s words have this stem.';

create table if not exists search_forms (
    report_id  varchar not null,
    form       varchar not null,
    stem       varchar not null
);
comment on table search_forms is 'Each word form a report prints (lower case) with its stem: what the search macro looks a query''s words up in.';
comment on column search_forms.report_id is 'The report that prints the form.';
comment on column search_forms.form is 'The word as printed, in lower case.';
comment on column search_forms.stem is 'Its stem (page_terms.stem).';
