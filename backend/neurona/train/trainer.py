"""One experiment's training state: data, model, optimizer, and one-batch steps that report metrics."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from ..data import LoadedDataset, load_dataset
from ..errors import SpecError
from ..model import GraphModel
from ..spec import ExperimentCreate, Task, TrainingSettings, analyze
from .objective import Objective

EVAL_EXAMPLES = 512  # loss/accuracy are measured on a fixed subset so a step costs the same on any dataset


@dataclass(frozen=True)
class MetricRow:
    step: int
    epoch: float
    train_loss: float
    test_loss: float
    accuracy: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "epoch": round(self.epoch, 4), "train_loss": self.train_loss,
                "test_loss": self.test_loss, "accuracy": self.accuracy}


class DivergedError(RuntimeError):
    """Training produced a non-finite loss."""


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        return torch.device("mps" if mps is not None and mps.is_available() else "cpu")
    return torch.device(name)


def device_problem(name: str) -> str | None:
    """Why `name` cannot be used on this machine, or None when it can."""
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            return f"{name} is not available on this server (no CUDA GPU); use auto or cpu"
        index = int(name.split(":")[1]) if ":" in name else 0
        if index >= torch.cuda.device_count():
            return f"{name} does not exist; this server has {torch.cuda.device_count()} GPU(s)"
    if name == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            return "mps is not available on this server; use auto or cpu"
    return None


def make_optimizer(settings: TrainingSettings, params: Any) -> torch.optim.Optimizer:
    if settings.optimizer == "sgd":
        return torch.optim.SGD(params, lr=settings.lr, momentum=settings.momentum)
    return torch.optim.Adam(params, lr=settings.lr)


class Trainer:
    def __init__(self, spec: ExperimentCreate, max_steps: int):
        self.spec = spec
        self.settings = spec.training
        self.data: LoadedDataset = load_dataset(spec.dataset)
        task = Task(self.data.task, self.data.num_classes)
        report, plan = analyze(spec.graph, self.data.input_shape, task)
        if plan is None:
            raise SpecError(report.errors)
        self.device = resolve_device(self.settings.device)
        torch.manual_seed(self.settings.seed)
        self.model = GraphModel(plan, self.data.input_shape).to(self.device)
        out_node = next(n for n in plan.nodes if n.id == plan.output_id)
        self.objective = Objective(task.kind, out_node.output_shape[0], out_node.layer.name)
        self.optimizer = make_optimizer(self.settings, self.model.parameters())
        self.weights = [p for p in self.model.parameters() if p.dim() > 1]
        self.x_train, self.y_train = self.data.x_train.to(self.device), self.data.y_train.to(self.device)
        self.eval_train = (self.x_train[:EVAL_EXAMPLES], self.y_train[:EVAL_EXAMPLES])
        self.eval_test = (self.data.x_test[:EVAL_EXAMPLES].to(self.device),
                          self.data.y_test[:EVAL_EXAMPLES].to(self.device))
        self.batch_size = min(self.settings.batch_size, len(self.x_train))
        self.steps_per_epoch = math.ceil(len(self.x_train) / self.batch_size)
        self.total_steps = min(self.settings.epochs * self.steps_per_epoch, max_steps)
        self.order_rng = torch.Generator().manual_seed(self.settings.seed)
        self.step_count = 0
        self.order = torch.empty(0, dtype=torch.long)

    @property
    def done(self) -> bool:
        return self.step_count >= self.total_steps

    @property
    def epoch(self) -> float:
        return self.step_count / self.steps_per_epoch

    def _next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        within = self.step_count % self.steps_per_epoch
        if within == 0:
            self.order = torch.randperm(len(self.x_train), generator=self.order_rng).to(self.device)
        idx = self.order[within * self.batch_size:(within + 1) * self.batch_size]
        return self.x_train[idx], self.y_train[idx]

    def _penalty(self) -> torch.Tensor | float:
        s = self.settings
        penalty: torch.Tensor | float = 0.0
        if s.l1:
            penalty = penalty + s.l1 * sum(w.abs().sum() for w in self.weights)
        if s.l2:
            penalty = penalty + s.l2 * sum((w * w).sum() for w in self.weights)
        return penalty

    def step(self) -> MetricRow:
        x, y = self._next_batch()
        self.model.train()
        loss = self.objective.loss(self.model(x), y)
        if not torch.isfinite(loss):
            raise DivergedError(f"the loss became {loss.item()} at step {self.step_count + 1}; "
                                "lower the learning rate or normalise the inputs")
        self.optimizer.zero_grad(set_to_none=True)
        (loss + self._penalty()).backward()
        self.optimizer.step()
        self.step_count += 1
        return self.evaluate()

    @torch.no_grad()
    def evaluate(self) -> MetricRow:
        self.model.eval()
        train_loss = self.objective.loss(self.model(self.eval_train[0]), self.eval_train[1]).item()
        out = self.model(self.eval_test[0])
        test_loss = self.objective.loss(out, self.eval_test[1]).item()
        return MetricRow(self.step_count, self.epoch, train_loss, test_loss,
                         self.objective.accuracy(out, self.eval_test[1]))

    @torch.no_grad()
    def surface(self, resolution: int) -> np.ndarray:
        """The model's output over the 2-D plane: (C, H, W), row 0 at the top (largest x2)."""
        self.model.eval()
        grid = self.data.featurize(self.data.grid(resolution)).to(self.device)
        values = self.objective.probabilities(self.model(grid)).float().cpu().numpy()
        return values.T.reshape(values.shape[1], resolution, resolution)

    def surface_range(self) -> tuple[float, float]:
        if self.objective.task != "regression":
            return 0.0, 1.0
        y = self.data.y_train
        return float(y.min()), float(y.max())

