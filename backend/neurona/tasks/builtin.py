"""The tasks Neurona's datasets pose, one declaration each."""

from __future__ import annotations

import numpy as np
import torch

from ..i18n.messages import Said, say
from .registry import OutputRule, OutputWant, PredictionView, Shape, Task, TaskName, TaskType, register


def _target_range(targets: torch.Tensor) -> tuple[float, float]:
    return float(targets.min()), float(targets.max())


def _class_ids(labels: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(labels.astype(np.int64))


def _values(labels: np.ndarray) -> torch.Tensor:
    """A number per example becomes (N, 1), like the output; a target sequence stays as it is."""
    values = labels.astype(np.float32)
    return torch.from_numpy(values if values.ndim > 1 else values.reshape(-1, 1))


def _classes_output(task: Task, _input_shape: Shape) -> OutputWant:
    k = task.num_classes
    if k == 2:
        return OutputWant(((1,), (2,)), say("goal_two_classes"))
    return OutputWant(((k,),), say("goal_per_class"))


def _values_output(task: Task, input_shape: Shape) -> OutputWant:
    target = task.target_shape or ((1,) if len(input_shape) == 1 else tuple(input_shape))
    if target == (1,):
        return OutputWant((target,), say("goal_one_value"))
    if len(target) == 2:
        return OutputWant((target,), say("goal_sequence", count=target[-1], steps=target[0]))
    return OutputWant((target,), say("goal_target_shape"))


def _mask_output(task: Task, input_shape: Shape) -> OutputWant:
    k = task.num_classes
    what = say("goal_mask") if k == 1 else say("goal_pixel_scores", count=k)
    return OutputWant(((k, *input_shape[-2:]),), what)


def _same_as_input(_task: Task, input_shape: Shape) -> OutputWant:
    return OutputWant((tuple(input_shape),), say("goal_input_shape"))


def _per_position(what: Said) -> OutputRule:
    return lambda task, input_shape: OutputWant(((input_shape[0], task.num_classes),), what)


CLASS_METRICS = ("accuracy", "precision", "recall", "f1")
VALUE_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber")

register(TaskType(
    name=TaskName.CLASSIFICATION, title="Classification", has_classes=True,
    description="A class per example: 1 unit for two classes (binary cross-entropy) or one unit per class "
    "(cross-entropy); hinge is the margin loss of support vector machines.",
    targets=_class_ids, output=_classes_output, losses=("cross_entropy", "binary_cross_entropy", "hinge"),
    loss_for=lambda units: "binary_cross_entropy" if units == 1 else "cross_entropy",
    metrics=CLASS_METRICS, view=PredictionView.CLASSES))
register(TaskType(
    name=TaskName.REGRESSION, title="Regression", has_classes=False,
    description="A number (or a sequence of them) per example; mean squared error, mean absolute error or Huber.",
    targets=_values, output=_values_output, losses=VALUE_LOSSES, metrics=("mae",),
    value_range=_target_range, view=PredictionView.VALUES))
register(TaskType(
    name=TaskName.RECONSTRUCTION, title="Reconstruction", has_classes=False,
    description="The target is the input itself (autoencoders): the output has the input's shape; mean squared "
    "error, or binary cross-entropy for outputs in [0, 1].",
    targets=None, output=_same_as_input, losses=("mean_squared_error", "binary_cross_entropy"), metrics=("mae",),
    value_range=_target_range, view=PredictionView.IMAGES))
register(TaskType(
    name=TaskName.DENOISING, title="Denoising", has_classes=False,
    description="A noisy image in, the clean image out: the output has the input's shape; mean squared error, "
    "mean absolute error or binary cross-entropy.",
    targets=lambda images: torch.from_numpy(images.astype(np.float32)), output=_same_as_input,
    losses=("mean_squared_error", "mean_absolute_error", "binary_cross_entropy"), metrics=("mae",),
    value_range=_target_range, view=PredictionView.IMAGES))
register(TaskType(
    name=TaskName.VAE, title="Variational autoencoder", has_classes=False,
    description="Rebuild the input through a sampled code: the loss is the ELBO, reconstruction + β·KL(q(z|x) ‖ "
    "N(0, 1)), both per input value (the KL summed over the code, divided by the values of one example). The graph "
    "needs a Sampling node; its KL is reported and decoding codes drawn from N(0, 1) generates new examples.",
    targets=None, output=_same_as_input, losses=("mean_squared_error", "binary_cross_entropy"),
    metrics=("mae", "kl"), value_range=_target_range, view=PredictionView.IMAGES, kl_term=True,
    needs_layer="Sampling"))
register(TaskType(
    name=TaskName.SEGMENTATION, title="Segmentation", has_classes=True,
    description="One logit per pixel, [1, H, W]: the object's mask; binary cross-entropy per pixel or the soft "
    "Dice loss; pixel accuracy, Dice and IoU.",
    # a label map (0 background, class + 1 on the object) becomes the binary mask
    targets=lambda labels: torch.from_numpy((labels > 0).astype(np.float32)),
    output=_mask_output, losses=("binary_cross_entropy", "soft_dice"), metrics=("accuracy", "dice", "iou"),
    view=PredictionView.MASKS))
register(TaskType(
    name=TaskName.TOKEN_CLASSIFICATION, title="Token classification", has_classes=True,
    description="A class at every position: for L tokens the output is [L, num_classes]; cross-entropy over the "
    "last axis, accuracy per token.",
    targets=_class_ids, class_axis=-1, losses=("cross_entropy",), metrics=CLASS_METRICS,
    view=PredictionView.TOKENS, output=_per_position(say("goal_token_scores"))))
register(TaskType(
    name=TaskName.NEXT_TOKEN, title="Next token", has_classes=True,
    description="Language modelling: at every position, the token that follows. For L tokens the output is "
    "[L, vocabulary]; cross-entropy, accuracy per token and perplexity.",
    targets=_class_ids, class_axis=-1, losses=("cross_entropy",), metrics=("accuracy", "perplexity"),
    view=PredictionView.TOKENS, output=_per_position(say("goal_token_scores"))))
