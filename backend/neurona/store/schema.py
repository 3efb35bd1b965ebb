"""The store's tables, written once for every database SQLAlchemy speaks to (SQLite and PostgreSQL are tested).

Types are chosen to mean the same on both: 64-bit integers (PostgreSQL's INTEGER is 32-bit, SQLite's is 64-bit),
double-precision floats, JSON, text that either database can hold (`StoredText`) and times that are UTC wherever
they are read (`UtcDateTime`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, DateTime, Dialect, Float, ForeignKey, Integer, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from ..metrics import KEY_FIELDS, MAP_FIELDS, METRIC_FIELDS, METRIC_TYPES

# SQLite makes only an INTEGER primary key the auto-incrementing row id, so the 64-bit key is INTEGER there.
ROW_ID = BigInteger().with_variant(Integer, "sqlite")


def now() -> datetime:
    return datetime.now(UTC)


REPLACEMENT = "\ufffd"


class StoredText(TypeDecorator[str]):
    """Text as every database can hold it: NUL (which PostgreSQL refuses in text) and lone surrogates (which no
    UTF-8 database can encode; JSON's escapes make them) become U+FFFD, in what is written and in what is looked
    up, so a name or an id with one in it is stored, or not found, alike on SQLite and PostgreSQL instead of
    failing the request."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        value = value.replace("\x00", REPLACEMENT)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = "".join(REPLACEMENT if "\ud800" <= c <= "\udfff" else c for c in value)
        return value


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, read back with its zone on every database: SQLite keeps no zone (it stores the UTC wall
    time and hands it back naive), PostgreSQL keeps the instant (`timestamptz`) and hands it back in the session's
    zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive time ({value}) has no zone: store times made with datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {int: BigInteger, float: Float, str: StoredText,
                                                     datetime: UtcDateTime}


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
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now, onupdate=now)


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
