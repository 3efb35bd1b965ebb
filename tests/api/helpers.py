"""Shared helpers for the API and websocket tests: specs to send, and polling with deadlines (never sleeps as
assertions)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

# Worker processes import PyTorch after the server is up; the first run may wait for them, so deadlines are
# generous. A passing test never waits for a deadline: it polls until the condition holds.
DEADLINE = 60.0
POLL = 0.05
ACTIVE = ("created", "queued", "running", "paused")
# Runs this long never finish during a test (max_steps caps them far beyond); tests stop them.
FOREVER_EPOCHS = 100_000


def mlp(hidden: tuple[int, ...] = (8,), activation: str = "Tanh", out: int = 1) -> dict[str, Any]:
    """Input → [Linear(h) → activation]* → Linear(out), as the editor would send it."""
    nodes: list[dict[str, Any]] = [{"id": "in", "type": "Input", "params": {}, "position": {"x": 0, "y": 0}}]
    edges: list[dict[str, Any]] = []
    prev = "in"
    for i, width in enumerate(hidden, start=1):
        nodes += [{"id": f"fc{i}", "type": "Linear", "params": {"out_features": width}},
                  {"id": f"act{i}", "type": activation}]
        edges += [{"source": prev, "target": f"fc{i}"}, {"source": f"fc{i}", "target": f"act{i}"}]
        prev = f"act{i}"
    nodes.append({"id": "out", "type": "Linear", "params": {"out_features": out}})
    edges.append({"source": prev, "target": "out"})
    return {"nodes": nodes, "edges": edges, "output": "out"}


def body(epochs: int = 2, name: str = "test run", graph: dict[str, Any] | None = None,
         dataset: dict[str, Any] | None = None, **training: Any) -> dict[str, Any]:
    return {"name": name, "graph": graph or mlp(),
            "dataset": dataset or {"name": "circle", "options": {"noise": 0, "seed": 0}},
            "training": {"epochs": epochs, "seed": 0, "device": "cpu", **training}}


def create(client: httpx.Client, epochs: int = 2, **kwargs: Any) -> dict[str, Any]:
    response = client.post("/api/experiments", json=body(epochs, **kwargs))
    assert response.status_code == 201, response.text
    return response.json()


def act(client: httpx.Client, experiment_id: str, action: str) -> dict[str, Any]:
    response = client.post(f"/api/experiments/{experiment_id}/{action}")
    assert response.status_code == 200, f"{action}: {response.status_code} {response.text}"
    return response.json()


def get(client: httpx.Client, experiment_id: str) -> dict[str, Any]:
    response = client.get(f"/api/experiments/{experiment_id}")
    assert response.status_code == 200, response.text
    return response.json()


def wait_for(client: httpx.Client, experiment_id: str, predicate: Callable[[dict[str, Any]], bool],
             what: str, timeout: float = DEADLINE) -> dict[str, Any]:
    """Poll the experiment until `predicate` holds; fail with its last state after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        experiment = get(client, experiment_id)
        if predicate(experiment):
            return experiment
        if time.monotonic() > deadline:
            raise AssertionError(f"experiment {experiment_id} never became {what}; last state: {experiment}")
        time.sleep(POLL)


def wait_status(client: httpx.Client, experiment_id: str, *statuses: str,
                timeout: float = DEADLINE) -> dict[str, Any]:
    return wait_for(client, experiment_id, lambda e: e["status"] in statuses, "/".join(statuses), timeout)


def metrics(client: httpx.Client, experiment_id: str, after_step: int = 0) -> list[dict[str, Any]]:
    response = client.get(f"/api/experiments/{experiment_id}/metrics", params={"after_step": after_step})
    assert response.status_code == 200, response.text
    return list(response.json()["rows"])


def stop_quietly(client: httpx.Client, experiment_id: str) -> None:
    """Test cleanup: end a run if it is still active, so it never holds a worker for the next test."""
    response = client.get(f"/api/experiments/{experiment_id}")
    if response.status_code == 200 and response.json()["status"] in ACTIVE:
        client.post(f"/api/experiments/{experiment_id}/stop")
        wait_status(client, experiment_id, "stopped", "finished", "failed")


def issue_for(detail: list[dict[str, Any]], field: str, node: str | None = None) -> dict[str, Any]:
    """The 422 item about `field` (and `node`), with a readable failure when there is none."""
    for item in detail:
        if item["field"] == field and (node is None or item["node"] == node):
            return item
    raise AssertionError(f"no issue for node={node!r} field={field!r} in {detail}")
