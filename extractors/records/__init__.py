"""Document to records: one module per subject, each a pure function from a `Document` to validated records.

`statements` (income statement and specifications), `key_figures` (figures in
prose), `committee`, `projects`, `plan`, and `reports_and_pages` (the rows of
`reports` and `pages`). Whatever a reader cannot read with certainty is an
`ExtractionFinding` naming the page, never a guess.
"""
