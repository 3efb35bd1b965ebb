"""The experiment and metric tables, written once for every database SQLAlchemy speaks to (SQLite and PostgreSQL
are tested), in the column types of `base.py` that mean the same on both."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Float, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, mapped_column

from ..metrics import KEY_FIELDS, MAP_FIELDS, METRIC_FIELDS, METRIC_TYPES
from .base import Base, StoredText, now

# SQLite makes only an INTEGER primary key the auto-incrementing row id, so the 64-bit key is INTEGER there.
ROW_ID = BigInteger().with_variant(Integer, "sqlite")


class ExperimentRow(Base):
    __tablename__ = "experiments"

    id: Mapped[str] = mapped_column(StoredText(32), primary_key=True)
    owner: Mapped[str] = mapped_column(StoredText(128), index=True)
    name: Mapped[str] = mapped_column(StoredText(200))
    status: Mapped[str] = mapped_column(StoredText(16), index=True)
    graph: Mapped[dict[str, Any]] = mapped_column(JSON)
    dataset: Mapped[dict[str, Any]] = mapped_column(JSON)
    training: Mapped[dict[str, Any]] = mapped_column(JSON)
    total_params: Mapped[int] = mapped_column(default=0)
    step: Mapped[int] = mapped_column(default=0)
    epoch: Mapped[float] = mapped_column(default=0.0)
    last_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(nullable=True)
    error_node: Mapped[str | None] = mapped_column(StoredText(64), nullable=True)
    device: Mapped[str | None] = mapped_column(StoredText(32), nullable=True)
    history: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)  # [{step, changes}]
    warnings: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    race_id: Mapped[str | None] = mapped_column(StoredText(32), nullable=True)
    room_id: Mapped[str | None] = mapped_column(StoredText(32), nullable=True, index=True)  # made in a classroom room
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)

    @property
    def spec(self) -> dict[str, Any]:
        """The experiment as `ExperimentCreate` takes it: what a job, an export and an offline probe rebuild."""
        return {"name": self.name, "graph": self.graph, "dataset": self.dataset, "training": self.training}


def _metric_column(name: str, kind: type) -> Column[Any]:
    return Column(name, BigInteger if kind is int else Float, nullable=name not in KEY_FIELDS)


class MetricRow(Base):
    """One stored metric row; its value columns are `neurona.metrics.MetricRow`'s fields."""

    __table__ = Table(
        "metrics", Base.metadata,
        Column("id", ROW_ID, primary_key=True, autoincrement=True),
        Column("experiment_id", StoredText(32), ForeignKey("experiments.id", ondelete="CASCADE"), index=True,
               nullable=False),
        *(_metric_column(name, kind) for name, kind in METRIC_TYPES.items()),
        *(Column(name, JSON, nullable=True) for name in MAP_FIELDS),
    )
    experiment_id: Mapped[str]
    step: Mapped[int]


def row_values(row: MetricRow) -> dict[str, Any]:
    """A stored row as the metric-row dict; maps missing in rows from before they existed read as empty."""
    values = {k: getattr(row, k) for k in METRIC_FIELDS}
    return {**values, **{k: values[k] or {} for k in MAP_FIELDS}}
