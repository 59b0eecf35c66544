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
from concurrent.futures import ThreadPoolExecutor, as_completed
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


def fan_out(
    function: Callable[[Item], Result], items: Sequence[Item], on_done: Callable[[Result], None] | None = None
) -> tuple[list[Result], str]:
    """`function` over `items`, in parallel, in order; and where it ran ("dask", "threads" or "here").

    `on_done` is called here with each result as soon as it is there, in the order they finish.
    """
    done = on_done or (lambda result: None)
    address = dask_scheduler()
    if address and items:
        from distributed import Client
        from distributed import as_completed as finished_on_cluster

        with Client(address) as client:
            futures = client.map(function, items, pure=False)
            for future in finished_on_cluster(futures):
                done(future.result())
            return client.gather(futures), "dask"
    workers = min(local_workers(), len(items))
    if workers < 2:
        results = []
        for item in items:
            results.append(function(item))
            done(results[-1])
        return results, "here"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(function, item) for item in items]
        for future in as_completed(futures):
            done(future.result())
        return [future.result() for future in futures], "threads"
