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


Outputs = tuple[dict[str, torch.Tensor], torch.Tensor]  # (node outputs, model output)


def capture(ctx: ProbeContext, nodes: Sequence[str], x: torch.Tensor) -> Outputs:
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


def sample_outputs(ctx: ProbeContext, samples: tuple[int, ...], node: str | None = None) -> Outputs:
    """Outputs of the pinned test `samples`: one forward per tick and sample set, hooked on every node that the
    tick's watches need for them (`ProbeContext.wanted`), shared by all those watches."""
    cached = ctx.forwards.get(samples)
    if cached is None or (node is not None and node not in cached[0]):
        nodes = ctx.wanted.get(samples, set()) | ({node} if node is not None else set())
        cached = ctx.forwards[samples] = capture(ctx, sorted(nodes), ctx.test_inputs(samples))
    return cached


def predict(ctx: ProbeContext, x: torch.Tensor) -> torch.Tensor:
    """The model's output for `x`, in eval mode and without gradients."""
    with evaluating(ctx.model):
        return ctx.model(x)
