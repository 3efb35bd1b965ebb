"""Many clients pressing the same buttons at once: one run per experiment, and nothing trains once stopped."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from tests.api.helpers import FOREVER_EPOCHS, create, get, metrics, wait_for, wait_status
from tests.conftest import session_client
from tests.reliability.conftest import figure
from tests.server import ServerProcess

CLIENTS = 100


def storm(base_url: str, token: str, requests: list[Callable[[httpx.Client], httpx.Response]]) -> Counter[str]:
    """Send every request from its own thread and client, all released at once; count 'METHOD path -> code'."""
    barrier = threading.Barrier(len(requests))
    answers: Counter[str] = Counter()
    lock = threading.Lock()

    def one(send: Callable[[httpx.Client], httpx.Response]) -> None:
        with httpx.Client(base_url=base_url, headers={"X-Neurona-Token": token}, timeout=60) as client:
            barrier.wait()
            response = send(client)
            with lock:
                answers[f"{response.request.method} {response.request.url.path.rsplit('/', 1)[-1]} -> "
                        f"{response.status_code}"] += 1

    threads = [threading.Thread(target=one, args=(send,)) for send in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def action(experiment_id: str, name: str) -> Callable[[httpx.Client], httpx.Response]:
    return lambda client: client.post(f"/api/experiments/{experiment_id}/{name}")


def assert_no_ghost(client: httpx.Client, *experiment_ids: str) -> list[int]:
    """Every step stored once (two workers on one run would repeat steps), and no row arrives after the stop."""
    counts = []
    for experiment_id in experiment_ids:
        steps = [r["step"] for r in metrics(client, experiment_id)]
        assert len(steps) == len(set(steps)), f"repeated steps: {[s for s, n in Counter(steps).items() if n > 1]}"
        counts.append(len(steps))
    time.sleep(1.5)  # a ghost worker would flush rows within this (it flushes every 50 ms)
    assert [len(metrics(client, e)) for e in experiment_ids] == counts, "rows were added after the runs stopped"
    return counts


@pytest.mark.both_stores
def test_racing_starts_and_stops_leave_one_run(fresh_server: ServerProcess) -> None:
    with session_client(fresh_server.url) as client:
        token = client.headers["X-Neurona-Token"]
        experiment = create(client, epochs=FOREVER_EPOCHS)["id"]
        answers = storm(fresh_server.url, token, [action(experiment, "start")] * CLIENTS)
        figure("100 racing starts", dict(answers))
        assert answers["POST start -> 200"] == 1 and answers["POST start -> 409"] == CLIENTS - 1
        wait_for(client, experiment, lambda e: e["status"] == "running" and e["step"] > 20, "training")
        mixed = [action(experiment, name) for name in ("pause", "resume", "stop", "start") for _ in range(25)]
        answers = storm(fresh_server.url, token, mixed)
        figure("100 racing pause/resume/stop/start on a running run", dict(answers))
        assert answers["POST stop -> 200"] == 1 and answers["POST start -> 409"] == 25
        assert get(client, experiment)["status"] == "stopped"
        figure("metric rows of the raced run, all unique steps", assert_no_ghost(client, experiment)[0])


def test_racing_start_stop_delete_leaves_nothing_behind(fresh_server: ServerProcess) -> None:
    with session_client(fresh_server.url) as client:
        token = client.headers["X-Neurona-Token"]
        experiment = create(client, epochs=FOREVER_EPOCHS)["id"]
        requests = [action(experiment, "start"), action(experiment, "stop"),
                    lambda c: c.delete(f"/api/experiments/{experiment}")] * (CLIENTS // 3)
        answers = storm(fresh_server.url, token, requests)
        figure("99 racing start/stop/delete", dict(answers))
        assert answers["POST start -> 200"] <= 1 and answers["DELETE " + experiment + " -> 204"] == 1
        assert not [k for k in answers if k.endswith("-> 500")]
        assert client.get(f"/api/experiments/{experiment}").status_code == 404
        checkpoints = fresh_server.data_dir / "checkpoints" / experiment
        deadline = time.monotonic() + 30
        while checkpoints.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # a worker winding down writes its last checkpoint; its final event removes it
        assert not checkpoints.exists(), "the deleted experiment's checkpoints are still on disk"
        # Both workers are free: a ghost of the deleted run would hold one.
        runs = [create(client, epochs=FOREVER_EPOCHS)["id"] for _ in range(2)]
        for run in runs:
            client.post(f"/api/experiments/{run}/start")
        for run in runs:
            wait_status(client, run, "running")
            client.post(f"/api/experiments/{run}/stop")


def test_queued_runs_stopped_never_train(fresh_server: ServerProcess) -> None:
    """Two workers, eight runs. Stopped while waiting: never a row. Stopped all at once as workers free up, so
    some are being handed to a worker as their stop lands: no row after the stop, no step twice."""
    with session_client(fresh_server.url) as client:
        token = client.headers["X-Neurona-Token"]
        runs = [create(client, epochs=FOREVER_EPOCHS)["id"] for _ in range(8)]
        for run in runs:
            client.post(f"/api/experiments/{run}/start")
        for run in runs[:2]:
            wait_status(client, run, "running")
        for run in runs[6:]:
            assert get(client, run)["status"] == "queued"
            assert client.post(f"/api/experiments/{run}/stop").json()["status"] == "stopped"
        answers = storm(fresh_server.url, token, [action(run, "stop") for run in runs[:6]])
        assert answers["POST stop -> 200"] == 6, answers
        trained = assert_no_ghost(client, *runs)
        figure("rows per run (6 stopped at once, the last 2 while queued)", trained)
        assert all(get(client, run)["status"] == "stopped" for run in runs)
        assert trained[6:] == [0, 0]
