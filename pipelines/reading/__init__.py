"""Reading report files for the pipeline: within limits, cached by content, on every core or a Dask cluster.

Not extraction (that is `extractors/`, pure functions from a PDF to a
document): this is how the pipeline runs it. `isolation` reads a file in a
child process with memory, time and page caps; `cache` keeps each reading
under the file's SHA-256; `fan_out` spreads readings over the cores or the
cluster; `reports` is the step a run calls per file; `robustness` is a command
that reads a whole folder and says what became of each file.
"""
