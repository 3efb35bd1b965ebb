"""Persistence of experiments and their metrics (SQLAlchemy; SQLite file by default).

Every write commits at once, so a crash loses at most the metric rows of the last batch in flight.
`create_all` creates missing tables but never alters existing ones, so columns added since a database file was
made are added at start-up by `_add_missing_columns` (all new columns are nullable).
"""

from __future__ import annotations

import builtins
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Column,
    CursorResult,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, defer, mapped_column, sessionmaker

from ..metrics import KEY_FIELDS, METRIC_FIELDS, METRIC_TYPES
from ..status import ACTIVE, Status


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class ExperimentRow(Base):
    __tablename__ = "experiments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), index=True)
    graph: Mapped[dict[str, Any]] = mapped_column(JSON)
    dataset: Mapped[dict[str, Any]] = mapped_column(JSON)
    training: Mapped[dict[str, Any]] = mapped_column(JSON)
    total_params: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[int] = mapped_column(Integer, default=0)
    epoch: Mapped[float] = mapped_column(Float, default=0.0)
    last_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    device: Mapped[str | None] = mapped_column(String(32), nullable=True)
    history: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)  # [{step, changes}]
    warnings: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    race_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)


def _metric_column(name: str, kind: type) -> Column[Any]:
    return Column(name, Integer if kind is int else Float, nullable=name not in KEY_FIELDS)


class MetricRow(Base):
    """One stored metric row; its value columns are `neurona.metrics.MetricRow`'s fields."""

    __table__ = Table(
        "metrics", Base.metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("experiment_id", ForeignKey("experiments.id", ondelete="CASCADE"), index=True, nullable=False),
        *(_metric_column(name, kind) for name, kind in METRIC_TYPES.items()),
    )
    experiment_id: Mapped[str]
    step: Mapped[int]


def _add_missing_columns(engine: Engine) -> None:
    """The smallest migration: add the model's columns that an older database file lacks."""
    existing = inspect(engine)
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            have = {c["name"] for c in existing.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'))


class Store:
    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}
                                    if url.startswith("sqlite") else {})
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def mark_interrupted(self) -> int:
        """Runs that were active when the server stopped can no longer be trusted to be running."""
        with self.session() as s:
            result = s.execute(update(ExperimentRow).where(ExperimentRow.status.in_(ACTIVE))
                               .values(status=Status.INTERRUPTED, updated_at=_now()))
            return cast("CursorResult[Any]", result).rowcount or 0  # an UPDATE's result counts its rows

    def create(self, **fields: Any) -> ExperimentRow:
        row = ExperimentRow(id=secrets.token_hex(6), status=Status.CREATED, **fields)
        with self.session() as s:
            s.add(row)
        return row

    def get(self, experiment_id: str) -> ExperimentRow | None:
        with self.session() as s:
            return s.get(ExperimentRow, experiment_id)

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
        with self.session() as s:
            result = s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id,
                                                           ExperimentRow.status == expected)
                               .values(status=status, updated_at=_now(), **fields))
            return bool(cast("CursorResult[Any]", result).rowcount)

    def update(self, experiment_id: str, **fields: Any) -> None:
        with self.session() as s:
            s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id)
                      .values(updated_at=_now(), **fields))

    def delete(self, experiment_id: str) -> None:
        with self.session() as s:
            row = s.get(ExperimentRow, experiment_id)
            if row is not None:
                s.query(MetricRow).filter(MetricRow.experiment_id == experiment_id).delete()
                s.delete(row)

    def add_metrics(self, experiment_id: str, rows: builtins.list[dict[str, Any]],
                    while_status: Iterable[Status] | None = None) -> bool:
        """Store rows; with `while_status`, only if the run is in one of those statuses, checked in the same
        transaction, so rows racing a stop never land after it. False when they were not stored."""
        if not rows:
            return True
        last = rows[-1]
        with self.session() as s:
            condition = [ExperimentRow.id == experiment_id]
            if while_status is not None:
                condition.append(ExperimentRow.status.in_(list(while_status)))
            result = s.execute(update(ExperimentRow).where(*condition).values(
                step=last["step"], epoch=last["epoch"], last_metrics=last, updated_at=_now()))
            if not cast("CursorResult[Any]", result).rowcount:
                return False
            s.add_all(MetricRow(experiment_id=experiment_id, **{k: r.get(k) for k in METRIC_FIELDS}) for r in rows)
        return True

    def append(self, experiment_id: str, column: str, items: builtins.list[Any]) -> None:
        """Add items to a JSON list column (history, warnings)."""
        with self.session() as s:
            row = s.get(ExperimentRow, experiment_id)
            if row is not None:
                setattr(row, column, [*(getattr(row, column) or []), *items])
                row.updated_at = _now()

    def truncate_metrics(self, experiment_id: str, after_step: int) -> None:
        """Drop rows after `after_step` (a resumed run continues from its checkpoint's step)."""
        with self.session() as s:
            s.execute(delete(MetricRow).where(MetricRow.experiment_id == experiment_id, MetricRow.step > after_step))
            last = s.scalars(select(MetricRow).where(MetricRow.experiment_id == experiment_id)
                             .order_by(MetricRow.step.desc()).limit(1)).first()
            values = {k: getattr(last, k) for k in METRIC_FIELDS} if last else None
            s.execute(update(ExperimentRow).where(ExperimentRow.id == experiment_id).values(
                step=after_step, epoch=values["epoch"] if values else 0.0, last_metrics=values, updated_at=_now()))

    def last_step(self, experiment_id: str) -> int:
        with self.session() as s:
            last = s.scalars(select(MetricRow.step).where(MetricRow.experiment_id == experiment_id)
                             .order_by(MetricRow.step.desc()).limit(1)).first()
            return int(last or 0)

    def metrics(self, experiment_id: str, after_step: int = 0, limit: int = 100_000) -> builtins.list[dict[str, Any]]:
        with self.session() as s:
            query = (select(MetricRow).where(MetricRow.experiment_id == experiment_id,
                                             MetricRow.step > after_step)
                     .order_by(MetricRow.step).limit(limit))
            return [{k: getattr(r, k) for k in METRIC_FIELDS} for r in s.scalars(query)]


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
