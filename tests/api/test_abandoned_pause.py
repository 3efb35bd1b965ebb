"""A run left paused does not hold its worker forever while other runs wait (one worker, short timeout)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.helpers import FOREVER_EPOCHS, act, create, get, wait_status
from tests.conftest import session_client
from tests.server import ServerProcess


@pytest.fixture(scope="module")
def one_worker_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = ServerProcess(Path(tmp_path_factory.mktemp("pause-timeout")), NEURONA_MAX_WORKERS="1",
                           NEURONA_PAUSE_TIMEOUT="2").start()
    yield server.url
    server.stop()


def test_a_long_pause_frees_the_worker_for_a_waiting_run(one_worker_server: str) -> None:
    with session_client(one_worker_server) as idle, session_client(one_worker_server) as waiting:
        paused = create(idle, epochs=FOREVER_EPOCHS)["id"]
        act(idle, paused, "step")  # starts paused, holding the only worker
        wait_status(idle, paused, "paused")
        queued = create(waiting, epochs=FOREVER_EPOCHS)["id"]
        assert act(waiting, queued, "start")["status"] == "queued"

        stopped = wait_status(idle, paused, "stopped")
        assert "paused" in stopped["error"] and "waiting" in stopped["error"]
        wait_status(waiting, queued, "running")
        act(waiting, queued, "stop")


def test_a_paused_run_keeps_its_worker_when_nobody_waits(one_worker_server: str) -> None:
    with session_client(one_worker_server) as client:
        paused = create(client, epochs=FOREVER_EPOCHS)["id"]
        act(client, paused, "step")
        wait_status(client, paused, "paused")
        time.sleep(3)  # well past the 2 s timeout: with an empty queue nothing needs its worker
        assert get(client, paused)["status"] == "paused"
        assert act(client, paused, "resume")["status"] == "running"
        act(client, paused, "stop")
