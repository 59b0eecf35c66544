-- The body text of every page that could be read, in reading order.
create table if not exists pages (
    report_id       varchar not null,
    page_number     integer not null,
    width           double not null,
    height          double not null,
    has_text_layer  boolean not null,
    text            varchar not null,
    primary key (report_id, page_number)
);

comment on table pages is 'One row per page read: its size and its body text in reading order.';
comment on column pages.report_id is 'The report the page belongs to (reports.report_id).';
comment on column pages.page_number is 'Physical page number in the PDF, 1-based.';
comment on column pages.width is 'Page width in points (1/72 inch).';
comment on column pages.height is 'Page height in points.';
comment on column pages.has_text_layer is 'False when the page has no extractable text (a scan that would need OCR).';
comment on column pages.text is 'Body text in reading order: columns read one after the other, hyphenation repaired, running headers, footers and page numbers left out; paragraphs separated by a blank line, table rows by newlines and cells by tabs.';
