"""The database behind the store, from its SQLAlchemy URL: SQLite by default (a file in the data directory),
PostgreSQL when several classes or API servers share one (`NEURONA_DATABASE_URL=postgresql://user:pw@host/db`).

What differs between databases is declared once per dialect in `DIALECTS` (engine options, what each connection
is set to, how the migration keeps a second server out); everything else in the store is one code path, and the
suite runs the store and API tests on both. `migrate` runs at every start: it creates missing tables and adds the
columns an older database lacks (every column added since the first release is nullable), in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from . import links, rooms, schema  # noqa: F401  (every table joins Base.metadata on import)
from .base import Base

MIGRATION_LOCK = 0x6E6575726F6E61  # "neurona": the advisory lock two servers starting on one PostgreSQL share


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be used: a malformed URL, a missing driver, or a server that refuses."""


@dataclass(frozen=True)
class DialectRules:
    options: Callable[[URL, int], dict[str, Any]] = lambda _url, _pool: {}
    on_connect: Callable[[Any, Any], None] | None = None
    migration_lock: str | None = None  # SQL that holds the migration's transaction to one server at a time
    default_driver: str | None = None  # the driver a URL without one gets
    extra: str = ""  # the pip extra that installs the driver


def _sqlite_options(url: URL, _pool: int) -> dict[str, Any]:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # The writer thread and request threads share connections; a writer waits up to 30 s for another's lock.
    return {"connect_args": {"check_same_thread": False, "timeout": 30}}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _postgresql_options(_url: URL, pool: int) -> dict[str, Any]:
    # Request threads, the metric writer and the event pump each hold a connection for one short transaction;
    # pre-ping replaces connections a restarted database server dropped instead of failing the next request.
    return {"pool_size": pool, "max_overflow": pool, "pool_timeout": 30, "pool_pre_ping": True,
            "pool_recycle": 1800, "connect_args": {"connect_timeout": 10, "application_name": "neurona"}}


DIALECTS: dict[str, DialectRules] = {
    # BEGIN IMMEDIATE takes SQLite's write lock up front: a second process migrating the same file waits.
    "sqlite": DialectRules(options=_sqlite_options, on_connect=_sqlite_pragmas, migration_lock="BEGIN IMMEDIATE"),
    "postgresql": DialectRules(options=_postgresql_options, default_driver="psycopg", extra="postgres",
                               migration_lock=f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"),
}
OTHER = DialectRules()  # any other SQLAlchemy URL gets SQLAlchemy's defaults (untested)


def open_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine for `url` with its dialect's options, migrated to the current tables."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise DatabaseUnavailable(f"NEURONA_DATABASE_URL is not a database URL ({err}); e.g. "
                                  "postgresql://user:password@host:5432/neurona") from err
    rules = DIALECTS.get(parsed.get_backend_name(), OTHER)
    if rules.default_driver and "+" not in parsed.drivername:
        parsed = parsed.set(drivername=f"{parsed.drivername}+{rules.default_driver}")
    try:
        engine = create_engine(parsed, **rules.options(parsed, pool_size))
    except ModuleNotFoundError as err:
        hint = f"pip install 'neurona[{rules.extra}]'" if rules.extra else f"install the module {err.name}"
        raise DatabaseUnavailable(f"the driver for {parsed.drivername} is not installed: {hint}") from err
    if rules.on_connect is not None:
        event.listen(engine, "connect", rules.on_connect)
    try:
        with engine.begin() as conn:
            migrate(conn, rules)
    except DBAPIError as err:
        engine.dispose()
        where = parsed.render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"cannot use the database {where}: {err.orig}") from err
    return engine


def migrate(conn: Connection, rules: DialectRules) -> None:
    """Create missing tables, add the model's columns an older database lacks (all of them nullable) and their
    indexes (a room's teacher view looks runs up by `room_id`)."""
    if rules.migration_lock:
        conn.execute(text(rules.migration_lock))
    Base.metadata.create_all(conn)
    existing = inspect(conn)
    for table in Base.metadata.sorted_tables:
        have = {c["name"] for c in existing.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'))
        for index in table.indexes:
            index.create(conn, checkfirst=True)
