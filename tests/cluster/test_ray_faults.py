"""Faults on a real Ray cluster: a worker node killed mid-run leaves its run `interrupted`, and resuming it
continues from its last checkpoint on a node still alive, to exactly the rows of a run never interrupted; a
server killed while its runs train on the cluster finds them `interrupted` when it comes back, resumable too."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.helpers import DEADLINE, FOREVER_EPOCHS, act, create, get, metrics, wait_for, wait_status
from tests.cluster.ray_cluster import RayCluster, run_pids
from tests.server import ServerProcess

pytestmark = pytest.mark.cluster
CLUSTER_DEADLINE = 3 * DEADLINE
# A row every step and a checkpoint every epoch (25 steps), as the embedded runner's resume test has.
SETTINGS: dict[str, Any] = {"optimizer": "adam", "checkpoint_every": 1, "max_steps": 900, "schedule": "cosine",
                            "eval_every_steps": 1}


def node_training(cluster: RayCluster) -> Any:
    """A worker node that has a run's actor on it, as soon as one does."""
    deadline = time.monotonic() + CLUSTER_DEADLINE
    while time.monotonic() < deadline:
        nodes = [cluster.node_of(pid) for pid in run_pids()]
        workers = [n for n in nodes if n is not None]
        if workers:
            return workers[0]
        time.sleep(0.1)
    raise AssertionError("no run trained on a worker node")


def test_a_killed_node_leaves_its_run_interrupted_and_resume_finishes_it_elsewhere(
        ray_cluster: RayCluster, ray_server: ServerProcess) -> None:
    headers = {"X-Neurona-Token": f"node-{uuid.uuid4().hex}"}
    with httpx.Client(base_url=ray_server.url, headers=headers, timeout=30) as client:
        runs = [create(client, epochs=FOREVER_EPOCHS, name=f"run {i}", **SETTINGS)["id"] for i in range(3)]
        for eid in runs:  # one per node: the runner spreads them
            act(client, eid, "start")
        for eid in runs:
            wait_for(client, eid, lambda e: e["step"] > 60, "past two checkpoints", CLUSTER_DEADLINE)
        victim = node_training(ray_cluster)
        try:
            ray_cluster.kill(victim)
            deadline = time.monotonic() + DEADLINE
            while not (lost := [get(client, eid) for eid in runs if get(client, eid)["status"] == "interrupted"]):
                assert time.monotonic() < deadline, [get(client, eid)["status"] for eid in runs]
                time.sleep(0.2)
            assert len(lost) == 1, "only the killed node's run is interrupted"
            interrupted = lost[0]
            assert 60 < interrupted["step"] < 900 and "was lost" in interrupted["error"], interrupted
            survivors = [eid for eid in runs if eid != interrupted["id"]]
            # The other nodes' runs go on (a fast machine may already have finished them).
            assert all(get(client, eid)["status"] in ("running", "finished") for eid in survivors)

            resumed = act(client, interrupted["id"], "resume")
            assert resumed["status"] in ("queued", "running") and resumed["step"] % 25 == 0
            finished = wait_status(client, interrupted["id"], "finished", "failed", "interrupted",
                                   timeout=CLUSTER_DEADLINE)
            assert finished["status"] == "finished" and finished["step"] == 900 and finished["error"] is None
            for eid in survivors:
                assert wait_status(client, eid, "finished", timeout=CLUSTER_DEADLINE)["step"] == 900
            rows = metrics(client, interrupted["id"])
            assert [r["step"] for r in rows] == list(range(1, 901))
            assert rows == metrics(client, survivors[0]), "the resumed run equals the ones never interrupted"
        finally:
            ray_cluster.add_worker()  # the next tests get their three nodes back


def test_a_killed_server_finds_its_cluster_runs_interrupted_and_resumes_them(
        ray_cluster: RayCluster, tmp_path: Path) -> None:
    headers = {"X-Neurona-Token": f"restart-{uuid.uuid4().hex}"}
    server = ServerProcess(tmp_path / "data", **ray_cluster.env()).start(timeout=120)
    try:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            run = create(client, epochs=FOREVER_EPOCHS, name="restarted", **{**SETTINGS, "max_steps": 400})
            act(client, run["id"], "start")
            wait_for(client, run["id"], lambda e: e["step"] > 60, "past two checkpoints", CLUSTER_DEADLINE)
        server.kill()
    finally:
        server.kill()
    # Its actors belonged to the killed server's process: Ray ends them with it.
    deadline = time.monotonic() + DEADLINE
    while run_pids():
        assert time.monotonic() < deadline, "the killed server's actors still train"
        time.sleep(0.2)
    restarted = ServerProcess(tmp_path / "data", **ray_cluster.env()).start(timeout=120)
    try:
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=30) as client:
            interrupted = get(client, run["id"])
            assert interrupted["status"] == "interrupted" and 60 < interrupted["step"] < 400, interrupted
            act(client, run["id"], "resume")
            assert wait_status(client, run["id"], "finished", timeout=CLUSTER_DEADLINE)["step"] == 400
            assert [r["step"] for r in metrics(client, run["id"])] == list(range(1, 401))
    finally:
        restarted.stop()
