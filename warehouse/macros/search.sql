-- Ranked full-text search over every page of every report: `select * from search('kollektivtrafiken')`.
-- A query's words are looked up in the forms the reports print (search_forms) for their stems (Snowball's
-- Swedish stemmer, å/ä/ö folded: "balansräkningen" finds "BALANSRAKNING" on a page OCR read without its
-- diacritics); a word no report prints is folded and taken as it stands. Pages are ranked by how many of the
-- query's stems they print, then by BM25 (k1 1.2, b 0.75) over page_terms. Garbled pages are searched in their
-- repaired text (pages.search_text), and the snippet is taken from it.
create or replace macro search(query) as table
with words as (
    select distinct lower(unnest(regexp_extract_all(query, '\p{L}+'))) as form
),

stems as (
    select distinct coalesce(
        (select any_value(f.stem) from search_forms as f where f.form = w.form),
        translate(w.form, 'åäöéü', 'aaoeu')) as stem
    from words as w
),

lengths as (
    select report_id, page_number, sum(count) as length
    from page_terms
    group by all
),

corpus as (
    select count(*)::double as pages, avg(length)::double as mean_length from lengths
),

frequency as (
    select t.stem, count(*)::double as pages_with
    from page_terms as t
    join stems using (stem)
    group by t.stem
),

scored as (
    select
        t.report_id,
        t.page_number,
        count(distinct t.stem) as stems_found,
        sum(ln(1 + (c.pages - f.pages_with + 0.5) / (f.pages_with + 0.5))
            * t.count * 2.2 / (t.count + 1.2 * (0.25 + 0.75 * l.length / c.mean_length))) as score
    from page_terms as t
    join stems using (stem)
    join frequency as f using (stem)
    join lengths as l using (report_id, page_number)
    cross join corpus as c
    group by all
),

placed as (
    select
        s.report_id, s.page_number, s.stems_found, s.score,
        coalesce(p.search_text, p.text) as page_text,
        min(nullif(strpos(lower(coalesce(p.search_text, p.text)), f.form), 0)) as first_at
    from scored as s
    join pages as p using (report_id, page_number)
    left join search_forms as f on f.report_id = s.report_id and f.stem in (select stem from stems)
    group by all
)

select
    report_id,
    page_number,
    stems_found,
    round(score, 3) as score,
    trim(regexp_replace(substr(page_text, greatest(1, coalesce(first_at, 1) - 60), 180), '\s+', ' ', 'g')) as snippet
from placed
order by stems_found desc, score desc, report_id, page_number;
