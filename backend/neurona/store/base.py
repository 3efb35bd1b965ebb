"""What every table of the store shares: the declarative base (one metadata, so `create_all` and the column
migration see every table), the clock rows are stamped with, and column types that mean the same on SQLite and
PostgreSQL: 64-bit integers (PostgreSQL's INTEGER is 32-bit, SQLite's is 64-bit), double-precision floats, text
that either database can hold (`StoredText`) and times that are UTC wherever they are read (`UtcDateTime`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, DateTime, Dialect, Float, String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

REPLACEMENT = "\ufffd"


def now() -> datetime:
    return datetime.now(UTC)


class StoredText(TypeDecorator[str]):
    """Text as every database can hold it: NUL (which PostgreSQL refuses in text) and lone surrogates (which no
    UTF-8 database can encode) become U+FFFD, in what is written and in what is looked up, so a name or an id with
    one in it is stored, or not found, alike on SQLite and PostgreSQL instead of failing the request."""

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
