"""Divergence detection: is anything non-finite, and which node produced it first."""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from ..model import GraphModel

EXPLODED = 1e6  # an activation this large has run away, even while finite
RUNAWAY_FACTOR = 100.0  # a loss this many times an untrained model's, held for a window, has diverged
RUNAWAY_WINDOW = 20
RUNAWAY_FLOOR = 0.05  # keeps a near-perfect starting model from tripping on ordinary noise


class DivergedError(RuntimeError):
    """Training produced a non-finite loss, gradient or weight; `node` is the graph node blamed, if any."""

    def __init__(self, message: str, node: str | None = None):
        super().__init__(message)
        self.node = node


@dataclass(frozen=True)
class Blame:
    """Which node a divergence points at (None: no node, e.g. the loss itself) and how to say so."""

    node: str | None
    text: str


def _kind(t: torch.Tensor) -> str:
    return "NaN" if torch.isnan(t).any() else "infinite"


def _bad_weights(model: GraphModel) -> Blame | None:
    for node_id, _ in model.steps:
        for name, param in model.layers[node_id].named_parameters():
            if not torch.isfinite(param).all():
                return Blame(node_id, f"the weights of node '{node_id}' ({name}) became {_kind(param)}")
    return None


@torch.no_grad()
def _bad_outputs(model: GraphModel, x: torch.Tensor) -> Blame | None:
    """Re-run the batch with a hook on every node; hooks fire in topological order, so the first is the source.
    Without a non-finite output, the first exploded one (a loss can overflow on huge but finite outputs)."""
    found: list[Blame] = []
    huge: list[Blame] = []

    def watch(node_id: str) -> Callable[..., None]:
        def hook(_module: Any, _inputs: Any, output: Any) -> None:
            if found or not isinstance(output, torch.Tensor) or not output.numel():
                return
            if not torch.isfinite(output).all():
                found.append(Blame(node_id, f"node '{node_id}' produced {_kind(output)} outputs"))
            elif not huge and (peak := output.abs().max().item()) > EXPLODED:
                huge.append(Blame(node_id, f"node '{node_id}' produced outputs as large as {peak:.3g}"))
        return hook

    handles = [model.layers[node_id].register_forward_hook(watch(node_id)) for node_id, _ in model.steps]
    try:
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return found[0] if found else huge[0] if huge else None


def _bad_gradients(model: GraphModel) -> Blame | None:
    """Gradients flow backwards from the output, so the last node (in topological order) with non-finite
    gradients is where they started."""
    for node_id, _ in reversed(model.steps):
        for name, param in model.layers[node_id].named_parameters():
            if param.grad is not None and not torch.isfinite(param.grad).all():
                return Blame(node_id, f"the gradients of node '{node_id}' ({name}) became {_kind(param.grad)}")
    return None


class RunawayWatch:
    """Divergence that stays finite: saturated units and huge logits keep every number finite while the loss sits
    far above where training started. The median over a window ignores single spikes that training recovers from."""

    def __init__(self, start_loss: float):
        self.start = start_loss
        self.limit = RUNAWAY_FACTOR * max(start_loss, RUNAWAY_FLOOR)
        self.recent: deque[float] = deque(maxlen=RUNAWAY_WINDOW)

    def diverged(self, loss: float) -> bool:
        self.recent.append(loss)
        return len(self.recent) == RUNAWAY_WINDOW and statistics.median(self.recent) > self.limit

    def describe(self) -> str:
        return (f"the training loss stayed above {self.limit:.3g}, over {RUNAWAY_FACTOR:g}× its starting value "
                f"{self.start:.3g}, for {RUNAWAY_WINDOW} steps")


def largest_weights(model: GraphModel) -> Blame:
    """The node whose weights grew the most: where a finite divergence shows first."""
    peaks = {node_id: max((p.detach().abs().max().item() for p in model.layers[node_id].parameters()), default=0.0)
             for node_id, _ in model.steps}
    node_id = max(peaks, key=lambda n: peaks[n])
    return Blame(node_id, f"node '{node_id}' has the largest weights (up to {peaks[node_id]:.3g})")


def locate(model: GraphModel, x: torch.Tensor) -> Blame:
    """Name the first node with non-finite weights, outputs or gradients (in that order of suspicion)."""
    return _bad_weights(model) or _bad_outputs(model, x) or _bad_gradients(model) or \
        Blame(None, "the loss itself (every node's outputs are finite)")


def advice(lr: float, clip_norm: float | None) -> str:
    hints = [f"lower the learning rate (now {lr:g})"]
    if clip_norm is None:
        hints.append("clip the gradient norm (clip_norm)")
    hints.append("normalise the inputs")
    return "; ".join(hints)
