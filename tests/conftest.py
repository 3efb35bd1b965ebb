"""Shared fixtures: a real server on a fresh data directory, and HTTP clients with their own sessions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server import ServerProcess


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow browser tests last, after the quick feedback of everything else, and all in one xdist worker
    (with `--dist loadgroup`), so they share one browser and one server instead of starting one per worker."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.xdist_group("e2e"))
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real uvicorn server (with its worker processes) on a fresh SQLite data dir.

    Under pytest-xdist a session is one worker's: each worker starts its own server on its own free port and data
    dir (tmp_path_factory is per worker), so tests in different workers never share experiments."""
    server = ServerProcess(tmp_path_factory.mktemp("live-data")).start()
    yield server.url
    server.stop()


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
