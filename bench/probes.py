"""Probes through a real server: the size of each probe's frames, the latency from a probe computed on the worker
to its frame arriving at a websocket client, and, on LeNet-5, how long after pressing play a student who clicked a
conv node sees its first feature maps. (The cost of probes to training is a loop case of `bench/loops.py`.)

Run alone: `.venv/bin/python -m bench.probes`; `make bench` prints it with the rest.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import websockets
from tests.server import ServerProcess

from neurona.gallery import template
from neurona.probes.context import context_of
from neurona.spec import ExperimentCreate
from neurona.stream.frames import decode_frame
from neurona.train.trainer import Trainer

from .loops import every_watch

LATENCY_SECONDS = 8.0
START_TIMEOUT = 120.0
TOKEN = "bench-probes-latency"


def _spec(name: str, steps: int = 100_000) -> dict[str, Any]:
    t = template(name)
    return {"name": "bench", "graph": t["graph"], "dataset": t["dataset"],
            "training": {**t["training"], "epochs": 100_000, "max_steps": steps, "device": "cpu"}}


async def _frames(server: ServerProcess, client: httpx.Client, spec: dict[str, Any], watches: list[dict[str, Any]],
                  seconds: float) -> tuple[float, list[tuple[str, float, int]]]:
    """Watch, press play, and collect frames of training steps for `seconds` after the first: the seconds from
    play to the first such frame, and (type, worker-to-client latency, bytes) of each."""
    experiment_id = client.post("/api/experiments", json=spec).json()["id"]
    ws_url = server.url.replace("http://", "ws://") + f"/ws/experiments/{experiment_id}"
    frames: list[tuple[str, float, int]] = []
    first = 0.0
    async with websockets.connect(ws_url, additional_headers={"X-Neurona-Token": TOKEN}, max_size=2**24) as ws:
        for message in watches:
            await ws.send(json.dumps(message))
        played = time.monotonic()
        client.post(f"/api/experiments/{experiment_id}/start").raise_for_status()
        end = played + START_TIMEOUT
        while time.monotonic() < end:
            try:
                raw = await asyncio.wait_for(ws.recv(), 1.0)
            except TimeoutError:
                continue
            if not isinstance(raw, bytes):
                continue
            header, _data = decode_frame(raw)
            if header.get("step", 0) > 0:
                if not frames:
                    first = time.monotonic() - played
                    end = time.monotonic() + seconds
                frames.append((header["type"], time.time() - header["t"], len(raw)))
    client.post(f"/api/experiments/{experiment_id}/stop")
    return first, frames


def through_a_server() -> dict[str, Any]:
    """Every probe on the small CNN for LATENCY_SECONDS; then LeNet-5's first conv node alone, from play."""
    cnn = _spec("vgg_block")
    subject = context_of(Trainer(ExperimentCreate.model_validate(cnn), max_steps=10), 48).subject
    lenet = _spec("lenet5")
    conv = next(n["id"] for n in lenet["graph"]["nodes"] if n["type"] == "Conv2d")
    with tempfile.TemporaryDirectory() as data_dir:
        server = ServerProcess(Path(data_dir)).start()
        try:
            with httpx.Client(base_url=server.url, headers={"X-Neurona-Token": TOKEN}, timeout=60) as client:
                _, frames = asyncio.run(_frames(server, client, cnn, every_watch(subject), LATENCY_SECONDS))
                time.sleep(1.0)  # the worker back in its queue, warm, as when a student presses play
                feature_maps = {"type": "watch", "probe": "activations", "node": conv, "samples": [0]}
                first, _ = asyncio.run(_frames(server, client, lenet, [feature_maps], 0.0))
        finally:
            server.stop()
    latencies = sorted(latency for _, latency, _ in frames)
    sizes: dict[str, list[int]] = defaultdict(list)
    for kind, _, size in frames:
        sizes[kind].append(size)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else float("inf")
    return {"frames": len(frames), "latency_median_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
            "latency_p95_ms": 1000 * p95, "sizes": {k: statistics.mean(v) for k, v in sorted(sizes.items())},
            "lenet_first_maps_s": first}


if __name__ == "__main__":
    print(json.dumps(through_a_server(), indent=1))
