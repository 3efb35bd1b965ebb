"""Neurona's full worker loop against a bare PyTorch loop: the same model (a copy of the worker's, with the same
initial weights), data, batch order, optimizer, learning rate and thread count, in one process.

The worker loop is `_Run.loop` as a worker process runs it: control polling, metric rows on their budget,
held-out evaluation, batched events on a multiprocessing queue (with the feeder thread that pickles them) and,
for a model of the 2-D plane, the decision boundary probe watched as the browser watches it; only the server on
the other end of the queue is missing.
"""

from __future__ import annotations

import copy
import multiprocessing as mp
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

import torch

from neurona.data import get_dataset_type
from neurona.gallery import template
from neurona.probes import PROBES
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

    def spec(self, device: str = "cpu") -> dict[str, Any]:
        t = template(self.template)
        training = {**t["training"], "epochs": 100_000, "max_steps": self.steps, "device": device}
        return {"graph": t["graph"], "dataset": t["dataset"], "training": training}


CASES = (
    Case("2-D MLP on circle", "mlp", 4000, 0.90),
    Case("small CNN on 8×8 digits", "vgg_block", 400, 0.95),
    Case("LeNet-5 on 28×28 digits", "lenet5", 150, 0.95),
    Case("transformer on reverse", "transformer_seq2seq", 300, 0.90),
)


def bare_pytorch(trainer: Trainer, steps: int) -> float:
    """Steps per second of the plainest loop that trains the same model on the same batches."""
    model = copy.deepcopy(trainer.model).train()
    optimizer = type(trainer.optimizer)(model.parameters(), **trainer.optimizer.defaults)
    x, y, batch = trainer.x_train, trainer.y_train, trainer.batch_size
    loss_fn = trainer.objective.loss
    generator = torch.Generator().manual_seed(trainer.settings.seed)
    order = torch.empty(0, dtype=torch.long)  # drawn at each epoch's first step, as the trainer draws it
    start = time.perf_counter()
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
    return steps / (time.perf_counter() - start)


def neurona_worker(case: Case, device: str) -> tuple[float, Trainer]:
    """Steps per second of the worker's loop (the model is built before the clock starts, as for the bare loop)."""
    ctx = mp.get_context("spawn")
    events, controls = ctx.Queue(), ctx.Queue()
    spec = case.spec(device)
    plane = get_dataset_type(spec["dataset"]["name"]).kind in PROBES["boundary"].applies_to.kinds
    watches = [Watch.make("boundary", None, (), {}).model_dump()] if plane else []
    job = Job(experiment_id="bench", owner="bench", spec=spec, max_steps=case.steps, resolution=48, probe_hz=10.0,
              watches=watches)
    run = _Run(job, controls, events, parent_pid=os.getppid())
    trainer = run.build()
    run.watch(trainer, job.watches)  # as `_Run.run` does: the probes the browser asked for are part of the loop
    start = time.perf_counter()
    run.loop(trainer)
    elapsed = time.perf_counter() - start
    events.close()
    events.cancel_join_thread()
    return trainer.step_count / elapsed, trainer


def compare(case: Case, repeats: int, device: str = "cpu") -> dict[str, float]:
    """Interleaved repeats (the order alternates, so a burst of load elsewhere hits both sides); medians."""
    bare, ours = [], []
    reference = Trainer(ExperimentCreate.model_validate(case.spec(device)), case.steps)
    bare_pytorch(reference, min(case.steps, 20))  # first-call costs, paid once for both sides
    for i in range(repeats):
        if i % 2:
            ours.append(neurona_worker(case, device)[0])
            bare.append(bare_pytorch(reference, case.steps))
        else:
            bare.append(bare_pytorch(reference, case.steps))
            ours.append(neurona_worker(case, device)[0])
    ratios = [o / b for o, b in zip(ours, bare, strict=True)]
    return {"bare": statistics.median(bare), "neurona": statistics.median(ours), "ratio": statistics.median(ratios),
            "target": case.target}
