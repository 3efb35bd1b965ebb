"""Turn a validated plan into a runnable `nn.Module` that executes the DAG in order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import torch
from torch import nn

from .spec import Plan

Steps = Sequence[tuple[str, Sequence[str]]]  # (node id, its source ids) in topological order


def computable(steps: Iterable[tuple[str, Sequence[str]]], given: Iterable[str]) -> set[str]:
    """The nodes whose value follows from the values of `given` alone: those, and every node all of whose
    sources follow (a node without sources, the Input, follows only when given)."""
    known = set(given)
    for node, sources in steps:
        if sources and all(s in known for s in sources):
            known.add(node)
    return known


class GraphModel(nn.Module):
    """One sub-module per node, keyed by node id; forward walks the plan's topological order."""

    def __init__(self, plan: Plan, input_shape: tuple[int, ...]):
        super().__init__()
        shapes = {plan.input_id: input_shape, **{n.id: n.output_shape for n in plan.nodes}}
        self.layers = nn.ModuleDict()
        for node in plan.nodes:
            if node.id == plan.input_id:
                continue
            self.layers[node.id] = node.layer.build(node.params, [shapes[s] for s in node.sources])
        self.steps = [(n.id, n.sources) for n in plan.nodes if n.id != plan.input_id]
        self.input_id = plan.input_id
        self.output_id = plan.output_id

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self._walk({self.input_id: x}, self.steps)

    def run_from(self, given: Mapping[str, torch.Tensor]) -> torch.Tensor:
        """The output computed from the given nodes' values instead of the input: a node given a value is not run,
        and only the nodes downstream of the given ones are (`{"z": codes}` decodes codes with a VAE's decoder).
        ValueError when the output needs a node the given values do not reach."""
        known = computable(self.steps, given)
        if self.output_id not in known:
            raise ValueError(f"the output '{self.output_id}' does not follow from {', '.join(map(repr, given))} "
                             "alone")
        return self._walk(dict(given), [(n, s) for n, s in self.steps if n in known and n not in given])

    def _walk(self, values: dict[str, torch.Tensor], steps: Steps) -> torch.Tensor:
        for node_id, sources in steps:
            values[node_id] = self.layers[node_id](*(values[s] for s in sources))
        return values[self.output_id]
