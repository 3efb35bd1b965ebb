"""The server under load, through its real REST API: start-up, the first metric row, and many runs at once.

Each measurement starts a fresh server (uvicorn, worker processes, SQLite file) in a subprocess, as tests do.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from tests.server import ServerProcess

from neurona.gallery import template

HEADERS = {"X-Neurona-Token": "bench-session-0001"}
POLL_SECONDS = 0.01


def _small_run(steps: int) -> dict[str, Any]:
    t = template("mlp")
    return {"name": "bench", "graph": t["graph"], "dataset": t["dataset"],
            "training": {**t["training"], "epochs": 100_000, "max_steps": steps}}


def _server(directory: str, workers: int) -> ServerProcess:
    return ServerProcess(Path(directory), NEURONA_MAX_WORKERS=str(workers))


def _first_row_seconds(client: httpx.Client) -> float:
    """From pressing play (create + start) to the first stored metric row."""
    started = time.perf_counter()
    experiment = client.post("/api/experiments", json=_small_run(100_000)).json()
    client.post(f"/api/experiments/{experiment['id']}/start")
    while not client.get(f"/api/experiments/{experiment['id']}/metrics").json()["rows"]:
        time.sleep(POLL_SECONDS)
    elapsed = time.perf_counter() - started
    client.post(f"/api/experiments/{experiment['id']}/stop")
    return elapsed


def startup() -> dict[str, float]:
    """Launch to /healthz, then play at once (workers may still be warming up) and again a moment later."""
    with tempfile.TemporaryDirectory() as directory:
        server = _server(directory, 2)
        launched = time.perf_counter()
        server.start(timeout=60, poll=POLL_SECONDS, ready=False)
        healthz = time.perf_counter() - launched
        server.wait(timeout=60, poll=POLL_SECONDS)
        ready = time.perf_counter() - launched
        try:
            with httpx.Client(base_url=server.url, headers=HEADERS, timeout=30) as client:
                at_once = _first_row_seconds(client)
                time.sleep(1.0)
                warm = _first_row_seconds(client)
        finally:
            server.stop()
    return {"healthz_s": healthz, "ready_s": ready, "first_row_at_once_s": at_once, "first_row_warm_s": warm}


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else values[0]


def concurrent(runs: int, workers: int, steps: int) -> dict[str, float]:
    """`runs` small runs started at once on `workers` workers: aggregate steps per second from the first start to
    the last finish, and REST latencies (the starts, and listing the experiments every 50 ms meanwhile)."""
    with tempfile.TemporaryDirectory() as directory:
        server = _server(directory, workers).start(timeout=60)
        try:
            with httpx.Client(base_url=server.url, headers=HEADERS, timeout=30) as client:
                ids = [client.post("/api/experiments", json=_small_run(steps)).json()["id"] for _ in range(runs)]
                time.sleep(3.0)  # the workers are warm, as they are a few seconds after start-up
                latencies: list[float] = []
                started = time.perf_counter()
                for experiment_id in ids:
                    t0 = time.perf_counter()
                    client.post(f"/api/experiments/{experiment_id}/start").raise_for_status()
                    latencies.append(time.perf_counter() - t0)
                while True:
                    t0 = time.perf_counter()
                    listing = client.get("/api/experiments").json()
                    latencies.append(time.perf_counter() - t0)
                    if all(e["status"] in ("finished", "failed", "stopped") for e in listing):
                        break
                    time.sleep(0.05)
                elapsed = time.perf_counter() - started
                total = sum(e["step"] for e in listing)
        finally:
            server.stop()
    return {"steps_per_s": total / elapsed, "rest_p99_ms": 1000 * _p99(latencies),
            "rest_max_ms": 1000 * max(latencies)}
