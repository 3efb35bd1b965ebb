"""The metric table: every metric a task can report is one `MetricType` declaration.

A metric is measured on the test subset after every step, from the network's output, the targets and the loss in
use (which knows how an output becomes predicted classes). Its name is a column of the metric rows
(`neurona.metrics.MetricRow`), so a new metric also adds that column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from .losses import Head, LossType

MetricFn = Callable[[LossType, torch.Tensor, torch.Tensor, Head], float | None]  # (loss, out, target, head)


@dataclass(frozen=True)
class MetricType:
    name: str
    title: str
    description: str
    compute: MetricFn


def _accuracy(loss: LossType, out: torch.Tensor, y: torch.Tensor, head: Head) -> float | None:
    if loss.classes is None:
        return None  # values have no classes to be right about
    predicted, actual = loss.classes(out, y, head)
    return (predicted == actual).float().mean().item()


METRICS: dict[str, MetricType] = {metric.name: metric for metric in (
    MetricType("accuracy", "Accuracy", "The share of predictions that name the right class: of examples, of pixels "
               "(segmentation) or of tokens (token classification).", _accuracy),
)}
