-- Scanned pages read by OCR: where each page's words came from, and how sure OCR was of each figure.
alter table pages add column if not exists text_source varchar default 'text_layer';
alter table pages add column if not exists ocr_confidence double;
comment on column pages.has_text_layer is 'True when the page''s words come from its own text layer (text_source = text_layer).';
comment on column pages.text_source is 'Where the page''s words came from: text_layer (the PDF''s own text), ocr (read by Tesseract from the page''s picture: a scan, or a text layer garbled beyond use) or blank (nothing printed on the page).';
comment on column pages.ocr_confidence is 'On a page read by OCR, the mean confidence (0 to 1) Tesseract gave its words; NULL otherwise.';
alter table financial_facts add column if not exists ocr_confidence double;
comment on column financial_facts.ocr_confidence is 'For an amount read by OCR, the confidence (0 to 1) of its least sure word: a low one is the first place to look when a sum does not add up. NULL when read from the text layer.';
alter table key_figures add column if not exists ocr_confidence double;
comment on column key_figures.ocr_confidence is 'For a figure read by OCR, the confidence (0 to 1) of its least sure word; NULL when read from the text layer.';
