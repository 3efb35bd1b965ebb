"""Shared fixtures: a real server on a fresh data directory (SQLite, or PostgreSQL for the tests marked
`both_stores`), and HTTP clients with their own sessions."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.postgres import PostgresCluster, binaries
from tests.server import ServerProcess

STORES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `both_stores` runs once against each database (`database` is "sqlite" for every other test)."""
    if metafunc.definition.get_closest_marker("both_stores") is not None and "database" in metafunc.fixturenames:
        metafunc.parametrize("database", STORES, indirect=True, scope="module")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow browser tests last, after the quick feedback of everything else. They spread over the xdist
    workers like the rest (each worker starts its own browser and server once): kept in one worker, they would
    leave the other cores idle at the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def postgres_binaries() -> Path:
    """Where initdb and pg_ctl are. Skips only where PostgreSQL is not installed, and not even then under
    `make test` (NEURONA_TEST_POSTGRESQL=required), which installs it."""
    bin_dir = binaries()
    if bin_dir is None:
        reason = "PostgreSQL is not installed (`apt-get install postgresql`; `make test` installs it)"
        if os.environ.get("NEURONA_TEST_POSTGRESQL") == "required":
            pytest.fail(reason)
        pytest.skip(reason)
    return bin_dir


@pytest.fixture(scope="session")
def postgres(postgres_binaries: Path) -> Iterator[PostgresCluster]:
    """A PostgreSQL server of this test session's own (tests/postgres.py)."""
    cluster = PostgresCluster(postgres_binaries).start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def database(request: pytest.FixtureRequest) -> str:
    """The database the test's servers store into: "sqlite" unless the test is the PostgreSQL run of a
    `both_stores` test."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="module")
def server_env(request: pytest.FixtureRequest, database: str) -> dict[str, str]:
    """Environment for a server of the module's own: a fresh PostgreSQL database, or nothing (SQLite in its data
    directory)."""
    if database == "sqlite":
        return {}
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return {"NEURONA_DATABASE_URL": cluster.new_database()}


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real uvicorn server (with its worker processes) on a fresh SQLite data dir.

    Under pytest-xdist a session is one worker's: each worker starts its own server on its own free port and data
    dir (tmp_path_factory is per worker), so tests in different workers never share experiments."""
    server = ServerProcess(tmp_path_factory.mktemp("live-data")).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgresql_server(tmp_path_factory: pytest.TempPathFactory, postgres: PostgresCluster) -> Iterator[str]:
    """The same server storing into a PostgreSQL database."""
    server = ServerProcess(tmp_path_factory.mktemp("live-data-pg"), NEURONA_DATABASE_URL=postgres.new_database())
    yield server.start().url
    server.stop()


@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest, database: str) -> str:
    """Base URL of the shared server on the test's database (see `database`)."""
    return str(request.getfixturevalue(f"{database}_server"))


def session_client(base_url: str) -> httpx.Client:
    """A client that is its own session (scripts identify themselves with a token header)."""
    return httpx.Client(base_url=base_url, headers={"X-Neurona-Token": f"test-{uuid.uuid4().hex}"}, timeout=30)


@pytest.fixture
def client(live_server: str) -> Iterator[httpx.Client]:
    with session_client(live_server) as c:
        yield c


@pytest.fixture
def artifacts() -> Path:
    path = Path(__file__).resolve().parents[1] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, for the store's own tests: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'neurona.db'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()
