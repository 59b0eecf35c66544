"""Reading the reports of a run in parallel: on this machine's cores, or on the Dask cluster the step runs in.

A step run by the Dask executor is a task on a Dask worker; from there the
readings go out to the whole cluster as tasks of their own
(`distributed.worker_client`), and come back as documents. Anywhere else a
pool of threads starts them: each reading is a child process of its own
(`extractors.isolation`), so the threads only wait while the cores parse.
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


def on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


def fan_out(function: Callable[[Item], Result], items: Sequence[Item]) -> tuple[list[Result], str]:
    """`function` over `items`, in parallel, in order; and where it ran ("dask", "threads" or "here")."""
    if len(items) > 1 and on_dask_worker():
        from distributed import worker_client

        with worker_client() as client:  # this task steps aside while the cluster reads
            futures = client.map(function, items, pure=False)
            return client.gather(futures), "dask"
    workers = min(local_workers(), len(items))
    if workers < 2:
        return [function(item) for item in items], "here"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items)), "threads"
