"""Networks to export in the tests: every gallery template on its dataset, and small graphs around every layer type.

A layer case wires one Input to the layer: ports whose shape differs from the first take a branch Flatten → Linear →
Reshape, so any combination of input shapes (attention's query, key and value; MaxUnpool2d's skip) fits. Weights
are the seeded initial ones, with BatchNorm statistics moved off 0 and 1 so the buffers matter too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch
from hypothesis import HealthCheck, given, settings

from neurona.export import Rendering, prepare
from neurona.gallery import TEMPLATES
from neurona.layers import LAYERS
from neurona.model import GraphModel
from neurona.spec import ExperimentCreate, GraphSpec, analyze
from tests.unit.test_layers import STRATEGIES, Example

EXAMPLES_PER_LAYER = 2


@dataclass
class Case:
    name: str
    rendering: Rendering
    model: GraphModel  # the server's model, eval mode
    example: torch.Tensor  # a batch of inputs


def _disturb(model: GraphModel) -> GraphModel:
    gen = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for name, buffer in model.named_buffers():
            if name.endswith("running_mean"):
                buffer.copy_(torch.randn(buffer.shape, generator=gen) * 0.3)
            elif name.endswith("running_var"):
                buffer.copy_(torch.rand(buffer.shape, generator=gen) + 0.5)
    return model.eval()


def template_cases() -> list[Case]:
    cases = []
    for t in TEMPLATES:
        if t["dataset"] is None:
            continue  # design-only templates (VGG-16 at 224×224) are for looking at, not for running here
        spec = ExperimentCreate.model_validate({"name": t["title"], "graph": t["graph"], "dataset": t["dataset"]})
        program = prepare(spec)
        cases.append(Case(t["id"], program.rendering, _disturb(program.model()), program.example))
    return cases


def _layer_graph(layer: str, example: Example) -> dict[str, Any]:
    first = example.shapes[0]
    nodes: list[dict[str, Any]] = [{"id": "x", "type": "Input"}]
    edges: list[dict[str, Any]] = []
    for port, shape in zip(LAYERS[layer].ports or ("in",), example.shapes, strict=False):
        source = "x"
        if shape != first:
            ids = [f"{port}_flat", f"{port}_fc", f"{port}_shape"]
            nodes += [{"id": ids[0], "type": "Flatten"},
                      {"id": ids[1], "type": "Linear", "params": {"out_features": math.prod(shape)}},
                      {"id": ids[2], "type": "Reshape", "params": {"shape": list(shape)}}]
            edges += [{"source": "x", "target": ids[0]}, {"source": ids[0], "target": ids[1]},
                      {"source": ids[1], "target": ids[2]}]
            source = ids[2]
        edges.append({"source": source, "target": "layer", "target_port": port})
    nodes.append({"id": "layer", "type": layer, "params": example.params})
    return {"nodes": nodes if layer != "Input" else nodes[:1], "edges": edges if layer != "Input" else [],
            "output": "layer" if layer != "Input" else "x"}


def _draw(layer: str, count: int) -> list[Example]:
    drawn: list[Example] = []

    @settings(max_examples=count, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[layer])
    def collect(example: Example) -> None:
        if len(drawn) < count and example not in drawn:
            drawn.append(example)

    collect()
    return drawn


def layer_cases(per_layer: int = EXAMPLES_PER_LAYER) -> list[Case]:
    cases = []
    for layer in sorted(LAYERS):
        for i, example in enumerate(_draw(layer, per_layer)):
            graph = GraphSpec.model_validate(_layer_graph(layer, example))
            report, plan = analyze(graph, example.shapes[0])
            assert plan is not None, (layer, example, report.errors)
            torch.manual_seed(i)
            model = _disturb(GraphModel(plan, example.shapes[0]))
            gen = torch.Generator().manual_seed(i)
            if example.tokens:
                x = torch.randint(example.tokens, (3, *example.shapes[0]), generator=gen)
            else:
                x = torch.randn(3, *example.shapes[0], generator=gen)
            cases.append(Case(f"{layer}_{i}", Rendering(plan, example.shapes[0], title=f"{layer} {i}",
                                                        tokens=bool(example.tokens)), model, x))
    return cases
