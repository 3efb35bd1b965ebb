"""Crashes and shutdowns mid-training: nothing stored is lost, and every interrupted run resumes where its
checkpoint (or, before its first one, its start) left it, with each step stored exactly once."""

from __future__ import annotations

import pytest

from tests.api.helpers import FOREVER_EPOCHS, create, get, metrics, wait_for, wait_status
from tests.conftest import session_client
from tests.reliability.conftest import figure
from tests.server import ServerProcess

pytestmark = pytest.mark.slow  # minutes of restarts: `make test` and CI run them, `make test-fast` does not
CYCLES = 20  # every `make test` runs the full count: a loss that shows once in twenty crashes is still a loss
EVERY_STEP = {"eval_every_steps": 1}  # a row for every step (rows are otherwise on a time budget): a gap is a loss


def contiguous(client, experiment_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    steps = [r["step"] for r in metrics(client, experiment_id)]
    assert steps == list(range(1, len(steps) + 1)), f"steps have gaps or repeats: {steps[:5]}…{steps[-5:]}"
    return steps


@pytest.mark.timeout(120 + 90 * CYCLES)  # every cycle restarts the server and waits for its workers
def test_kill_9_cycles_lose_nothing(fresh_server: ServerProcess) -> None:
    server = fresh_server
    token = f"crash-{server.port}"
    with session_client(server.url) as client:
        client.headers["X-Neurona-Token"] = token
        # One saves a checkpoint every epoch (25 steps) and resumes from it; the other is killed before its first
        # and starts again from step 0.
        runs = [create(client, epochs=FOREVER_EPOCHS, name=f"crash {i}", checkpoint_every=1 - i,
                       **EVERY_STEP)["id"]
                for i in range(2)]
        for run in runs:
            client.post(f"/api/experiments/{run}/start")
    resumed_steps = []
    for cycle in range(CYCLES):
        with session_client(server.url) as client:
            client.headers["X-Neurona-Token"] = token
            before = {run: len(metrics(client, run)) for run in runs}
            for run in runs:
                wait_for(client, run, lambda e, b=before[run]: e["status"] == "running" and e["step"] > b + 30,
                         f"training in cycle {cycle}")
            stored = {run: len(metrics(client, run)) for run in runs}
        server.kill()
        server.start()
        with session_client(server.url) as client:
            client.headers["X-Neurona-Token"] = token
            for run in runs:
                assert get(client, run)["status"] == "interrupted"
                assert len(metrics(client, run)) >= stored[run], "stored metric rows were lost"
                resumed = client.post(f"/api/experiments/{run}/resume")
                assert resumed.status_code == 200, resumed.text
                resumed_steps.append(resumed.json()["step"])
                contiguous(client, run)
    figure("kill -9 cycles (2 runs each), every run resumed", CYCLES)
    figure("steps the runs resumed from", resumed_steps)
    assert all(step > 0 for step in resumed_steps[0::2]), "the run with checkpoints did not resume from one"
    with session_client(server.url) as client:
        client.headers["X-Neurona-Token"] = token
        for run in runs:
            wait_status(client, run, "running")
            client.post(f"/api/experiments/{run}/stop")
            wait_status(client, run, "stopped")
            figure(f"rows of {run} after {CYCLES} crashes, contiguous", len(contiguous(client, run)))


def test_sigterm_checkpoints_every_active_run(fresh_server: ServerProcess) -> None:
    """Well before the 30-s checkpoint: a graceful shutdown writes one for running and paused runs alike."""
    server = fresh_server
    with session_client(server.url) as client:
        runs = [create(client, epochs=FOREVER_EPOCHS, **EVERY_STEP)["id"] for _ in range(3)]
        for run in runs:
            client.post(f"/api/experiments/{run}/start")
        for run in runs[:2]:
            wait_for(client, run, lambda e: e["status"] == "running" and e["step"] > 10, "training")
        client.post(f"/api/experiments/{runs[1]}/pause")
        wait_status(client, runs[1], "paused")
        token = client.headers["X-Neurona-Token"]
    server.stop()  # SIGTERM
    for run in runs[:2]:
        assert (server.data_dir / "checkpoints" / run / "checkpoint.safetensors").is_file()
    server.start()
    with session_client(server.url) as client:
        client.headers["X-Neurona-Token"] = token
        steps = []
        for run in runs:  # the third never left the queue: it resumes from its start
            assert get(client, run)["status"] == "interrupted"
            resumed = client.post(f"/api/experiments/{run}/resume")
            assert resumed.status_code == 200, resumed.text
            steps.append(resumed.json()["step"])
        figure("steps resumed from after SIGTERM (running, paused, queued)", steps)
        assert steps[0] > 10 and steps[1] > 10 and steps[2] == 0
        for run in runs:
            wait_for(client, run, lambda e: e["status"] == "running" and e["step"] > 15, "training again")
            client.post(f"/api/experiments/{run}/stop")
            wait_status(client, run, "stopped")
            contiguous(client, run)
