"""What a probe reads: the model, its data and task, and (on the worker) the last gradients and norm history.

The worker builds one `ProbeContext` over its `Trainer`; the server builds one from a checkpoint for a run
without a worker. `Subject` is the part the server needs to check a watch (nodes, task, kind, test-set size)
without building the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch

from ..data import LoadedDataset
from ..model import GraphModel
from ..spec import Plan
from ..train.objective import Objective

if TYPE_CHECKING:
    from ..train.trainer import Trainer
    from .weights import NormHistory

EVAL_EXAMPLES = 512  # the confusion matrix and sample predictions use at most this many test examples


@dataclass(frozen=True)
class NodeInfo:
    layer: str
    category: str
    shape: tuple[int, ...]
    params: int
    sources: tuple[str, ...]  # the nodes feeding it, in port order
    matrix_params: int = 0  # of `params`, those in tensors of two or more dimensions (weight matrices, kernels)


@dataclass(frozen=True)
class Subject:
    """A run as the watch checks see it."""

    nodes: dict[str, NodeInfo]  # in topological order, the Input included
    task: str
    kind: str
    test_size: int
    output: str  # the model's output node


def subject_of(plan: Plan, data: LoadedDataset, counts: dict[str, tuple[int, int]]) -> Subject:
    nodes = {}
    for n in plan.nodes:
        params, matrix_params = counts.get(n.id, (0, 0))
        nodes[n.id] = NodeInfo(n.layer.name, n.layer.category, tuple(n.output_shape), params, tuple(n.sources),
                               matrix_params)
    return Subject(nodes, data.task, data.kind.name, len(data.x_test), plan.output_id)


@dataclass
class ProbeContext:
    model: GraphModel  # `layers[node id]` is the node's module
    data: LoadedDataset
    objective: Objective
    subject: Subject
    device: torch.device
    step: int
    resolution: int  # cells per side of plane probes (boundary)
    grads: bool = False  # whether the parameters' `.grad` hold the last backward pass
    history: NormHistory | None = None
    before: dict[str, torch.Tensor] = field(default_factory=dict)  # parameters before the last optimizer step
    # One tick's shared forward passes: nodes wanted per pinned-sample set, and the outputs once computed.
    wanted: dict[tuple[int, ...], set[str]] = field(default_factory=dict)
    forwards: dict[tuple[int, ...], Any] = field(default_factory=dict)
    planes: dict[int, torch.Tensor] = field(default_factory=dict)  # the input plane's grid per resolution

    def plane(self, resolution: int) -> torch.Tensor:
        """The grid of the 2-D input plane as model inputs (features included), built once per resolution."""
        if resolution not in self.planes:
            self.planes[resolution] = self.data.featurize(self.data.grid(resolution)).to(self.device)
        return self.planes[resolution]

    def plan(self, needs: list[tuple[tuple[int, ...], str | None]]) -> None:
        """Start a tick: forget the last tick's outputs; the watches need these (samples, node) outputs."""
        self.forwards = {}
        self.wanted = {}
        for samples, node in needs:
            nodes = self.wanted.setdefault(samples, set())
            if node is not None:
                nodes.add(node)

    def test_inputs(self, indices: tuple[int, ...] | list[int]) -> torch.Tensor:
        return self.data.x_test[list(indices)].to(self.device)

    def test_targets(self, indices: tuple[int, ...] | list[int]) -> torch.Tensor:
        return self.data.y_test[list(indices)].to(self.device)

    def node_module(self, node: str) -> torch.nn.Module:
        return self.model.layers[node]

    def parametrised(self) -> list[str]:
        """Ids of the nodes with trainable parameters, in topological order."""
        return [n for n, info in self.subject.nodes.items() if info.params and n in self.model.layers]

    def node_parameters(self, node: str) -> list[tuple[str, torch.nn.Parameter]]:
        """All of the node's parameters, frozen ones too: their weights are there to look at (they just have no
        gradient), and a frozen node must not leave a weights probe with nothing to read."""
        return list(self.node_module(node).named_parameters())


def node_counts(model: GraphModel) -> dict[str, tuple[int, int]]:
    """Per node: its parameters, and those of them in tensors of two or more dimensions."""
    return {node: (sum(p.numel() for p in module.parameters()),
                   sum(p.numel() for p in module.parameters() if p.dim() >= 2))
            for node, module in model.layers.items()}


def context_of(trainer: Trainer, resolution: int) -> ProbeContext:
    """A context over a worker's trainer (its plan, data and objective)."""
    subject = subject_of(trainer.plan, trainer.data, node_counts(trainer.model))
    return ProbeContext(trainer.model, trainer.data, trainer.objective, subject, trainer.device,
                        trainer.step_count, resolution)
