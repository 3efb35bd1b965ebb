"""Predictions on pinned test samples, shown the way the task asks; the confusion matrix; the sample picker.

The task table says which view shows a task's predictions (`TaskType.view`); `VIEWS` says how each view's frame
is encoded, so no probe asks `if task == ...`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from pydantic import Field

from ..stream.frames import pack_float16, pack_uint8
from ..tasks import PredictionView, TaskName
from .capture import predict, sample_outputs
from .context import EVAL_EXAMPLES, ProbeContext
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch

CLASS_TASKS = (TaskName.CLASSIFICATION.value, TaskName.TOKEN_CLASSIFICATION.value)


def predicted_classes(ctx: ProbeContext, out: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted class, its probability) per example, or per position / pixel, along the task's class axis."""
    axis = ctx.objective.head.class_axis
    probs = ctx.objective.probabilities(out)
    if probs.shape[axis] == 1:  # one probability, of class 1 (a binary classifier, a mask)
        p = probs.squeeze(axis)
        predicted = (p >= 0.5).long()
        return predicted, torch.where(predicted == 1, p, 1 - p)
    confidence, predicted = probs.max(dim=axis)
    return predicted, confidence


def _classes(ctx: ProbeContext, x: torch.Tensor, y: torch.Tensor, out: torch.Tensor) -> Frame:
    predicted, _ = predicted_classes(ctx, out)
    probs = ctx.objective.probabilities(out).float().cpu().numpy()
    return pack_uint8("predictions", probs, 0.0, 1.0, view=PredictionView.CLASSES.value, labels=y.cpu().tolist(),
                      predicted=predicted.cpu().tolist())


def _masks(ctx: ProbeContext, x: torch.Tensor, y: torch.Tensor, out: torch.Tensor) -> Frame:
    probs = ctx.objective.probabilities(out).float()
    pair = torch.stack([probs[:, 0], y[:, 0].float()], dim=1).cpu().numpy()  # (S, 2, H, W)
    return pack_uint8("predictions", pair, 0.0, 1.0, view=PredictionView.MASKS.value)


def _images(ctx: ProbeContext, x: torch.Tensor, y: torch.Tensor, out: torch.Tensor) -> Frame:
    pair = torch.stack([x.float(), out.float()], dim=1).cpu().numpy()  # (S, 2, C, H, W)
    return pack_uint8("predictions", pair, view=PredictionView.IMAGES.value)


def _values(ctx: ProbeContext, x: torch.Tensor, y: torch.Tensor, out: torch.Tensor) -> Frame:
    pair = torch.stack([out.float(), y.float().view_as(out)], dim=1).cpu().numpy()
    return pack_float16("predictions", pair, view=PredictionView.VALUES.value)


def _tokens(ctx: ProbeContext, x: torch.Tensor, y: torch.Tensor, out: torch.Tensor) -> Frame:
    predicted, confidence = predicted_classes(ctx, out)
    return pack_uint8("predictions", confidence.float().cpu().numpy(), 0.0, 1.0, view=PredictionView.TOKENS.value,
                      predicted=predicted.cpu().tolist(), target=y.cpu().tolist())


ViewFn = Callable[[ProbeContext, torch.Tensor, torch.Tensor, torch.Tensor], Frame]
VIEWS: dict[PredictionView, ViewFn] = {PredictionView.CLASSES: _classes, PredictionView.MASKS: _masks,
                                       PredictionView.IMAGES: _images, PredictionView.VALUES: _values,
                                       PredictionView.TOKENS: _tokens}


def predictions(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    x, y = ctx.test_inputs(watch.samples), ctx.test_targets(watch.samples)
    header, data = VIEWS[ctx.objective.task.view](ctx, x, y, sample_outputs(ctx, watch.samples)[1])
    return [({**header, "samples": list(watch.samples)}, data)]


def num_classes(ctx: ProbeContext) -> int:
    return max(ctx.data.num_classes, 2)


def confusion(ctx: ProbeContext, _watch: Watch) -> list[Frame]:
    x, y = ctx.data.x_test[:EVAL_EXAMPLES].to(ctx.device), ctx.data.y_test[:EVAL_EXAMPLES].to(ctx.device)
    predicted, _ = predicted_classes(ctx, predict(ctx, x))
    k = num_classes(ctx)
    counts = torch.bincount(y.flatten() * k + predicted.flatten(), minlength=k * k).reshape(k, k)
    names = list(ctx.data.class_names) or [str(i) for i in range(k)]
    return [pack_float16("confusion", counts.cpu().numpy(), class_names=names, total=int(y.numel()))]


class SamplesOptions(ProbeOptions):
    start: int = Field(0, ge=0, description="First test index listed.")
    count: int = Field(32, ge=1, le=128, description="How many test examples to list.")


def samples(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = SamplesOptions.model_validate(watch.options)
    indices = list(range(opts.start, min(opts.start + opts.count, ctx.subject.test_size)))
    x = ctx.test_inputs(indices)
    fields: dict[str, Any] = {"indices": indices, "labels": None, "predicted": None, "confidence": None,
                              "class_names": list(ctx.data.class_names)}
    if ctx.objective.task.view == PredictionView.CLASSES:
        predicted, confidence = predicted_classes(ctx, predict(ctx, x))
        fields |= {"labels": ctx.test_targets(indices).cpu().tolist(), "predicted": predicted.cpu().tolist(),
                   "confidence": [round(c, 3) for c in confidence.cpu().tolist()]}
    values = x.float().cpu().numpy()
    if ctx.data.kind.name == "images":
        return [pack_uint8("samples", values, 0.0, 1.0, **fields)]
    return [pack_float16("samples", values, **fields)]


register(ProbeType(
    name="predictions", title="Predictions",
    description="The model's predictions on the pinned test samples, drawn as the task asks: class "
                "probabilities, predicted and true masks, reconstructions beside inputs, forecast and truth, "
                "predicted and true tokens.",
    scope="model", compute=predictions, dtypes=("uint8", "float16"), uses_samples=True))

register(ProbeType(
    name="confusion", title="Confusion matrix",
    description="How often each true class is predicted as each class, over the evaluation subset of the test set.",
    scope="model", compute=confusion, dtypes=("float16",), applies_to=AppliesTo(tasks=CLASS_TASKS), max_hz=1.0))

register(ProbeType(
    name="samples", title="Test samples",
    description="Test examples to pin, with their label, the current prediction and its confidence.",
    scope="model", compute=samples, dtypes=("uint8", "float16"), options=SamplesOptions, max_hz=1.0))
