"""Runs on a real Ray cluster of this machine through a real server (NEURONA_RUNNER=ray): the same API and stream
as with the embedded runner, the controls, and many runs from several sessions spread over the nodes."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from tests.api.helpers import (
    DEADLINE,
    FOREVER_EPOCHS,
    act,
    body,
    create,
    get,
    issue_for,
    metrics,
    stop_quietly,
    wait_for,
    wait_status,
)
from tests.api.test_training_controls import (
    test_settings_changed_while_paused_are_applied_and_recorded as settings_changed_while_paused,
)
from tests.cluster.ray_cluster import RayCluster, run_pids
from tests.conftest import session_client
from tests.server import ServerProcess
from tests.ws.test_stream import follow_run

pytestmark = pytest.mark.cluster
CLUSTER_DEADLINE = 3 * DEADLINE  # a run's actor imports PyTorch on a node of a loaded 2-core machine first


def test_a_run_trains_to_the_end_and_streams_its_rows_and_frames(ray_server: ServerProcess) -> None:
    with session_client(ray_server.url) as client:
        experiment = create(client, epochs=8, name="on ray", eval_every_steps=1)  # a row every step
        _hello, messages = asyncio.run(follow_run(ray_server.url, client, experiment["id"]))
        statuses = [m["status"] for m in messages if m["type"] == "status"]
        assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "finished", statuses
        rows = [row for m in messages if m["type"] == "metrics" for row in m["rows"]]
        assert [r["step"] for r in rows] == list(range(1, 8 * 25 + 1)), "every step streamed once, in order"
        assert metrics(client, experiment["id"]) == rows, "what streamed is what was stored"
        frames = [m for m in messages if m["_binary"]]
        assert frames and frames[-1]["type"] == "boundary" and frames[-1]["step"] == 8 * 25
        done = get(client, experiment["id"])
        assert done["status"] == "finished" and done["device"] == "cpu" and done["error"] is None


def test_settings_changed_while_paused_apply_on_the_cluster(ray_server: ServerProcess) -> None:
    with session_client(ray_server.url) as client:
        settings_changed_while_paused(client)  # the embedded runner's test, as it is


def test_pause_resume_and_stop(ray_server: ServerProcess) -> None:
    with session_client(ray_server.url) as client:
        eid = create(client, epochs=FOREVER_EPOCHS)["id"]
        try:
            act(client, eid, "start")
            running = wait_for(client, eid, lambda e: e["status"] == "running" and e["step"] > 50, "training",
                               CLUSTER_DEADLINE)
            assert act(client, eid, "pause")["status"] == "paused"
            time.sleep(1.5)  # the pause reaches the actor between batches; the run settles on the row it takes there
            paused = get(client, eid)
            time.sleep(1)
            assert get(client, eid)["step"] == paused["step"] >= running["step"], "a paused run takes no steps"
            act(client, eid, "resume")
            wait_for(client, eid, lambda e: e["status"] == "running" and e["step"] > paused["step"], "training on")
            assert act(client, eid, "stop")["status"] == "stopped"
            time.sleep(1)
            stopped = get(client, eid)
            assert stopped["status"] == "stopped" and stopped["error"] is None
            assert metrics(client, eid)[-1]["step"] == stopped["step"], "no row after the stop"
        finally:
            stop_quietly(client, eid)


def test_nine_runs_from_three_sessions_spread_over_the_nodes_and_all_finish(ray_server: ServerProcess,
                                                                        ray_cluster: RayCluster) -> None:
    sessions = [session_client(ray_server.url) for _ in range(3)]
    seen_nodes: set[Any] = set()
    watching = threading.Event()

    def watch_nodes() -> None:  # where the runs' actors are, sampled while they train
        while not watching.is_set():
            seen_nodes.update(ray_cluster.node_of(pid) for pid in run_pids())
            time.sleep(0.1)

    sampler = threading.Thread(target=watch_nodes, daemon=True)
    sampler.start()
    try:
        runs = [(client, create(client, epochs=8, name=f"run {i}")["id"]) for client in sessions for i in range(3)]
        positions = []
        for client, eid in runs:
            started = act(client, eid, "start")
            positions.append(started["queue_position"])
        assert any(p for p in positions), "with one CPU per node, later runs wait in the queue with a place"
        for client, eid in runs:
            assert wait_status(client, eid, "finished", "failed", "stopped", "interrupted",
                               timeout=4 * CLUSTER_DEADLINE)["status"] == "finished"
            assert metrics(client, eid)[-1]["step"] == 8 * 25
    finally:
        watching.set()
        sampler.join(timeout=5)
        for client in sessions:
            client.close()
    assert len(seen_nodes) >= 2, f"the runs trained on {len(seen_nodes)} node(s): {seen_nodes}"


def test_a_gpu_the_cluster_does_not_have_is_refused_naming_the_field(ray_server: ServerProcess) -> None:
    with session_client(ray_server.url) as client:
        for device, says in (("cuda", "no node has a GPU"), ("cuda:1", "Ray assigns each run its GPU")):
            response = client.post("/api/experiments", json=body(device=device))
            assert response.status_code == 422, response.text
            issue = issue_for(response.json()["detail"], "training.device")
            assert says in issue["message"], issue
