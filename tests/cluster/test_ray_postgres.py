"""The department's whole stack on this machine: a server training on the Ray cluster and storing into a real
PostgreSQL server (tests/postgres.py), as docker-compose.ray.yml deploys it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.helpers import create, get, metrics, wait_status
from tests.cluster.ray_cluster import RayCluster
from tests.conftest import session_client
from tests.postgres import PostgresCluster
from tests.server import ServerProcess
from tests.ws.test_stream import follow_run

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def department(ray_cluster: RayCluster, postgres: PostgresCluster,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(Path(tmp_path_factory.mktemp("department")), NEURONA_DATABASE_URL=postgres.new_database(),
                           **ray_cluster.env())
    yield server.start(timeout=120)
    server.stop()


def test_runs_of_two_sessions_train_on_the_cluster_into_postgresql(department: ServerProcess) -> None:
    with session_client(department.url) as first, session_client(department.url) as second:
        followed = create(first, epochs=4, name="followed", eval_every_steps=1)
        other = create(second, epochs=4, name="other")
        second.post(f"/api/experiments/{other['id']}/start").raise_for_status()
        _hello, messages = asyncio.run(follow_run(department.url, first, followed["id"]))
        rows = [row for m in messages if m["type"] == "metrics" for row in m["rows"]]
        assert [r["step"] for r in rows] == list(range(1, 4 * 25 + 1))
        assert metrics(first, followed["id"]) == rows, "what streamed is what PostgreSQL stored"
        assert get(first, followed["id"])["status"] == "finished"
        assert first.get(f"/api/experiments/{other['id']}").status_code == 404, "sessions stay apart"
        assert wait_status(second, other["id"], "finished", timeout=180)["step"] == 4 * 25
