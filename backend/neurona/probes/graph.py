"""The autograd graph of the loss on the pinned samples, each operation with its forward and gradient values.

The model runs in eval mode on the pinned samples under a dispatch mode that keeps every operation's outputs,
while forward hooks say which of the user's nodes is running, so each operation belongs to the node that
computed it (those after the model's output belong to the loss). The graph is then walked from
`loss.grad_fn` through `next_functions`; gradients come from one `torch.autograd.grad` towards the
parameters, read by pre-hooks on the graph's nodes, so the parameters' `.grad` that training uses is never
touched. The structure travels in the header; the payload holds the forward and gradient tensors of the one
operation the watch's `op` option selects (empty otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from pydantic import Field
from torch.utils._python_dispatch import TorchDispatchMode

from ..i18n.messages import say
from ..stream.frames import pack_float16
from .context import ProbeContext
from .registry import Frame, ProbeOptions, ProbeType, register
from .watch import Watch, WatchProblem

EXACT = 16  # tensors of at most this many elements are sent whole in the summary
MAX_DETAIL = 65536  # the selected operation's tensors are cut to this many elements
LOSS = "loss"  # the group of the operations after the model's output


class GraphOptions(ProbeOptions):
    op: int | None = Field(None, ge=0, description="The operation (its `id` in the header) whose forward and "
                           "gradient tensors the payload carries.")


class Recorder(TorchDispatchMode):
    """Keeps each operation's tensor outputs with the user node running it (autograd sets their grad_fn after)."""

    def __init__(self) -> None:
        super().__init__()
        self.node: list[str] = []
        self.outputs: list[tuple[str, str, torch.Tensor]] = []  # (node, aten name, tensor)

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        out = func(*args, **(kwargs or {}))
        owner = self.node[-1] if self.node else LOSS
        for tensor in out if isinstance(out, tuple | list) else (out,):
            if isinstance(tensor, torch.Tensor):
                self.outputs.append((owner, func.__name__.split(".")[0], tensor))
        return out


@contextmanager
def attributed(ctx: ProbeContext, recorder: Recorder) -> Iterator[None]:
    """Forward hooks that tell the recorder which user node runs; removed on exit."""
    def leave(_module: torch.nn.Module, _inputs: Any, _output: Any) -> None:
        recorder.node.pop()

    handles = []
    for node, module in ctx.model.layers.items():
        handles.append(module.register_forward_pre_hook(lambda _m, _a, node=node: recorder.node.append(node)))
        handles.append(module.register_forward_hook(leave))
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def summary(values: torch.Tensor | None) -> dict[str, Any] | None:
    if values is None:
        return None
    v = values.detach().double().flatten()
    finite = v[torch.isfinite(v)]
    stats: dict[str, Any] = {"mean": None, "std": None, "min": None, "max": None}
    if finite.numel():
        stats = {"mean": finite.mean().item(), "std": finite.std(unbiased=False).item(),
                 "min": finite.min().item(), "max": finite.max().item()}
    if v.numel() <= EXACT:
        stats["values"] = v.tolist()
    return stats


@dataclass
class Op:
    id: int
    name: str  # the forward operation (aten name), or the parameter's name for a leaf
    backward: str  # the autograd node's name, e.g. ConvolutionBackward0
    node: str
    inputs: list[int]
    forward: torch.Tensor | None
    grad: torch.Tensor | None = None

    def as_json(self) -> dict[str, Any]:
        shape = list(self.forward.shape) if self.forward is not None else None
        return {"id": self.id, "name": self.name, "backward": self.backward, "node": self.node, "inputs": self.inputs,
                "shape": shape, "forward": summary(self.forward), "grad": summary(self.grad)}


@dataclass
class Traced:
    ops: list[Op] = field(default_factory=list)
    loss: float = 0.0


def _param_owners(ctx: ProbeContext) -> dict[int, tuple[str, str]]:
    return {id(p): (node, name) for node, module in ctx.model.layers.items()
            for name, p in module.named_parameters()}


def trace(ctx: ProbeContext, samples: tuple[int, ...]) -> Traced:
    """The loss's autograd graph on `samples`, with forward values and gradients of every operation."""
    x, y = ctx.test_inputs(samples), ctx.test_targets(samples)
    recorder = Recorder()
    was_training = ctx.model.training
    ctx.model.eval()
    try:
        with torch.enable_grad(), attributed(ctx, recorder), recorder:
            loss = ctx.objective.loss(ctx.model(x), y)
    finally:
        ctx.model.train(was_training)
    made: dict[Any, tuple[str, str, torch.Tensor]] = {}
    for owner, name, tensor in recorder.outputs:
        if tensor.grad_fn is not None:
            made.setdefault(tensor.grad_fn, (owner, name, tensor))
    ops = _walk(loss.grad_fn, made, _param_owners(ctx))
    _backward(loss, ops)
    return Traced(list(ops.values()), loss.item())


def _walk(root: Any, made: dict[Any, tuple[str, str, torch.Tensor]],
          owners: dict[int, tuple[str, str]]) -> dict[Any, Op]:
    """Every autograd node reachable from `root`, numbered in forward order (inputs before their users)."""
    order: list[Any] = []
    seen: set[Any] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:  # iterative post-order: a deep model must not hit the recursion limit
        fn, done = stack.pop()
        if done:
            order.append(fn)
            continue
        if fn in seen:
            continue
        seen.add(fn)
        stack.append((fn, True))
        stack.extend((nxt, False) for nxt, _ in reversed(fn.next_functions) if nxt is not None and nxt not in seen)
    ops: dict[Any, Op] = {}
    for index, fn in enumerate(order):
        inputs = [ops[nxt].id for nxt, _ in fn.next_functions if nxt is not None and nxt in ops]
        ops[fn] = _op(index, fn, inputs, made, owners, ops)
    return ops


def _op(index: int, fn: Any, inputs: list[int], made: dict[Any, tuple[str, str, torch.Tensor]],
        owners: dict[int, tuple[str, str]], ops: dict[Any, Op]) -> Op:
    leaf = getattr(fn, "variable", None)
    if leaf is not None:  # AccumulateGrad: a parameter (or an input that needs a gradient)
        node, name = owners.get(id(leaf), (LOSS, "input"))
        return Op(index, name, fn.name(), node, inputs, leaf.detach())
    if fn in made:
        node, name, tensor = made[fn]
        return Op(index, name, fn.name(), node, inputs, tensor.detach())
    # Not seen at dispatch (rare): it belongs with whatever feeds it.
    feeder = next((op.node for op in ops.values() if op.id in inputs), LOSS)
    return Op(index, fn.name().removesuffix("Backward0").lower(), fn.name(), feeder, inputs, None)


def _backward(loss: torch.Tensor, ops: dict[Any, Op]) -> None:
    """Gradients of the loss towards every operation's output, without accumulating into any `.grad`."""
    handles = []
    for fn, op in ops.items():
        def keep(grad_outputs: tuple[torch.Tensor | None, ...], op: Op = op) -> None:
            if grad_outputs and grad_outputs[0] is not None:
                op.grad = grad_outputs[0].detach()
        if getattr(fn, "variable", None) is None:
            handles.append(fn.register_prehook(keep))
    leaves = [(op, fn.variable) for fn, op in ops.items() if getattr(fn, "variable", None) is not None]
    try:
        grads = torch.autograd.grad(loss, [leaf for _, leaf in leaves], allow_unused=True) if leaves else ()
    finally:
        for handle in handles:
            handle.remove()
    for (op, _), grad in zip(leaves, grads, strict=True):
        op.grad = grad.detach() if grad is not None else None


def _detail(op: Op | None) -> np.ndarray:
    if op is None or op.forward is None:
        return np.zeros((2, 0), dtype=np.float32)
    forward = op.forward.detach().float().flatten()[:MAX_DETAIL]
    grad = op.grad.detach().float().flatten()[:MAX_DETAIL] if op.grad is not None else torch.full_like(forward,
                                                                                                      float("nan"))
    pair = torch.stack([forward, grad]).cpu().numpy()
    shape = list(op.forward.shape)
    return pair.reshape(2, *shape) if op.forward.numel() <= MAX_DETAIL else pair


def backprop_graph(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = GraphOptions.model_validate(watch.options)
    traced = trace(ctx, watch.samples)
    chosen = next((op for op in traced.ops if op.id == opts.op), None)
    if opts.op is not None and chosen is None:
        raise WatchProblem(say("no_such_op", op=opts.op, last=len(traced.ops) - 1), "options.op")
    groups = list(dict.fromkeys([*ctx.model.layers, LOSS]))
    layers = {node: info.layer for node, info in ctx.subject.nodes.items()}
    return [pack_float16(
        "graph", _detail(chosen), samples=list(watch.samples), loss=traced.loss, selected=opts.op,
        truncated=chosen is not None and chosen.forward is not None and chosen.forward.numel() > MAX_DETAIL,
        groups=[{"node": g, "layer": layers.get(g, "loss")} for g in groups if any(op.node == g for op in traced.ops)],
        ops=[op.as_json() for op in traced.ops])]


register(ProbeType(
    name="graph", title="Computation graph",
    description="The autograd graph of the loss on the pinned samples, grouped by the nodes of the model: each "
                "operation with its shape, a summary of its forward values and of the loss's gradient towards "
                "them (mean, std, min, max; every value when there are at most 16), and on request its tensors.",
    scope="model", compute=backprop_graph, dtypes=("float16",), options=GraphOptions, uses_samples=True,
    max_hz=2.0))
