"""Short links: a shared workspace stored under a short id that anyone may open.

A link is written once and never changed, so its id can be pasted anywhere. The same workspace always gets the
same link (its canonical JSON's digest is looked up first), so pressing Share twice stores it once. Rows keep the
session that made them only to bound how many links a session creates in an hour.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Integer, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from .base import Base, StoredText, now

ID_BYTES = 6  # 8 URL-safe characters: 2⁴⁸ ids, so a guessed id almost never opens someone's link


class LinkRow(Base):
    __tablename__ = "links"

    id: Mapped[str] = mapped_column(StoredText(16), primary_key=True)
    digest: Mapped[str] = mapped_column(StoredText(64), unique=True)
    owner: Mapped[str] = mapped_column(StoredText(128), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)


def canonical_json(state: dict[str, Any]) -> str:
    """One text per workspace whatever the key order, so equal workspaces share a digest (and a link)."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Links:
    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def find(self, state: dict[str, Any]) -> LinkRow | None:
        """The link already made for this very workspace, if any."""
        digest = _digest(canonical_json(state))
        with self._sessions.begin() as s:
            return s.scalar(select(LinkRow).where(LinkRow.digest == digest))

    def create(self, owner: str, state: dict[str, Any]) -> LinkRow:
        """Store the workspace under a fresh id (or answer the link it already has)."""
        text = canonical_json(state)
        digest = _digest(text)
        for _attempt in range(5):  # an id collision is a 2⁻⁴⁸ event; retrying a few times makes it moot
            row = LinkRow(id=secrets.token_urlsafe(ID_BYTES), digest=digest, owner=owner, state=state,
                          size=len(text.encode()))
            try:
                with self._sessions.begin() as s:
                    s.add(row)
                return row
            except IntegrityError:
                existing = self.find(state)  # the same workspace stored meanwhile by another request
                if existing is not None:
                    return existing
        raise RuntimeError("could not draw an unused link id")

    def get(self, link_id: str) -> LinkRow | None:
        with self._sessions.begin() as s:
            return s.get(LinkRow, link_id)

    def made_since(self, owner: str, hours: float = 1.0) -> int:
        """How many links `owner` created in the last `hours`."""
        since = now() - timedelta(hours=hours)
        with self._sessions.begin() as s:
            return int(s.scalar(select(func.count()).select_from(LinkRow)
                                .where(LinkRow.owner == owner, LinkRow.created_at >= since)) or 0)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
