"""One dynamic partition per report file, keyed by its file name."""

from dagster import DynamicPartitionsDefinition

reports_partitions = DynamicPartitionsDefinition(name="reports")
