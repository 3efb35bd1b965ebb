"""The task table: every task is one `TaskType` declaration.

A task says what the network must predict for a dataset: the targets' type, the output shape it needs (with the
sentence the editor shows when the output differs, naming the output node), the losses it allows and which one a
given output uses, the metrics it reports, the range of values a prediction takes (to quantize frames), and the
view that shows its predictions. Analysis, the objective, data loading and the trainer look the task up here
instead of branching on its name, so adding a task is one declaration (in `builtin.py`) plus its test.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import torch

from ..i18n.messages import Said
from .losses import LOSSES, Head
from .metrics import METRICS

Shape = tuple[int, ...]


class TaskName(StrEnum):
    CLASSIFICATION = "classification"
    REGRESSION = "regression"
    RECONSTRUCTION = "reconstruction"
    SEGMENTATION = "segmentation"
    TOKEN_CLASSIFICATION = "token_classification"
    NEXT_TOKEN = "next_token"
    VAE = "vae"
    DENOISING = "denoising"


class PredictionView(StrEnum):
    """How the browser shows predictions; it maps each name to one view."""

    CLASSES = "classes"  # probabilities of a class per example
    VALUES = "values"  # numbers (or sequences of them)
    IMAGES = "images"  # the output is an image of the input's shape
    MASKS = "masks"  # one probability per pixel
    TOKENS = "tokens"  # a class per position of a token sequence


@dataclass(frozen=True)
class Task:
    """What a dataset, with its options, asks of the network."""

    kind: str  # a TaskName
    num_classes: int = 0
    # regression: the target's shape; None: 1 value for a feature vector, the input's shape for a sequence [T, F]
    target_shape: Shape | None = None

    @property
    def type(self) -> TaskType:
        return get_task_type(self.kind)


@dataclass(frozen=True)
class OutputWant:
    """The output shapes a task accepts and why, in words for the editor ("10 units (one per class)")."""

    shapes: tuple[Shape, ...]
    goal: Said  # a message template, so the editor can say it in the reader's language


OutputRule = Callable[[Task, Shape], OutputWant]  # (task, input shape) -> what the output must be
TargetsFn = Callable[[np.ndarray], torch.Tensor]  # labels as generated -> training targets
RangeFn = Callable[[torch.Tensor], tuple[float, float]]  # training targets -> the range predictions take


@dataclass(frozen=True)
class TaskType:
    name: TaskName
    title: str
    description: str
    has_classes: bool  # targets are classes (num_classes > 0): per example, per pixel (a mask: 1) or per token
    targets: TargetsFn | None  # None: the target is the input itself
    output: OutputRule
    losses: tuple[str, ...]  # names in `LOSSES`; the first is the default
    # which allowed loss an output with this many units uses by default (None: the first)
    loss_for: Callable[[int], str] | None = None
    metrics: tuple[str, ...] = ()  # names in `METRICS`, each a column of the metric rows
    class_axis: int = 1  # where class scores lie in a batch of outputs
    value_range: RangeFn = lambda _targets: (0.0, 1.0)
    view: PredictionView = PredictionView.CLASSES
    # the objective adds β·KL of the graph's Sampling nodes to the loss (the ELBO); analysis then requires one
    kl_term: bool = False
    needs_layer: str | None = None  # a layer type the graph must contain, with why, for the analysis message

    def default_loss(self, units: int) -> str:
        return self.loss_for(units) if self.loss_for else self.losses[0]

    def head(self, units: int, ends_in: str) -> Head:
        return Head(units, ends_in, self.class_axis)

    def catalog_entry(self) -> dict[str, Any]:
        """The JSON of `GET /api/tasks`: what the training panel offers for this task."""
        return {"name": self.name, "title": self.title, "description": self.description,
                "losses": [{"name": n, "title": LOSSES[n].title, "description": LOSSES[n].description}
                           for n in self.losses],
                "metrics": [{"name": n, "title": METRICS[n].title, "description": METRICS[n].description,
                             "percent": METRICS[n].percent} for n in self.metrics],
                "view": self.view, "kl_term": self.kl_term}


TASKS: dict[str, TaskType] = {}


def register(task: TaskType) -> TaskType:
    if task.name in TASKS:
        raise ValueError(f"task {task.name!r} is declared twice")
    unknown = [name for name in task.losses if name not in LOSSES]
    if unknown or not task.losses:
        raise ValueError(f"task {task.name!r}: unknown losses {unknown} (declared: {', '.join(LOSSES)})")
    unknown = [name for name in task.metrics if name not in METRICS]
    if unknown:
        raise ValueError(f"task {task.name!r}: unknown metrics {unknown} (declared: {', '.join(METRICS)})")
    TASKS[task.name] = task
    return task


def get_task_type(name: str) -> TaskType:
    if name in TASKS:
        return TASKS[name]
    close = difflib.get_close_matches(name, TASKS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise KeyError(f"unknown task {name!r}; {hint}tasks: {', '.join(TASKS)}")


def task_catalog() -> list[dict[str, Any]]:
    return [task.catalog_entry() for task in TASKS.values()]
