"""The instance's event log on SQLite, writing a batch of asset events in two transactions instead of two per event.

A run over a batch of reports gives each report's partition of each asset two
events: the run plans it (ASSET_MATERIALIZATION_PLANNED) and the step
materialises it. Dagster hands such events to the storage as one batch when
DAGSTER_EVENT_BATCH_SIZE is set, and its Postgres storage writes a batch at
once; the SQLite storage it ships writes them one by one, each through a new
engine, a transaction on the run's database and another on the index. At
twelve events a report, that was 19 of the 65 seconds `make run` took here
over 100 reports read before (cached), and 34 with the lookups below.

This storage keeps the SQLite storage's files and tables (an instance can
switch to it and back) and writes a batch of asset events with one
transaction on the run's database and one on the index. Every other event
is stored as Dagster stores it, in its place in the batch. It also remembers
that a table exists, which the SQLite storage asks a new engine before every
lookup of a dynamic partition (a step over 50 reports makes hundreds).

`dagster.yaml` names it as the event log storage; it turns batching on for the
processes that use it (DAGSTER_EVENT_BATCH_SIZE, unless already set).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from dagster import Field, StringSource
from dagster._core.events import ASSET_EVENTS
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage

BATCH_SIZE = "1000"  # events; a run's planned events and a step's materialisations each stay well under it


class BatchingSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose `store_event_batch` writes a batch of asset events at once."""

    def __init__(self, base_dir: str | None = None, inst_data=None):
        # Without a base_dir the storage opens when its instance registers: in the folder Dagster's own
        # SQLite storage uses, under the instance's home (DAGSTER_HOME, or the temporary home a CLI
        # command makes when DAGSTER_HOME is unset).
        self._inst_data = inst_data
        self._tables_found: set[str] = set()
        self._opened = False
        if base_dir:
            self._open(base_dir)
        os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", BATCH_SIZE)

    def _open(self, base_dir: str) -> None:
        SqliteEventLogStorage.__init__(self, base_dir, inst_data=self._inst_data)
        self._opened = True

    def register_instance(self, instance) -> None:
        if not self._opened:
            self._open(os.path.join(instance.root_directory, "history", "runs", ""))
        super().register_instance(instance)

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(config_value.get("base_dir"), inst_data=inst_data)

    def has_table(self, table_name: str) -> bool:
        """Whether the index has the table. The SQLite storage opens a new engine to ask, before every
        partition lookup and tag write; a table once there stays (migrations only add them), so a yes is kept."""
        if table_name in self._tables_found:
            return True
        found = super().has_table(table_name)
        if found:
            self._tables_found.add(table_name)
        return found

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        for run in _runs_of_asset_events(events):
            if len(run) == 1:
                self.store_event(run[0])
            else:
                self._store_asset_events(run)

    def _store_asset_events(self, events: Sequence[EventLogEntry]) -> None:
        """What `store_event` does for each asset event, with one transaction per database for them all."""
        with self.run_connection(events[0].run_id) as connection:
            connection.execute(self.prepare_insert_event_batch(events))
        with self.index_transaction() as connection:
            ids = [connection.execute(self.prepare_insert_event(event)).inserted_primary_key[0] for event in events]
            self._store_asset_event_tags(connection, events, ids)
            # The asset's row keeps the latest event of each kind; storing only those, in order, leaves it
            # as storing every event would.
            latest = {}
            for event, event_id in zip(events, ids):
                kind = (event.get_dagster_event().asset_key, event.get_dagster_event().event_type_value)
                latest.pop(kind, None)  # re-inserted last, so the order is that of each kind's latest event
                latest[kind] = (event, event_id)
            for event, event_id in latest.values():
                self._store_asset_event(connection, event, event_id)


def _is_asset_event(event: EventLogEntry) -> bool:
    return event.is_dagster_event and event.dagster_event_type in ASSET_EVENTS and bool(event.dagster_event.asset_key)


def _runs_of_asset_events(events: Sequence[EventLogEntry]) -> list[list[EventLogEntry]]:
    """The events in order, cut into runs of asset events of one run; any other event stands alone."""
    runs: list[list[EventLogEntry]] = []
    for event in events:
        previous = runs[-1] if runs else None
        if (previous and _is_asset_event(event) and _is_asset_event(previous[-1])
                and previous[-1].run_id == event.run_id):
            previous.append(event)
        else:
            runs.append([event])
    return runs
