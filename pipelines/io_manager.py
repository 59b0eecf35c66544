"""Passing per-report values between the assets of a run that covers many reports.

Each asset of a run takes and gives a mapping from report file name to value,
whether the run covers one report or a range of them. Each value is stored
as a pickle of its own, `<base>/<asset>/<SHA-256 of the key>.pickle`, so a later run
of one report reads just that report's value. (Dagster's filesystem IO
manager refuses an output that covers more than one partition.)

Within a run whose steps share a process (`make run`, the sensor's runs), a
value handed on is not read back from disk: the manager keeps what it wrote
and gives it to the steps downstream, as long as the file on disk is still the
one it wrote. The values are frozen dataclasses, so sharing them is safe; a
step in another process (the Dask executor) reads the file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from dagster import ConfigurableIOManagerFactory, InitResourceContext, InputContext, IOManager, OutputContext


class PerReportPickles(IOManager):
    def __init__(self, base_dir: Path):
        self.base_dir = base_dir
        self._written: dict[Path, tuple[tuple[int, int], Any]] = {}  # path -> (its stat when written, value)

    def _path(self, asset_path: list[str], key: str) -> Path:
        # Named by a hash of the key: a file name as long as the file system allows, or holding any
        # character it allows, is a key too, and "<key>.pickle" would not always be a valid name.
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.base_dir.joinpath(*asset_path) / f"{digest}.pickle"

    def handle_output(self, context: OutputContext, obj: dict[str, Any] | None) -> None:
        if obj is None:  # the asset reported a materialisation and keeps its data elsewhere
            return
        expected = set(context.asset_partition_keys)
        if not isinstance(obj, dict) or set(obj) != expected:
            raise TypeError(
                f"{context.asset_key.to_user_string()} must give a value for each report of the run "
                f"({sorted(expected)}), got {sorted(obj) if isinstance(obj, dict) else type(obj).__name__}"
            )
        for key, value in obj.items():
            target = self._path(context.asset_key.path, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
            self._written[target] = (_stamp(target), value)

    def load_input(self, context: InputContext) -> dict[str, Any]:
        values = {}
        for key in context.asset_partition_keys:
            path = self._path(context.asset_key.path, key)
            written = self._written.get(path)
            if written is not None and written[0] == _stamp(path):
                values[key] = written[1]
                continue
            with open(path, "rb") as handle:
                values[key] = pickle.load(handle)
        return values


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_ino


class ReportValues(ConfigurableIOManagerFactory):
    """Per-report values of the report assets, under `base_dir` (default: the instance's storage folder)."""

    base_dir: str | None = None

    def create_io_manager(self, context: InitResourceContext) -> PerReportPickles:
        if self.base_dir:
            return PerReportPickles(Path(self.base_dir))
        if context.instance is None:
            return PerReportPickles(Path(tempfile.mkdtemp(prefix="report-values-")))
        return PerReportPickles(Path(context.instance.storage_directory()))
