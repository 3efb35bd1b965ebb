"""Turn a validated plan into a runnable `nn.Module` that executes the DAG in order."""

from __future__ import annotations

import torch
from torch import nn

from .spec import Plan


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
        values = {self.input_id: x}
        for node_id, sources in self.steps:
            values[node_id] = self.layers[node_id](*(values[s] for s in sources))
        return values[self.output_id]
