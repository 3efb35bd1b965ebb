"""Probe overhead: a small CNN on digits with every probe watched at 10 Hz, against the same model in a bare
PyTorch loop, side by side in one process; then the frame sizes, and the latency from a probe computed on the
worker to its frame arriving at a websocket client of a real server.

The probed loop is the bare loop plus exactly what the worker adds for probes: the after-backward hook, a tick
after each step, and handing the frames to a queue as pickled events (what the worker's event queue does).
Rounds are interleaved and the median ratio reported, because this machine's load varies.
Run: `.venv/bin/python bench/probes.py`.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import queue
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import torch
import torch.nn.functional as F
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' real-server helper

from tests.server import ServerProcess

from neurona.probes import PROBES, WatchMessage
from neurona.probes.check import resolve
from neurona.probes.context import ProbeContext, context_of
from neurona.probes.session import ProbeSession
from neurona.spec import ExperimentCreate
from neurona.stream.frames import decode_frame, encode_frame
from neurona.train.trainer import Trainer

ROUND_SECONDS = 3.0
ROUNDS = 5
LATENCY_SECONDS = 8.0
START_TIMEOUT = 120.0
HZ = 10.0
GRAPH = {
    "nodes": [{"id": "in", "type": "Input"},
              {"id": "c1", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 3, "padding": 1}},
              {"id": "r1", "type": "ReLU"}, {"id": "p1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
              {"id": "c2", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3, "padding": 1}},
              {"id": "r2", "type": "ReLU"}, {"id": "flat", "type": "Flatten"},
              {"id": "out", "type": "Linear", "params": {"out_features": 10}}],
    "edges": [{"source": a, "target": b} for a, b in [("in", "c1"), ("c1", "r1"), ("r1", "p1"), ("p1", "c2"),
                                                      ("c2", "r2"), ("r2", "flat"), ("flat", "out")]],
    "output": "out",
}
SPEC = {"name": "bench", "graph": GRAPH, "dataset": {"name": "digits", "options": {}},
        "training": {"epochs": 100_000, "batch_size": 32, "seed": 0, "device": "cpu"}}


def every_watch(ctx: ProbeContext) -> list[dict[str, Any]]:
    """Every probe on every node it applies to (model probes once)."""
    messages = []
    for probe in PROBES.values():
        nodes: list[str | None] = list(ctx.subject.nodes) if probe.scope == "node" else [None]
        for node in nodes:
            message = {"type": "watch", "probe": probe.name, "node": node, "samples": [0, 1]}
            try:
                resolve(WatchMessage.model_validate(message), ctx.subject)
            except ValueError:
                continue  # the probe does not apply to this node or dataset
            messages.append(message)
    return messages


def train_for(trainer: Trainer, seconds: float, session: ProbeSession | None, ctx: ProbeContext,
              sink: queue.Queue[bytes]) -> float:
    """Steps per second of a bare loop over the trainer's model and data (optionally probed)."""
    model, x, y = trainer.model, trainer.x_train, trainer.y_train
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    generator = torch.Generator().manual_seed(0)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        idx = torch.randint(len(x), (32,), generator=generator)
        model.train()
        loss = F.cross_entropy(model(x[idx]), y[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if session is not None:
            session.after_backward(ctx)
        optimizer.step()
        steps += 1
        if session is not None:
            for header, data in session.tick(ctx, steps):
                sink.put(pickle.dumps((header["type"], "bench", header, data)))
    return steps / (time.perf_counter() - start)


def overhead() -> None:
    torch.set_num_threads(1)
    trainer = Trainer(ExperimentCreate.model_validate(SPEC), max_steps=10**9)
    ctx = context_of(trainer, 48)
    session = ProbeSession(HZ)
    session.set([resolve(WatchMessage.model_validate(m), ctx.subject).model_dump() for m in every_watch(ctx)])
    sink: queue.Queue[bytes] = queue.Queue()
    train_for(trainer, 1.0, session, ctx, sink)  # warm-up
    ratios, bare_rates, probed_rates = [], [], []
    for _ in range(ROUNDS):
        bare = train_for(trainer, ROUND_SECONDS, None, ctx, sink)
        probed = train_for(trainer, ROUND_SECONDS, session, ctx, sink)
        ratios.append(probed / bare)
        bare_rates.append(bare)
        probed_rates.append(probed)
    sizes: dict[str, list[int]] = defaultdict(list)
    while not sink.empty():
        kind, _id, header, data = pickle.loads(sink.get())
        sizes[kind].append(len(encode_frame({**header, "seq": 1}, data)))
    print(f"bench probes: CNN on digits 8×8, batch 32, 1 thread; {len(session.watches)} watches "
          f"({', '.join(sorted({w.probe for w in session.watches.values()}))}) at {HZ:g} Hz")
    ticks = len(sizes.get("norms", [])) / (ROUNDS * ROUND_SECONDS)
    print(f"  probe ticks achieved: {ticks:.1f} per second (the 5% time budget lowers the rate on a slow machine)")
    print(f"  bare PyTorch loop          {statistics.median(bare_rates):8.0f} steps/s")
    print(f"  with every probe watched   {statistics.median(probed_rates):8.0f} steps/s")
    print(f"  ratio (median of {ROUNDS} interleaved rounds) {statistics.median(ratios):.3f}   "
          f"(rounds: {', '.join(f'{r:.3f}' for r in ratios)}; target ≥ 0.90)")
    print("  mean frame size by probe:")
    for kind, values in sorted(sizes.items()):
        print(f"    {kind:<14} {statistics.mean(values):8.0f} bytes  ({len(values)} frames)")


async def _collect(url: str, token: str, experiment_id: str, watches: list[dict[str, Any]],
                   client: httpx.Client) -> list[tuple[str, float]]:
    latencies: list[tuple[str, float]] = []
    ws_url = url.replace("http://", "ws://") + f"/ws/experiments/{experiment_id}"
    async with websockets.connect(ws_url, additional_headers={"X-Neurona-Token": token}, max_size=2**24) as ws:
        for message in watches:
            await ws.send(json.dumps(message))
        client.post(f"/api/experiments/{experiment_id}/start")
        end = time.monotonic() + START_TIMEOUT  # until training has started, then LATENCY_SECONDS more
        while time.monotonic() < end:
            try:
                raw = await asyncio.wait_for(ws.recv(), 1.0)
            except TimeoutError:
                continue
            if not isinstance(raw, bytes):
                continue
            header, _data = decode_frame(raw)
            if header.get("step", 0) > 0:
                if not latencies:
                    end = time.monotonic() + LATENCY_SECONDS
                latencies.append((header["type"], time.time() - header["t"]))
    return latencies


def latency() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        server = ServerProcess(Path(data_dir)).start()
        try:
            token = "bench-probes-latency"
            with httpx.Client(base_url=server.url, headers={"X-Neurona-Token": token}, timeout=60) as client:
                experiment = client.post("/api/experiments", json=SPEC).json()
                ctx = context_of(Trainer(ExperimentCreate.model_validate(SPEC), max_steps=10), 48)
                found = asyncio.run(_collect(server.url, token, experiment["id"], every_watch(ctx), client))
                client.post(f"/api/experiments/{experiment['id']}/stop")
        finally:
            server.stop()
    values = sorted(v for _, v in found)
    if not values:
        print("  latency: no frames arrived")
        return
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    print(f"  latency worker → websocket client over {LATENCY_SECONDS:g} s: {len(values)} frames, "
          f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    overhead()
    latency()
