"""Training speed of Neurona against a bare PyTorch loop on the same model, data and seed, in one process.

Prints steps per second and the ratio (Neurona ÷ bare PyTorch; 1.0 means no overhead). Three levels:
the bare loop, `Trainer.step` (adds per-step train/test metrics), and the worker's run loop (adds control
polling, batched metric events and sampled decision boundaries), with a queue standing in for the server.
"""

from __future__ import annotations

import os
import queue
import time

import torch
import torch.nn.functional as F

from neurona.spec import ExperimentCreate
from neurona.train.trainer import Trainer
from neurona.train.worker import Job, _Run

STEPS = 3000
GRAPH = {
    "nodes": [{"id": "in", "type": "Input"}, {"id": "h1", "type": "Linear", "params": {"out_features": 8}},
              {"id": "t1", "type": "Tanh"}, {"id": "h2", "type": "Linear", "params": {"out_features": 8}},
              {"id": "t2", "type": "Tanh"}, {"id": "out", "type": "Linear", "params": {"out_features": 1}}],
    "edges": [{"source": a, "target": b} for a, b in [("in", "h1"), ("h1", "t1"), ("t1", "h2"), ("h2", "t2"),
                                                      ("t2", "out")]],
}
SPEC = {"graph": GRAPH, "dataset": {"name": "circle"}, "training": {"epochs": 10_000, "batch_size": 10}}


def bare_pytorch(trainer: Trainer) -> float:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                                torch.nn.Linear(8, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    x, y = trainer.x_train, trainer.y_train.float().unsqueeze(1)
    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    order = torch.randperm(len(x), generator=generator)
    for step in range(STEPS):
        within = step % trainer.steps_per_epoch
        if within == 0:
            order = torch.randperm(len(x), generator=generator)
        idx = order[within * 10:(within + 1) * 10]
        loss = F.binary_cross_entropy_with_logits(model(x[idx]), y[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return STEPS / (time.perf_counter() - start)


def neurona_trainer() -> float:
    trainer = Trainer(ExperimentCreate.model_validate(SPEC), max_steps=STEPS)
    start = time.perf_counter()
    for _ in range(STEPS):
        trainer.step()
    return STEPS / (time.perf_counter() - start)


def neurona_worker_loop() -> float:
    events: queue.Queue[object] = queue.Queue()
    job = Job(experiment_id="bench", owner="bench", spec=SPEC, max_steps=STEPS, resolution=48, probe_hz=10)
    start = time.perf_counter()
    _Run(job, queue.Queue(), events, parent_pid=os.getppid()).run()
    elapsed = time.perf_counter() - start
    frames = sum(1 for e in list(events.queue) if e[0] == "boundary")  # type: ignore[index]
    print(f"  worker loop sent {events.qsize()} events, {frames} boundaries")
    return STEPS / elapsed


def main() -> None:
    torch.set_num_threads(1)
    reference = Trainer(ExperimentCreate.model_validate(SPEC), max_steps=STEPS)
    neurona_trainer()  # warm-up: lazy imports and first-call costs
    bare = bare_pytorch(reference)
    print(f"bench: MLP 2-8-8-1 on circle, batch 10, {STEPS} steps, 1 thread")
    print(f"  bare PyTorch loop          {bare:9.0f} steps/s   ratio 1.00")
    for name, fn in (("Trainer.step (+metrics)", neurona_trainer), ("worker loop (+stream)", neurona_worker_loop)):
        rate = fn()
        print(f"  {name:<26} {rate:9.0f} steps/s   ratio {rate / bare:.2f}")


if __name__ == "__main__":
    main()
