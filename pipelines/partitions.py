"""One dynamic partition per report file, keyed by its file name; runs take a range of them.

Dynamic partitions keep the order they were added in, and a run may cover a
range of that order (Dagster's backfill policies): one run start-up, one
pass of the checks and one audit index for many reports, instead of one per
report. `contiguous_ranges` cuts the reports that need a run into the fewest
ranges that hold nothing else.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

from dagster import BackfillPolicy, BetaWarning, DynamicPartitionsDefinition

from pipelines.settings import batch_size

reports_partitions = DynamicPartitionsDefinition(name="reports")

# The run tags that make a run cover a range of partitions, as Dagster's documentation
# on launching partition ranges names them (no public constant holds them).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

# Every report asset takes the whole range of a run: a backfill of many
# reports is one run per FH_BATCH_SIZE of them, not one per report.
# (`backfill_policy` is marked beta in Dagster 1.13; its notice is silenced.)
warnings.filterwarnings("ignore", message=".*backfill_policy.*", category=BetaWarning)
one_run_per_batch = BackfillPolicy.multi_run(max_partitions_per_run=batch_size())


def contiguous_ranges(ordered: Sequence[str], wanted: Iterable[str], max_size: int | None = None) -> list[list[str]]:
    """The wanted keys cut into runs of neighbours in `ordered` (at most `max_size` each), in that order."""
    wanted = set(wanted)
    unknown = wanted - set(ordered)
    if unknown:
        raise ValueError(f"not partitions of {reports_partitions.name!r}: {sorted(unknown)}")
    ranges: list[list[str]] = []
    current: list[str] = []
    for key in ordered:
        if key in wanted and (max_size is None or len(current) < max_size):
            current.append(key)
            continue
        if current:
            ranges.append(current)
        current = [key] if key in wanted else []
    if current:
        ranges.append(current)
    return ranges


def range_tags(keys: Sequence[str]) -> dict[str, str]:
    """The run tags for a run over `keys` (neighbours in the partition order): one key, or a range."""
    if len(keys) == 1:
        return {"dagster/partition": keys[0]}
    return {RANGE_START_TAG: keys[0], RANGE_END_TAG: keys[-1]}
