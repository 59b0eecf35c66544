"""Reading the reports of a run in parallel: on this machine's cores, or on a Dask cluster.

With DASK_SCHEDULER_ADDRESS set, each reading goes to that cluster as a task
of its own (`distributed.Client.map`), so the reading spreads over every
worker of every machine; the rest of the run stays where it is. Otherwise a
pool of threads starts them: each reading is a child process of its own
(`pipelines.reading.isolation`), so the threads only wait while the cores parse.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def local_workers() -> int:
    """How many readings run at once here: FH_WORKERS, else one per core this process may use."""
    if os.environ.get("FH_WORKERS"):
        return max(1, int(os.environ["FH_WORKERS"]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def dask_scheduler() -> str | None:
    """The Dask cluster to read on (DASK_SCHEDULER_ADDRESS, host:port), if any."""
    return os.environ.get("DASK_SCHEDULER_ADDRESS") or None


def fan_out(function: Callable[[Item], Result], items: Sequence[Item]) -> tuple[list[Result], str]:
    """`function` over `items`, in parallel, in order; and where it ran ("dask", "threads" or "here")."""
    address = dask_scheduler()
    if address and items:
        from distributed import Client

        with Client(address) as client:
            return client.gather(client.map(function, items, pure=False)), "dask"
    workers = min(local_workers(), len(items))
    if workers < 2:
        return [function(item) for item in items], "here"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items)), "threads"
