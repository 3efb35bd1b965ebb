"""Persistence of experiments and their metrics (SQLAlchemy on SQLite by default, or PostgreSQL; see engine.py).

Every write commits at once, except metric rows from running jobs: those go to a writer thread
(`add_metrics_later`) that stores whatever has arrived in one transaction, so a hundred rows a second from thirty
runs cost a few commits, off the thread that delivers events. Reading metrics or changing an experiment waits for
the rows handed over before it, so a finished run's rows are all stored by the time its status says so. A crash
loses at most the rows in flight, and checkpoints carry the rows since the one before (see train/worker.py).
Status changes are compare-and-set UPDATEs and read-modify-writes lock their row (`FOR UPDATE` on PostgreSQL,
where transactions run side by side; SQLite takes one writer at a time anyway), so both databases give the same
answers to racing requests.
"""

from __future__ import annotations

import builtins
import logging
import queue
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.orm import Session, defer, sessionmaker

from ..metrics import MAP_FIELDS, METRIC_FIELDS
from ..status import ACTIVE, Status
from .base import now as _now
from .engine import open_engine
from .links import Links
from .schema import ExperimentRow, MetricRow, row_values

WRITER_BATCH = 5000  # most rows one transaction takes; the rest go in the next
log = logging.getLogger(__name__)


class Store:
    def __init__(self, url: str, pool_size: int = 10):
        self.engine = open_engine(url, pool_size)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.links = Links(self._sessions)
        self._writer = _MetricWriter(self._store_batch)

    def close(self) -> None:
        """Store the rows handed over, then close the database connections."""
        self._writer.drain()
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def drain(self) -> None:
        """Wait until every metric row handed to the writer thread is stored."""
        self._writer.drain()

    def mark_interrupted(self) -> int:
        """Runs that were active when the server stopped can no longer be trusted to be running."""
        self._writer.drain()
        with self.session() as s:
            result = s.execute(update(ExperimentRow).where(ExperimentRow.status.in_(ACTIVE))
                               .values(status=Status.INTERRUPTED, updated_at=_now()))
            return cast("CursorResult[Any]", result).rowcount or 0  # an UPDATE's result counts its rows

    def create(self, **fields: Any) -> ExperimentRow:
        row = ExperimentRow(id=secrets.token_hex(6), status=Status.CREATED, **fields)
        with self.session() as s:
            s.add(row)
            s.flush()
            s.refresh(row)  # as stored (text no database can hold is replaced), so every later read agrees
        return row

    def get(self, experiment_id: str) -> ExperimentRow | None:
        with self.session() as s:
            return s.get(ExperimentRow, experiment_id)

    def status(self, experiment_id: str) -> str | None:
        """Only the status column: what the event pump checks for every worker event."""
        with self.session() as s:
            return s.scalar(select(ExperimentRow.status).where(ExperimentRow.id == experiment_id))

    def list(self, owner: str, limit: int = 1000, offset: int = 0) -> builtins.list[ExperimentRow]:
        """A page of one session's experiments, newest first; the graphs (the bulk of a row) are not read."""
        with self.session() as s:
            query = (select(ExperimentRow).options(defer(ExperimentRow.graph))
                     .where(ExperimentRow.owner == owner)
                     .order_by(ExperimentRow.created_at.desc(), ExperimentRow.id).limit(limit).offset(offset))
            return list(s.scalars(query))

    def count(self, owner: str) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(ExperimentRow)
                                .where(ExperimentRow.owner == owner)) or 0)

    def transition(self, experiment_id: str, expected: Status, status: Status, **fields: Any) -> bool:
        """Compare-and-set: move to `status` only from `expected`, in one statement. False when another request
        (or the worker) changed the status first, so two racing clients can never both win."""
        self._writer.drain()  # rows handed over before a status change are stored before it
        with self.session() as s:
            result = s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id,
                                                           ExperimentRow.status == expected)
                               .values(status=status, updated_at=_now(), **fields))
            return bool(cast("CursorResult[Any]", result).rowcount)

    def update(self, experiment_id: str, **fields: Any) -> None:
        self._writer.drain()  # a status written after its rows is never seen before them
        with self.session() as s:
            s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id)
                      .values(updated_at=_now(), **fields))

    def delete(self, experiment_id: str) -> None:
        self._writer.drain()
        with self.session() as s:
            row = s.get(ExperimentRow, experiment_id)
            if row is not None:
                s.query(MetricRow).filter(MetricRow.experiment_id == experiment_id).delete()
                s.delete(row)

    def add_metrics(self, experiment_id: str, rows: builtins.list[dict[str, Any]],
                    while_status: Iterable[Status] | None = None) -> bool:
        """Store rows now (one transaction); with `while_status`, only if the run is in one of those statuses,
        checked in the same transaction. False when they were not stored."""
        self._writer.drain()
        return experiment_id not in self._store_batch([(experiment_id, rows, _statuses(while_status))])

    def add_metrics_later(self, experiment_id: str, rows: builtins.list[dict[str, Any]],
                          while_status: Iterable[Status] | None = None) -> None:
        """Hand rows to the writer thread; they are stored with whatever else arrived meanwhile. With
        `while_status`, only if the run is still in one of those statuses when they are written, so rows racing a
        stop never land after it (a status change first waits for the rows handed over before it)."""
        if rows:
            self._writer.put((experiment_id, rows, _statuses(while_status)))

    def _store_batch(self, batches: builtins.list[_Batch]) -> set[str]:
        """One transaction: every row, and each experiment's step, epoch and latest value of each metric (a row
        without test metrics keeps the last measured ones). A row for the step already stored last completes
        that row (the evaluation made on pause or stop) instead of repeating the step. Returns the experiments
        whose rows were refused (deleted, or no longer in the status their rows required)."""
        grouped: dict[str, tuple[list[dict[str, Any]], tuple[Status, ...] | None]] = {}
        for experiment_id, batch, while_status in batches:
            if not batch:
                continue
            rows = grouped.setdefault(experiment_id, ([], while_status))[0]
            for row in batch:
                if rows and rows[-1]["step"] == row["step"]:
                    rows[-1] = {**row, **_measured(rows[-1])}
                else:
                    rows.append(row)
        refused: set[str] = set()
        inserts: list[dict[str, Any]] = []
        with self.session() as s:
            # Rows lock in one order (by id), so two transactions storing rows never wait for each other in a cycle.
            for experiment_id, (batch, while_status) in sorted(grouped.items()):
                known = s.scalar(select(ExperimentRow.last_metrics).where(ExperimentRow.id == experiment_id)
                                 .with_for_update())  # the summary is read, then rewritten: nobody in between
                condition = [ExperimentRow.id == experiment_id]
                if while_status is not None:
                    condition.append(ExperimentRow.status.in_(while_status))
                result = s.execute(update(ExperimentRow).where(*condition).values(
                    step=batch[-1]["step"], epoch=batch[-1]["epoch"], last_metrics=_latest(known, batch),
                    updated_at=_now()))
                if not cast("CursorResult[Any]", result).rowcount:
                    refused.add(experiment_id)
                    continue
                fresh = batch
                if known and batch[0]["step"] == known.get("step"):
                    filled = {k: v for k, v in _measured(batch[0]).items() if k in METRIC_FIELDS}
                    s.execute(update(MetricRow).where(MetricRow.experiment_id == experiment_id,
                                                      MetricRow.step == batch[0]["step"]).values(**filled))
                    fresh = batch[1:]
                inserts += [{"experiment_id": experiment_id, **{k: r.get(k) for k in METRIC_FIELDS}} for r in fresh]
            if inserts:
                s.execute(insert(MetricRow), inserts)
        return refused

    def append(self, experiment_id: str, column: str, items: builtins.list[Any]) -> None:
        """Add items to a JSON list column (history, warnings)."""
        with self.session() as s:
            row = s.get(ExperimentRow, experiment_id, with_for_update=True)  # two appends must not lose one
            if row is not None:
                setattr(row, column, [*(getattr(row, column) or []), *items])
                row.updated_at = _now()

    def truncate_metrics(self, experiment_id: str, after_step: int) -> None:
        """Drop rows after `after_step` (a resumed run continues from its checkpoint's step)."""
        self._writer.drain()
        with self.session() as s:
            s.execute(delete(MetricRow).where(MetricRow.experiment_id == experiment_id, MetricRow.step > after_step))
            last = s.scalars(select(MetricRow).where(MetricRow.experiment_id == experiment_id)
                             .order_by(MetricRow.step.desc()).limit(1)).first()
            values = row_values(last) if last else None
            s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id).values(
                step=after_step, epoch=values["epoch"] if values else 0.0, last_metrics=values, updated_at=_now()))

    def last_step(self, experiment_id: str) -> int:
        self._writer.drain()
        with self.session() as s:
            last = s.scalars(select(MetricRow.step).where(MetricRow.experiment_id == experiment_id)
                             .order_by(MetricRow.step.desc()).limit(1)).first()
            return int(last or 0)

    def metrics(self, experiment_id: str, after_step: int = 0, limit: int = 100_000) -> builtins.list[dict[str, Any]]:
        self._writer.drain()
        with self.session() as s:
            query = (select(MetricRow).where(MetricRow.experiment_id == experiment_id,
                                             MetricRow.step > after_step)
                     .order_by(MetricRow.step).limit(limit))
            return [row_values(r) for r in s.scalars(query)]


_Batch = tuple[str, list[dict[str, Any]], tuple[Status, ...] | None]  # (experiment, rows, statuses they need)


def _statuses(while_status: Iterable[Status] | None) -> tuple[Status, ...] | None:
    return None if while_status is None else tuple(while_status)


def _measured(row: dict[str, Any]) -> dict[str, Any]:
    """What a row measured: a row that was not evaluated has None for each held-out value and an empty map."""
    return {k: v for k, v in row.items() if v is not None and v != {}}


def _latest(known: dict[str, Any] | None, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The newest row, with each metric it lacks taken from the newest row (or earlier summary) that has it."""
    latest = {k: {} if k in MAP_FIELDS else None for k in METRIC_FIELDS} | (known or {})
    for row in rows:
        latest.update(_measured(row))
    return {**latest, "step": rows[-1]["step"], "epoch": rows[-1]["epoch"]}


class _MetricWriter:
    """A daemon thread storing handed-over rows in batches; `drain` waits for everything handed over before it."""

    def __init__(self, store_batch: Any):
        self._store_batch = store_batch
        self._queue: queue.SimpleQueue[tuple[int, _Batch]] = queue.SimpleQueue()
        self._done = threading.Condition()
        self._submitted = self._written = 0
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def put(self, item: _Batch) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="neurona-metrics", daemon=True)
                self._thread.start()
            self._submitted += 1
            self._queue.put((self._submitted, item))

    def drain(self) -> None:
        target = self._submitted
        with self._done:
            self._done.wait_for(lambda: self._written >= target)

    def _run(self) -> None:
        while True:
            seq, item = self._queue.get()
            batch, count = [item], len(item[1])
            while count < WRITER_BATCH:
                try:
                    seq, item = self._queue.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
                count += len(item[1])
            try:
                self._store_batch(batch)
            except Exception:  # a bad batch must not stop the rows of every other run
                log.exception("storing %d metric rows failed", count)
            with self._done:
                self._written = seq
                self._done.notify_all()
