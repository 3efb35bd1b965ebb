"""Metrics on a budget: a row's training loss is the mean of the batch losses since the row before (PyTorch is the
oracle), held-out metrics appear only in evaluated rows, and divergence is found where metrics are read
(the store's writer thread is tested in test_store.py)."""

from __future__ import annotations

import copy
import os
import queue
from typing import Any

import pytest
import torch
import torch.nn.functional as F

from neurona.spec import ExperimentCreate
from neurona.status import Status
from neurona.train.events import MetricsEvent, StatusEvent
from neurona.train.safety import DivergedError
from neurona.train.trainer import Trainer
from neurona.train.worker import Job, _Run
from tests.api.helpers import body, mlp

DATA = {"name": "circle", "options": {"noise": 10, "seed": 0, "size": 200}}


def trainer(**training: Any) -> Trainer:
    return Trainer(ExperimentCreate.model_validate(body(**{"epochs": 50, "batch_size": 10, "dataset": DATA,
                                                           **training})), 10**6)


def test_the_training_loss_is_the_mean_of_the_batch_losses_since_the_last_row() -> None:
    t = trainer(optimizer="sgd", lr=0.1)
    model = copy.deepcopy(t.model)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    order = torch.randperm(len(t.x_train), generator=torch.Generator().manual_seed(t.settings.seed))
    losses = []
    for step in range(7):
        idx = order[step * 10:(step + 1) * 10]
        loss = F.binary_cross_entropy_with_logits(model(t.x_train[idx]), t.y_train[idx].float().view(-1, 1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    for _ in range(3):
        assert t.train_step() is None, "no row unless one is asked for (or an epoch ends)"
    first = t.measure(evaluate=False)
    for _ in range(4):
        t.train_step()
    second = t.measure(evaluate=True)
    assert first.step == 3 and first.train_loss == pytest.approx(sum(losses[:3]) / 3, rel=1e-6)
    assert first.test_loss is None and first.accuracy is None and not first.evaluated
    assert second.step == 7 and second.train_loss == pytest.approx(sum(losses[3:]) / 4, rel=1e-6)
    assert second.evaluated and second.accuracy is not None


def test_epoch_ends_are_measured_in_full_when_something_judges_them() -> None:
    for judged in (trainer(schedule="plateau"), trainer(validation_ratio=0.2, patience=3)):
        rows = [judged.train_step() for _ in range(judged.steps_per_epoch * 2)]
        measured = [r for r in rows if r is not None]
        assert [r.step for r in measured] == [judged.steps_per_epoch, 2 * judged.steps_per_epoch]
        assert all(r.evaluated for r in measured)
    plain = trainer()
    assert all(plain.train_step() is None for _ in range(plain.steps_per_epoch * 2)), "left to the caller's budget"


def test_divergence_is_found_when_metrics_are_read_and_names_the_steps() -> None:
    t = trainer(optimizer="sgd", lr=1000.0, dataset={"name": "plane", "options": {"seed": 0}},
                graph=mlp((8,), activation="ReLU"))
    with pytest.raises(DivergedError) as err:
        for _ in range(40):
            for _ in range(5):
                t.train_step()
            t.measure(evaluate=False)
    message = str(err.value)
    assert "within steps " in message and "node '" in message and "lower the learning rate (now 1000)" in message


def run_worker(steps: int, **training: Any) -> list[dict[str, Any]]:
    spec = body(**{"epochs": 1000, "batch_size": 10, "dataset": DATA, "max_steps": steps, **training})
    events: queue.Queue[Any] = queue.Queue()
    job = Job(experiment_id="e", owner="o", spec=spec, max_steps=steps, resolution=8, probe_hz=2)
    _Run(job, queue.Queue(), events, parent_pid=os.getppid()).run()
    statuses = [e.status for e in events.queue if isinstance(e, StatusEvent)]
    assert statuses[-1] == Status.FINISHED
    return [r for e in events.queue if isinstance(e, MetricsEvent) for r in e.rows]


def test_the_worker_sends_fewer_rows_than_steps_with_every_step_counted() -> None:
    rows = run_worker(600, schedule="plateau")
    steps = [r["step"] for r in rows]
    assert steps == sorted(set(steps)) and steps[-1] == 600
    assert len(rows) < 600, "rows are made on a time budget, not every step"
    assert rows[-1]["test_loss"] is not None, "the end is evaluated"
    assert all(r["train_loss"] is not None for r in rows)
    epoch_ends = {r["step"] for r in rows if r["step"] % 10 == 0 and r["test_loss"] is not None}
    assert {10 * k for k in range(1, 61)} <= epoch_ends, "every epoch end (10 steps) is judged by the schedule"


def test_eval_every_steps_asks_for_an_evaluation_every_n_steps() -> None:
    rows = run_worker(120, eval_every_steps=3, batch_size=200)  # one step per epoch: N = 3 is the only rule left
    evaluated = [r["step"] for r in rows if r["test_loss"] is not None]
    assert {3 * k for k in range(1, 41)} <= set(evaluated)


def test_evaluations_snap_to_epoch_ends_when_epochs_are_short() -> None:
    """Epochs of 10 steps take milliseconds, far less than the evaluation period: the evaluations due come at
    epoch ends (without snapping, about one in ten would), still on the budget (far fewer than the epochs)."""
    rows = run_worker(3000)
    evaluated = [r["step"] for r in rows if r["test_loss"] is not None][1:-1]  # the first step and the end aside
    assert evaluated, "the budget evaluates a few times a second"
    at_epoch_ends = sum(step % 10 == 0 for step in evaluated)
    assert at_epoch_ends >= 0.8 * len(evaluated), evaluated
    assert len(evaluated) < 300 / 2, "not every epoch end: the budget still holds"
