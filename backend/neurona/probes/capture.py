"""Running the model on a few inputs with forward hooks on the watched nodes only, removed right after."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import torch

from .context import ProbeContext


@contextmanager
def evaluating(model: torch.nn.Module) -> Iterator[None]:
    """Eval mode and no gradients for the duration; the model's mode is restored after."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)


def capture(ctx: ProbeContext, nodes: Sequence[str], x: torch.Tensor) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
    """The outputs of `nodes` (and the model's output) for inputs `x`. The Input node's output is `x` itself."""
    seen: dict[str, torch.Tensor] = {}
    handles = []
    for node in nodes:
        if node in ctx.model.layers:
            def keep(_module: torch.nn.Module, _inputs: object, output: torch.Tensor, node: str = node) -> None:
                seen[node] = output.detach()
            handles.append(ctx.node_module(node).register_forward_hook(keep))
        else:
            seen[node] = x
    try:
        with evaluating(ctx.model):
            out = ctx.model(x)
    finally:
        for handle in handles:
            handle.remove()
    return seen, out


def predict(ctx: ProbeContext, x: torch.Tensor) -> torch.Tensor:
    """The model's output for `x`, in eval mode and without gradients."""
    with evaluating(ctx.model):
        return ctx.model(x)  # type: ignore[no-any-return]
