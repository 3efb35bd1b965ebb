"""The loss table: every loss is one `LossType` declaration, and a task lists the losses it allows.

A loss also says how the network's output becomes probabilities and predictions, because that follows from what
the loss reads the output as: logits of one binary choice (a sigmoid), scores over classes (a softmax along the
task's class axis) or plain values. When the network already ends in the squashing layer itself (Sigmoid or
Softmax), the loss is taken on its probabilities (clamped away from 0), so students may end a classifier either
way and both train.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F

EPS = 1e-7


@dataclass(frozen=True)
class Head:
    """What a loss needs to know about the network's end and the task's layout of classes."""

    units: int  # the output's first axis (1 for a binary classifier)
    ends_in: str  # type of the output layer: "Sigmoid" and "Softmax" mean the output is already probabilities
    class_axis: int = 1  # where the class scores lie in a batch of outputs (1: (N, C, ...); -1: (N, L, C))


LossFn = Callable[[torch.Tensor, torch.Tensor, Head], torch.Tensor]  # (out, target, head) -> scalar loss
ProbabilitiesFn = Callable[[torch.Tensor, Head], torch.Tensor]
# (out, target, head) -> (predicted class, true class) per element; read from the raw output, because the order of
# logits is that of their probabilities and the squashing would cost a pass over the output for nothing
ClassesFn = Callable[[torch.Tensor, torch.Tensor, Head], tuple[torch.Tensor, torch.Tensor]]


@dataclass(frozen=True)
class LossType:
    name: str
    title: str
    description: str
    compute: LossFn
    probabilities: ProbabilitiesFn
    classes: ClassesFn | None = None  # how outputs become predicted classes (accuracy); None for values


def _binary_cross_entropy(out: torch.Tensor, y: torch.Tensor, head: Head) -> torch.Tensor:
    target = y.to(out.dtype).view_as(out)  # (N,) labels against (N, 1) outputs, or masks of the output's shape
    if head.ends_in == "Sigmoid":
        return F.binary_cross_entropy(out.clamp(EPS, 1 - EPS), target)
    return F.binary_cross_entropy_with_logits(out, target)


def _sigmoid(out: torch.Tensor, head: Head) -> torch.Tensor:
    return out if head.ends_in == "Sigmoid" else torch.sigmoid(out)


def _binary_classes(out: torch.Tensor, y: torch.Tensor, head: Head) -> tuple[torch.Tensor, torch.Tensor]:
    threshold = 0.5 if head.ends_in == "Sigmoid" else 0.0  # P ≥ 0.5 exactly where the logit is ≥ 0
    return out >= threshold, y.view_as(out) >= 0.5


def _cross_entropy(out: torch.Tensor, y: torch.Tensor, head: Head) -> torch.Tensor:
    scores = out.movedim(head.class_axis, 1)  # torch wants (N, C, ...) against (N, ...) class ids
    if head.ends_in == "Softmax":
        return F.nll_loss(torch.log(scores.clamp_min(EPS)), y)
    return F.cross_entropy(scores, y)


def _softmax(out: torch.Tensor, head: Head) -> torch.Tensor:
    return out if head.ends_in == "Softmax" else torch.softmax(out, dim=head.class_axis)


def _argmax_classes(out: torch.Tensor, y: torch.Tensor, head: Head) -> tuple[torch.Tensor, torch.Tensor]:
    return out.argmax(dim=head.class_axis), y


def _identity(out: torch.Tensor, _head: Head) -> torch.Tensor:
    return out


def _hinge(out: torch.Tensor, y: torch.Tensor, head: Head) -> torch.Tensor:
    """One logit: mean(max(0, 1 − t·logit)) with t = ±1; one score per class: the multi-class margin loss."""
    if out.shape[head.class_axis] == 1:
        sign = y.to(out.dtype).view_as(out) * 2 - 1
        return (1 - sign * out).clamp_min(0).mean()
    return F.multi_margin_loss(out.movedim(head.class_axis, -1).reshape(-1, out.shape[head.class_axis]),
                               y.reshape(-1))


def _margin_classes(out: torch.Tensor, y: torch.Tensor, head: Head) -> tuple[torch.Tensor, torch.Tensor]:
    if out.shape[head.class_axis] == 1:
        return out >= 0, y.view_as(out) >= 0.5
    return _argmax_classes(out, y, head)


def _margin_probabilities(out: torch.Tensor, head: Head) -> torch.Tensor:
    """Margins are not probabilities; the squashed scores still rank the classes as the loss does."""
    return torch.sigmoid(out) if out.shape[head.class_axis] == 1 else torch.softmax(out, dim=head.class_axis)


DICE_SMOOTHING = 1.0  # keeps the soft Dice defined (and its gradient finite) on empty masks


def _soft_dice(out: torch.Tensor, y: torch.Tensor, head: Head) -> torch.Tensor:
    """1 − mean over examples of (2·Σ p·y + 1) / (Σ p + Σ y + 1), p = sigmoid(logit) per pixel."""
    p = _sigmoid(out, head).flatten(1)
    target = y.to(out.dtype).reshape_as(p)
    overlap = (p * target).sum(1)
    return 1 - ((2 * overlap + DICE_SMOOTHING) / (p.sum(1) + target.sum(1) + DICE_SMOOTHING)).mean()


# Named functions, not closures: the exported training script carries each loss's own source.
def _mean_squared_error(out: torch.Tensor, y: torch.Tensor, _head: Head) -> torch.Tensor:
    return F.mse_loss(out, y.to(out.dtype).view_as(out))


def _mean_absolute_error(out: torch.Tensor, y: torch.Tensor, _head: Head) -> torch.Tensor:
    return F.l1_loss(out, y.to(out.dtype).view_as(out))


def _huber(out: torch.Tensor, y: torch.Tensor, _head: Head) -> torch.Tensor:
    return F.huber_loss(out, y.to(out.dtype).view_as(out))


LOSSES: dict[str, LossType] = {loss.name: loss for loss in (
    LossType("binary_cross_entropy", "Binary cross-entropy", "One logit per example (or pixel): the log-loss of "
             "P(class 1) = sigmoid(logit).", _binary_cross_entropy, _sigmoid, _binary_classes),
    LossType("cross_entropy", "Cross-entropy", "One score per class: the log-loss of the softmax of the scores.",
             _cross_entropy, _softmax, _argmax_classes),
    LossType("hinge", "Hinge", "The margin loss of support vector machines: max(0, 1 − t·logit) for one logit "
             "(t = ±1); for one score per class, max(0, 1 − s_true + s_other) averaged over the other classes.",
             _hinge, _margin_probabilities, _margin_classes),
    LossType("mean_squared_error", "Mean squared error", "The mean of (output − target)² over every value.",
             _mean_squared_error, _identity),
    LossType("mean_absolute_error", "Mean absolute error", "The mean of |output − target| over every value: "
             "less swayed by outliers than the squared error.", _mean_absolute_error, _identity),
    LossType("huber", "Huber", "Squared error for differences under 1, absolute error beyond: smooth near the "
             "target, robust to outliers.", _huber, _identity),
    LossType("soft_dice", "Soft Dice", "1 − the Dice overlap of the predicted probabilities and the mask, per "
             "image: insensitive to how small the object is.", _soft_dice, _sigmoid, _binary_classes),
)}
