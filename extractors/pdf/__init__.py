"""PDF to document model: every page's words, rulings, lines, blocks in reading order and tables.

`document.build_document` opens the PDF and runs the steps in order; each step
is a module named for what it makes (`lines`, `blocks`, `tables`,
`reading_order`, `furniture`, `hyphenation`). Nothing here knows what a
statement or a committee is: that is `extractors.records`.
"""
