"""Loss, metrics and output probabilities of a run, looked up in the task table (`neurona.tasks`).

The task names the losses it allows and which one an output of a given width uses by default (binary
cross-entropy for a one-unit classifier, cross-entropy for one unit per class, mean squared error for values);
the loss knows how the output becomes probabilities and classes, respecting a network that already ends in
Sigmoid or Softmax. The loss is a training setting (`training.loss`) checked against the task before a run
starts. A task with a KL term (the VAE) adds β·KL of the model's Sampling nodes, from the same forward pass, to
the reconstruction loss: the ELBO per input value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import nn

from ..layers.generative import Sampling
from ..tasks import LOSSES, METRICS, Head, LossType, Outputs, TaskType, get_task_type


@dataclass(frozen=True)
class Objective:
    task_name: str  # a TaskName
    units: int  # output width (its first axis)
    ends_in: str  # type of the output layer
    loss_name: str | None = None  # one of the task's losses; None: the task's default for this output
    model: nn.Module | None = None  # the network, whose Sampling nodes hold the KL term of the last forward
    kl_weight: float = 1.0  # β of the ELBO
    values_per_example: int = 1  # the reconstruction loss is a mean over these; the KL is scaled to match
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
        """The loss of `out`, which must be the model's latest output (the KL term is that forward's)."""
        loss = self.loss_type.compute(out, y, self.head)
        kl = self.kl()
        return loss if kl is None else loss + self.kl_weight * kl / self.values_per_example

    def kl(self) -> torch.Tensor | None:
        """Σ over the Sampling nodes of their KL divergence in the last forward pass; None without a KL term."""
        if not self.task.kl_term or self.model is None:
            return None
        terms = [m.kl for m in self.model.modules() if isinstance(m, Sampling) and m.kl is not None]
        return torch.stack(terms).sum() if terms else None

    def probabilities(self, out: torch.Tensor) -> torch.Tensor:
        """(N, C) per-class probabilities (binary: C = 1 holding P(class 1)), per pixel or per token; for values
        the prediction itself."""
        return self.loss_type.probabilities(out, self.head)

    def metrics(self, out: torch.Tensor, y: torch.Tensor) -> dict[str, float | None]:
        """The task's metrics of `out` (the model's latest output), non-finite values as None."""
        kl = self.kl()
        outputs = Outputs(self.loss_type, out, y, self.head, None if kl is None else kl.item())
        values = {name: METRICS[name].compute(outputs) for name in self.task.metrics}
        return {name: v if v is None or math.isfinite(v) else None for name, v in values.items()}

    def accuracy(self, out: torch.Tensor, y: torch.Tensor) -> float | None:
        if "accuracy" not in self.task.metrics:
            return None
        return METRICS["accuracy"].compute(Outputs(self.loss_type, out, y, self.head))
