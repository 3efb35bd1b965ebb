"""Persistence of classroom rooms: the room (its code, the hash of its teacher key, quota, preset, controls,
challenge) and its members (a session and the display name it joined with).

A member's experiments carry the room's id (`ExperimentRow.room_id`, set when they are created), so the teacher
reads exactly the runs made in the room, never a member's other runs. The tables live on the same declarative
base as the experiments, so `Store` creates (and migrates) them with the rest.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, defer, mapped_column

from ..status import ACTIVE
from .base import Base
from .base import now as _now
from .schema import ExperimentRow, MetricRow

if TYPE_CHECKING:  # the store imports this module (through its engine) to create the tables
    from .db import Store


class RoomRow(Base):
    __tablename__ = "rooms"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    key_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the teacher key; the key itself is not kept
    name: Mapped[str] = mapped_column(String(120))
    quota: Mapped[int] = mapped_column(Integer, default=2)  # runs per student at once (queued, running, paused)
    preset: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    preset_version: Mapped[int] = mapped_column(Integer, default=0)
    controls: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # {"hidden": [...], "locked": [...]}
    challenge: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)


class MemberRow(Base):
    __tablename__ = "room_members"
    __table_args__ = (UniqueConstraint("room_id", "display_name"),)

    owner: Mapped[str] = mapped_column(String(128), primary_key=True)  # a session belongs to one room at a time
    room_id: Mapped[str] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(40))
    joined_at: Mapped[datetime] = mapped_column(default=_now)


class RoomStore:
    """Room queries on the experiment store's engine."""

    def __init__(self, store: Store):
        self.store = store

    def create(self, **fields: Any) -> RoomRow:
        row = RoomRow(**fields)
        with self.store.session() as s:
            s.add(row)
        return row

    def by_code(self, code: str) -> RoomRow | None:
        with self.store.session() as s:
            return s.scalar(select(RoomRow).where(RoomRow.code == code))

    def get(self, room_id: str) -> RoomRow | None:
        with self.store.session() as s:
            return s.get(RoomRow, room_id)

    def update(self, room_id: str, **fields: Any) -> RoomRow | None:
        with self.store.session() as s:
            row = s.get(RoomRow, room_id)
            if row is not None:
                for name, value in fields.items():
                    setattr(row, name, value)
            return row

    def membership(self, owner: str) -> MemberRow | None:
        with self.store.session() as s:
            return s.get(MemberRow, owner)

    def name_taken(self, room_id: str, display_name: str, owner: str) -> bool:
        with self.store.session() as s:
            other = s.scalar(select(MemberRow.owner).where(MemberRow.room_id == room_id,
                                                           func.lower(MemberRow.display_name) == display_name.lower(),
                                                           MemberRow.owner != owner))
            return other is not None

    def join(self, owner: str, room_id: str, display_name: str) -> MemberRow:
        """Bind a session to a room (leaving the one it was in, if any)."""
        with self.store.session() as s:
            row = s.get(MemberRow, owner)
            if row is None:
                row = MemberRow(owner=owner, room_id=room_id, display_name=display_name)
                s.add(row)
            else:
                row.room_id, row.display_name, row.joined_at = room_id, display_name, _now()
            return row

    def leave(self, owner: str) -> None:
        with self.store.session() as s:
            row = s.get(MemberRow, owner)
            if row is not None:
                s.delete(row)

    def members(self, room_id: str) -> builtins.list[MemberRow]:
        with self.store.session() as s:
            return list(s.scalars(select(MemberRow).where(MemberRow.room_id == room_id)
                                  .order_by(MemberRow.joined_at, MemberRow.display_name)))

    def runs(self, room_id: str) -> builtins.list[ExperimentRow]:
        """Every run made in the room, newest first, without their graphs (the bulk of a row)."""
        with self.store.session() as s:
            return list(s.scalars(select(ExperimentRow).options(defer(ExperimentRow.graph))
                                  .where(ExperimentRow.room_id == room_id).order_by(ExperimentRow.created_at.desc())))

    def active_runs(self, room_id: str, owner: str) -> builtins.list[str]:
        with self.store.session() as s:
            return list(s.scalars(select(ExperimentRow.id).where(ExperimentRow.room_id == room_id,
                                                                 ExperimentRow.owner == owner,
                                                                 ExperimentRow.status.in_(ACTIVE))))

    def measurements(self, since: dict[str, int], points: int) -> dict[str, Measured]:
        """For each run: the best test accuracy of its metric rows with id ≥ `since[run]`, the id of its newest row,
        and its newest `points` training losses, oldest first. Rows are stored in step order, so the index on
        (experiment_id, rowid) answers both from the run's newest rows without sorting them; the row at `since`
        is read again because an evaluation on pause or stop completes the newest row in place."""
        table = MetricRow.__table__
        found: dict[str, Measured] = {}
        self.store.drain()
        with self.store.session() as s:
            for run, after in since.items():
                recent = s.execute(select(table.c.id, table.c.train_loss).where(table.c.experiment_id == run)
                                   .order_by(table.c.id.desc()).limit(points)).all()
                best = s.scalar(select(func.max(table.c.accuracy)).where(table.c.experiment_id == run,
                                                                        table.c.id >= after))
                losses = [float(loss) for _id, loss in reversed(recent) if loss is not None]
                found[run] = Measured(None if best is None else float(best), recent[0][0] if recent else 0, losses)
        return found


@dataclass(frozen=True)
class Measured:
    best: float | None
    last_id: int
    losses: builtins.list[float]
