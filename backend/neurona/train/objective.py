"""Loss, metrics and output probabilities of a run, looked up in the task table (`neurona.tasks`).

The task names the losses it allows and which one an output of a given width uses by default (binary
cross-entropy for a one-unit classifier, cross-entropy for one unit per class, mean squared error for values);
the loss knows how the output becomes probabilities and classes, respecting a network that already ends in
Sigmoid or Softmax.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from ..tasks import LOSSES, METRICS, Head, LossType, TaskType, get_task_type


@dataclass(frozen=True)
class Objective:
    task_name: str  # a TaskName
    units: int  # output width (its first axis)
    ends_in: str  # type of the output layer
    loss_name: str | None = None  # one of the task's losses; None: the task's default for this output
    task: TaskType = field(init=False)
    loss_type: LossType = field(init=False)
    head: Head = field(init=False)

    def __post_init__(self) -> None:
        task = get_task_type(self.task_name)
        name = self.loss_name or task.default_loss(self.units)
        if name not in task.losses:
            raise ValueError(f"{task.name} trains with {', '.join(task.losses)}, not {name}")
        object.__setattr__(self, "task", task)
        object.__setattr__(self, "loss_type", LOSSES[name])
        object.__setattr__(self, "head", task.head(self.units, self.ends_in))

    def loss(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.loss_type.compute(out, y, self.head)

    def probabilities(self, out: torch.Tensor) -> torch.Tensor:
        """(N, C) per-class probabilities (binary: C = 1 holding P(class 1)), per pixel or per token; for values
        the prediction itself."""
        return self.loss_type.probabilities(out, self.head)

    def metrics(self, out: torch.Tensor, y: torch.Tensor) -> dict[str, float | None]:
        return {name: METRICS[name].compute(self.loss_type, out, y, self.head) for name in self.task.metrics}

    def accuracy(self, out: torch.Tensor, y: torch.Tensor) -> float | None:
        if "accuracy" not in self.task.metrics:
            return None
        return METRICS["accuracy"].compute(self.loss_type, out, y, self.head)
