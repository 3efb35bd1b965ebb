"""The metric table: every metric a task can report is one `MetricType` declaration.

A metric is measured on the test subset after every step, from the network's output, the targets, the loss in
use (which knows how an output becomes predicted classes) and, for a VAE, the KL term of that forward pass. The
row carries `accuracy` as a column of its own and every other metric of the task in its `metrics` map
(`neurona.metrics.MetricRow`), so a new metric is one declaration here and its name in a task's `metrics`.

Class metrics are micro-averaged over pixels and tokens; precision, recall and F1 are those of class 1 for two
classes (scikit-learn's `average="binary"`) and their unweighted mean over classes otherwise (`"macro"`). Dice and
IoU compare the thresholded mask with the true one over every pixel of the subset at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import torch

from .losses import LOSSES, Head, LossType


@dataclass(frozen=True)
class Outputs:
    """One forward pass over an evaluation subset, as the metrics see it."""

    loss: LossType
    out: torch.Tensor
    target: torch.Tensor
    head: Head
    kl: float | None = None  # the VAE's KL divergence of this pass (None without a Sampling node)

    @cached_property
    def classes(self) -> tuple[torch.Tensor, torch.Tensor] | None:
        """(predicted, true) class per element, worked out once for every metric of this pass."""
        if self.loss.classes is None:
            return None  # values have no classes to be right about
        predicted, actual = self.loss.classes(self.out, self.target, self.head)
        return predicted.long(), actual.long()

    @property
    def num_classes(self) -> int:
        return max(2, int(self.out.shape[self.head.class_axis]))

    @cached_property
    def scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
        """Precision, recall and F1 of each class, worked out once."""
        return _per_class(self)


MetricFn = Callable[[Outputs], float | None]


@dataclass(frozen=True)
class MetricType:
    name: str
    title: str
    description: str
    compute: MetricFn
    percent: bool = False  # a share in [0, 1], shown as a percentage



def confusion_matrix(o: Outputs) -> torch.Tensor | None:
    """(K, K) counts, row = true class, column = predicted class; None for values."""
    classes = o.classes
    if classes is None:
        return None
    predicted, actual = (c.reshape(-1) for c in classes)
    k = o.num_classes
    return torch.bincount(actual * k + predicted, minlength=k * k).reshape(k, k)


def _accuracy(o: Outputs) -> float | None:
    classes = o.classes
    return None if classes is None else (classes[0] == classes[1]).float().mean().item()


def _per_class(o: Outputs) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """Precision, recall and F1 of each class (0 where undefined, as scikit-learn's zero_division=0)."""
    matrix = confusion_matrix(o)
    if matrix is None:
        return None
    m = matrix.double()
    hits = m.diagonal()
    precision = torch.where(m.sum(0) > 0, hits / m.sum(0).clamp_min(1), 0.0)
    recall = torch.where(m.sum(1) > 0, hits / m.sum(1).clamp_min(1), 0.0)
    both = precision + recall
    f1 = torch.where(both > 0, 2 * precision * recall / both.clamp_min(1e-12), 0.0)
    return precision, recall, f1


def _averaged(which: int) -> MetricFn:
    def compute(o: Outputs) -> float | None:
        scores = o.scores
        if scores is None:
            return None
        per_class = scores[which]
        return float(per_class[1] if len(per_class) == 2 else per_class.mean())
    return compute


def _overlap(o: Outputs) -> tuple[float, float] | None:
    """(|P ∩ A|, |P| + |A|) of the predicted and true masks over every pixel."""
    classes = o.classes
    if classes is None:
        return None
    predicted, actual = (c.bool() for c in classes)
    return float((predicted & actual).sum()), float(predicted.sum() + actual.sum())


def _dice(o: Outputs) -> float | None:
    counts = _overlap(o)
    if counts is None:
        return None
    both, total = counts
    return 1.0 if total == 0 else 2 * both / total


def _iou(o: Outputs) -> float | None:
    counts = _overlap(o)
    if counts is None:
        return None
    both, total = counts
    union = total - both
    return 1.0 if union == 0 else both / union


def _mae(o: Outputs) -> float | None:
    return (o.out - o.target.to(o.out.dtype).view_as(o.out)).abs().mean().item()


def _perplexity(o: Outputs) -> float | None:
    """exp of the mean cross-entropy per token, whatever loss trains: the effective number of choices."""
    return torch.exp(LOSSES["cross_entropy"].compute(o.out, o.target, o.head)).item()


METRICS: dict[str, MetricType] = {metric.name: metric for metric in (
    MetricType("accuracy", "Accuracy", "The share of predictions that name the right class: of examples, of pixels "
               "(segmentation) or of tokens (token classification).", _accuracy, percent=True),
    MetricType("precision", "Precision", "Of the predictions of a class, the share that are right (class 1 for "
               "two classes, else the mean over classes).", _averaged(0), percent=True),
    MetricType("recall", "Recall", "Of the examples of a class, the share found (class 1 for two classes, else the "
               "mean over classes).", _averaged(1), percent=True),
    MetricType("f1", "F1", "The harmonic mean of precision and recall.", _averaged(2), percent=True),
    MetricType("dice", "Dice", "2·|predicted ∩ true| / (|predicted| + |true|) over the mask pixels: 1 is a "
               "perfect overlap.", _dice, percent=True),
    MetricType("iou", "IoU (Jaccard)", "|predicted ∩ true| / |predicted ∪ true| over the mask pixels.", _iou,
               percent=True),
    MetricType("mae", "Mean absolute error", "The mean of |output − target|, in the target's units.", _mae),
    MetricType("perplexity", "Perplexity", "exp(cross-entropy per token): how many tokens the model hesitates "
               "between; a uniform guess over V tokens scores V.", _perplexity),
    MetricType("kl", "KL divergence", "The VAE's KL(q(z|x) ‖ N(0, 1)) per example, summed over the code.",
               lambda o: o.kl),
)}
