"""Neurona's full worker loop against a bare PyTorch loop: the same model (a copy of the worker's, with the same
initial weights), data, batch order, optimizer, learning rate and thread count, in one process.

The worker loop is `_Run.loop` as a worker process runs it: control polling, metric rows on their budget,
held-out evaluation, batched events on a multiprocessing queue (with the feeder thread that pickles them) and
the probes a browser watches: the decision boundary for a model of the 2-D plane, and in one case every probe on
every node it applies to; only the server on the other end of the queue is missing.
"""

from __future__ import annotations

import copy
import multiprocessing as mp
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch

from neurona.gallery import template
from neurona.probes import PROBES, WatchMessage
from neurona.probes.check import resolve
from neurona.probes.context import Subject, context_of
from neurona.probes.watch import Watch
from neurona.spec import ExperimentCreate
from neurona.train.trainer import Trainer
from neurona.train.worker import Job, _Run


@dataclass(frozen=True)
class Case:
    name: str
    template: str
    steps: int
    target: float
    every_probe: bool = False  # watch every probe on every node it applies to, as a curious class would

    def spec(self, device: str = "cpu") -> dict[str, Any]:
        t = template(self.template)
        training = {**t["training"], "epochs": 100_000, "max_steps": self.steps, "device": device}
        return {"graph": t["graph"], "dataset": t["dataset"], "training": training}


CASES = (
    Case("2-D MLP on circle", "mlp", 4000, 0.90),
    Case("small CNN on 8×8 digits", "vgg_block", 400, 0.95),
    # 20 epochs, a third of what LeNet-5 trains to its target: its first and last evaluations (a run's fixed
    # costs, ~20 ms each) weigh as they do in a run a class watches, not as in a 3-second one.
    Case("LeNet-5 on 28×28 digits", "lenet5", 900, 0.95),
    Case("transformer on reverse", "transformer_seq2seq", 300, 0.90),
    # Longer than the plain CNN case: the first answer to each of the ~27 watches is a one-off cost of the click,
    # and what a class pays over a run is the probe rounds that follow.
    Case("small CNN, every probe watched", "vgg_block", 1500, 0.90, every_probe=True),
)


def every_watch(subject: Subject, samples: tuple[int, ...] = (0, 1)) -> list[dict[str, Any]]:
    """Every probe on every node it applies to (model-wide probes once), as watch messages."""
    messages = []
    for probe in PROBES.values():
        nodes: list[str | None] = list(subject.nodes) if probe.scope == "node" else [None]
        for node in nodes:
            message = {"type": "watch", "probe": probe.name, "node": node, "samples": list(samples)}
            try:
                resolve(WatchMessage.model_validate(message), subject)
            except ValueError:
                continue  # the probe does not apply to this node or dataset
            messages.append(message)
    return messages


def watches_of(case: Case, trainer: Trainer) -> list[dict[str, Any]]:
    """What the browser watches in this case: every probe, or the decision boundary of a 2-D model."""
    subject = context_of(trainer, 48).subject
    if case.every_probe:
        return [resolve(WatchMessage.model_validate(m), subject).model_dump() for m in every_watch(subject)]
    if trainer.data.kind.name in PROBES["boundary"].applies_to.kinds:
        return [Watch.make("boundary", None, (), {}).model_dump()]
    return []


@dataclass
class Rate:
    """Steps per second of wall-clock time and per second of this process's CPU time (every thread: the queue's
    feeder thread that pickles events counts). On a CPU shared with other work, wall time moves with whatever
    else runs, CPU time far less; on a GPU only wall time means anything (the host waits on the device)."""

    wall: float = 0.0
    cpu: float = 0.0

    def on(self, device: str) -> float:
        return self.cpu if device == "cpu" else self.wall


@contextmanager
def timed(rate: Rate, steps: Any) -> Iterator[None]:
    """Fill `rate` with `steps()` per second of the block (a callable: the worker counts its own steps)."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    rate.wall = steps() / (time.perf_counter() - wall)
    rate.cpu = steps() / max(time.process_time() - cpu, 1e-9)


def bare_pytorch(trainer: Trainer, steps: int) -> Rate:
    """Steps per second of the plainest loop that trains the same model on the same batches."""
    model = copy.deepcopy(trainer.model).train()
    optimizer = type(trainer.optimizer)(model.parameters(), **trainer.optimizer.defaults)
    x, y, batch = trainer.x_train, trainer.y_train, trainer.batch_size
    loss_fn = trainer.objective.loss
    generator = torch.Generator().manual_seed(trainer.settings.seed)
    order = torch.empty(0, dtype=torch.long)  # drawn at each epoch's first step, as the trainer draws it
    rate = Rate()
    with timed(rate, lambda: steps):
        for step in range(steps):
            within = step % trainer.steps_per_epoch
            if within == 0:
                order = torch.randperm(len(x), generator=generator)
            idx = order[within * batch:(within + 1) * batch]
            loss = loss_fn(model(x[idx]), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        if x.is_cuda:
            torch.cuda.synchronize()
    return rate


def neurona_worker(case: Case, device: str) -> tuple[Rate, Trainer]:
    """Steps per second of the worker's loop (the model is built before the clock starts, as for the bare loop)."""
    ctx = mp.get_context("spawn")
    events, controls = ctx.Queue(), ctx.Queue()
    job = Job(experiment_id="bench", owner="bench", spec=case.spec(device), max_steps=case.steps, resolution=48,
              probe_hz=10.0)
    run = _Run(job, controls, events, parent_pid=os.getppid())
    trainer = run.build()
    run.watch(trainer, watches_of(case, trainer))  # as `_Run.run` does: what the browser watches is in the loop
    rate = Rate()
    with timed(rate, lambda: trainer.step_count):
        run.loop(trainer)
    events.close()
    events.cancel_join_thread()
    return rate, trainer


def compare(case: Case, repeats: int, device: str = "cpu") -> dict[str, float]:
    """Interleaved repeats (the order alternates, so a burst of load elsewhere hits both sides); medians. The
    ratio judged is of CPU time on the CPU and of wall time on a GPU (see `Rate`); both are returned."""
    bare: list[Rate] = []
    ours: list[Rate] = []
    reference = Trainer(ExperimentCreate.model_validate(case.spec(device)), case.steps)
    bare_pytorch(reference, min(case.steps, 20))  # first-call costs, paid once for both sides
    for i in range(repeats):
        if i % 2:
            ours.append(neurona_worker(case, device)[0])
            bare.append(bare_pytorch(reference, case.steps))
        else:
            bare.append(bare_pytorch(reference, case.steps))
            ours.append(neurona_worker(case, device)[0])
    def median_ratio(clock: str) -> float:
        return statistics.median(getattr(o, clock) / getattr(b, clock) for o, b in zip(ours, bare, strict=True))

    return {"bare": statistics.median(b.on(device) for b in bare),
            "neurona": statistics.median(o.on(device) for o in ours),
            "ratio": median_ratio("cpu" if device == "cpu" else "wall"), "wall_ratio": median_ratio("wall"),
            "target": case.target}
