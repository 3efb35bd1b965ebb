"""Weights and gradients per parametrised node: histograms, norms over time, and the weights as images."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch
from pydantic import Field

from ..stream.frames import pack_float16, pack_uint8
from .context import ProbeContext
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch

MAX_POINTS = 200  # norms over time keep at most this many points, thinned evenly as the run goes on
ROWS = ("weight", "grad", "update_ratio")


def flat_weights(ctx: ProbeContext, node: str) -> torch.Tensor:
    return torch.cat([p.detach().flatten() for _, p in ctx.node_parameters(node)])


def flat_grads(ctx: ProbeContext, node: str) -> torch.Tensor | None:
    params = [p for _, p in ctx.node_parameters(node)]
    if not ctx.grads or any(p.grad is None for p in params):
        return None
    return torch.cat([p.grad.detach().flatten() for p in params if p.grad is not None])


@dataclass(frozen=True)
class NodeStats:
    weight_norm: float
    grad_norm: float | None
    update_ratio: float | None  # ‖w after the step − w before‖ / ‖w before‖


def node_stats(ctx: ProbeContext, node: str) -> NodeStats:
    weights = flat_weights(ctx, node)
    grads = flat_grads(ctx, node)
    before = ctx.before.get(node)
    ratio = None
    if before is not None and before.shape == weights.shape:
        base = before.norm().item()
        ratio = (weights - before).norm().item() / base if base > 0 else None
    return NodeStats(weights.norm().item(), grads.norm().item() if grads is not None else None, ratio)


def snapshot(ctx: ProbeContext, nodes: list[str]) -> dict[str, torch.Tensor]:
    """The nodes' parameters as they are now (taken after the backward pass, before the optimizer step)."""
    return {node: flat_weights(ctx, node).clone() for node in nodes}


class HistogramOptions(ProbeOptions):
    bins: int = Field(64, ge=8, le=256, description="Bins of each histogram.")


def _histogram(values: torch.Tensor, bins: int) -> tuple[np.ndarray, list[float]]:
    """Counts as fractions of the values, over [min, max] (a constant tensor gets a range of ±0.5 around it)."""
    values = values.float()
    lo, hi = values.min().item(), values.max().item()
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return np.zeros(bins), [0.0, 0.0]
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts = torch.histc(values, bins=bins, min=lo, max=hi)
    return (counts / values.numel()).cpu().numpy(), [lo, hi]


def histograms(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = HistogramOptions.model_validate(watch.options)
    assert watch.node is not None
    weights, ranges = _histogram(flat_weights(ctx, watch.node), opts.bins)
    grads = flat_grads(ctx, watch.node)
    grad_counts, grad_range = _histogram(grads, opts.bins) if grads is not None else (np.zeros(opts.bins), None)
    stats = node_stats(ctx, watch.node)
    return [pack_float16("weights", np.stack([weights, grad_counts]), ranges=[ranges, grad_range],
                         weight_norm=stats.weight_norm, grad_norm=stats.grad_norm, update_ratio=stats.update_ratio)]


@dataclass
class NormHistory:
    """Norms of every parametrised node at each probe tick while `norms` is watched (worker side)."""

    nodes: list[str]
    steps: list[int] = field(default_factory=list)
    points: list[np.ndarray] = field(default_factory=list)  # (3, L) log10 values per step
    stride: int = 1
    calls: int = 0

    def record(self, ctx: ProbeContext) -> None:
        self.calls += 1
        if self.calls % self.stride:
            return
        self.steps.append(ctx.step)
        self.points.append(norm_point(ctx, self.nodes))
        if len(self.steps) >= MAX_POINTS:  # keep every other point and record half as often from now on
            self.steps, self.points, self.stride = self.steps[::2], self.points[::2], self.stride * 2


def _log10(value: float | None) -> float:
    if value is None:
        return math.nan
    return math.log10(value) if value > 0 else -math.inf


def norm_point(ctx: ProbeContext, nodes: list[str]) -> np.ndarray:
    stats = [node_stats(ctx, node) for node in nodes]
    return np.array([[_log10(s.weight_norm) for s in stats], [_log10(s.grad_norm) for s in stats],
                     [_log10(s.update_ratio) for s in stats]], dtype=np.float64).reshape(3, len(nodes))


def norms(ctx: ProbeContext, _watch: Watch) -> list[Frame]:
    nodes = ctx.parametrised()
    history = ctx.history
    if history is None or not history.steps:  # a checkpoint, or the first tick: the current point only
        steps, points = [ctx.step], [norm_point(ctx, nodes)]
    else:
        nodes, steps, points = history.nodes, history.steps, history.points
    series = np.stack(points, axis=-1)  # (3, L, T)
    return [pack_float16("norms", series, nodes=nodes, steps=steps, rows=list(ROWS))]


class WeightImageOptions(ProbeOptions):
    param: str | None = Field(None, description="Which parameter (e.g. weight, weight_ih_l0); default: the first "
                                                "of two or more dimensions.")
    max_side: int = Field(128, ge=4, le=512, description="Rows and columns beyond this are cut off.")


def weight_image(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = WeightImageOptions.model_validate(watch.options)
    assert watch.node is not None
    matrices = [(name, p) for name, p in ctx.node_module(watch.node).named_parameters() if p.dim() >= 2]
    chosen = next(((n, p) for n, p in matrices if opts.param in (None, n)), None)
    if chosen is None:
        names = ", ".join(n for n, _ in matrices) or "none"
        raise ValueError(f"node '{watch.node}' has no parameter '{opts.param}' of ≥ 2 dimensions (it has: {names})")
    name, param = chosen
    values = param.detach().float().cpu()
    if values.dim() > 4:
        values = values.flatten(2)
    cut = values[: opts.max_side, : opts.max_side]
    bound = float(cut.abs().max()) or 1.0
    header, data = pack_uint8("weight_image", cut.numpy(), -bound, bound, param=name,
                              param_shape=list(param.shape), truncated=list(cut.shape) != list(values.shape))
    return [(header, data)]


PARAMETRISED = AppliesTo(parametrised=True)
register(ProbeType(
    name="weights", title="Weights and gradients",
    description="Histograms of a node's weights and of their gradients after the last backward pass, with the "
                "weight norm, gradient norm and the update/weight ratio of the last step.",
    scope="node", compute=histograms, dtypes=("float16",), options=HistogramOptions, applies_to=PARAMETRISED,
    needs_grads=True))

register(ProbeType(
    name="norms", title="Norms over time",
    description="Weight norm, gradient norm and update/weight ratio of every layer with parameters over time, on a "
                "log scale: vanishing gradients show as layers whose gradient norms fall by orders of magnitude.",
    scope="model", compute=norms, dtypes=("float16",), needs_grads=True))

register(ProbeType(
    name="weight_image", title="Weights as an image",
    description="A weight matrix as an image (outputs × inputs), or convolution kernels as a grid, coloured by "
                "sign and size.",
    scope="node", compute=weight_image, dtypes=("uint8",), options=WeightImageOptions,
    applies_to=AppliesTo(parametrised=True, matrices=True)))
