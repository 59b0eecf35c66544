"""Dagster wiring: the only package that imports dagster.

Assets are thin: they call into `extractors/` and `warehouse/` and report
metadata. `pipelines.definitions.defs` is the single entry point.
"""
