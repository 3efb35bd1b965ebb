"""Check a graph spec and infer every shape without allocating a weight.

`analyze` reports every problem at once, each naming its node and field, so the editor can paint them all.
When the graph is sound it also returns a `Plan`: the nodes in execution order with their parsed parameters,
which is all the model builder needs.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import Issue, field_problem
from ..i18n.messages import Named, Said, say
from ..layers import LAYERS, LayerParams, LayerType, Shape, ShapeError
from ..tasks import Task
from .models import GraphSpec, NodeReport, ValidationReport


@dataclass(frozen=True)
class PlannedNode:
    id: str
    layer: LayerType
    params: LayerParams
    sources: tuple[str, ...]  # one per port, in the layer's port order
    output_shape: Shape


@dataclass
class Plan:
    nodes: list[PlannedNode]
    input_id: str
    output_id: str


@dataclass
class _Analysis:
    graph: GraphSpec
    issues: list[Issue] = field(default_factory=list)
    layers: dict[str, LayerType] = field(default_factory=dict)
    params: dict[str, LayerParams] = field(default_factory=dict)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)  # node -> port -> source
    successors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    shapes: dict[str, Shape] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    matrix_counts: dict[str, int] = field(default_factory=dict)  # of counts, those in weight matrices or kernels
    explains: dict[str, list[str | Said]] = field(default_factory=dict)
    scratch: dict[str, int] = field(default_factory=dict)  # values held inside a node beyond its output

    def problem(self, message: str | Said, node: str | None = None, field_name: str | None = None) -> None:
        # a plain string only for a pydantic error without a sentence of ours (errors.field_problem)
        said = say("at_node", node=node, message=message) if node else message
        if isinstance(said, Said):
            self.issues.append(Issue.said(said, node=node, field=field_name))
        else:
            self.issues.append(Issue(node=node, field=field_name, message=said))


def analyze(graph: GraphSpec, input_shape: Shape | None, task: Task | None = None,
            vocab_size: int | None = None) -> tuple[ValidationReport, Plan | None]:
    """`input_shape` and `vocab_size` are the dataset's (None: no dataset, the Input must declare its shape)."""
    a = _Analysis(graph)
    _check_nodes(a)
    _check_edges(a)
    input_id = _find_input(a)
    order = _topological_order(a)
    output_id = _find_output(a)
    input_shape = _input_shape(a, input_id, input_shape, vocab_size)
    if order is not None and input_shape is not None:
        _infer_shapes(a, order, input_id, input_shape)
        if output_id:
            _check_reachability(a, order, output_id)
    if output_id and output_id in a.shapes and task and input_shape is not None:
        _check_task(a, output_id, task, tuple(input_shape))
    report = ValidationReport(
        valid=not a.issues,
        errors=a.issues,
        nodes={n: NodeReport.of(s, a.counts[n], a.matrix_counts[n], a.explains.get(n)) for n, s in a.shapes.items()},
        total_params=sum(a.counts.values()),
        activation_bytes=activation_bytes(a.shapes.values(), a.scratch.values()),
        input_shape=list(input_shape) if input_shape is not None else None,
        output_shape=list(a.shapes[output_id]) if output_id in a.shapes else None,
    )
    if a.issues or order is None or input_id is None or output_id is None:
        return report, None
    planned = [PlannedNode(n, a.layers[n], a.params[n], _sources(a, n), a.shapes[n]) for n in order]
    return report, Plan(planned, input_id, output_id)


def _check_nodes(a: _Analysis) -> None:
    seen: set[str] = set()
    for node in a.graph.nodes:
        if node.id in seen:
            a.problem(say("duplicate_id"), node.id, "id")
            continue
        seen.add(node.id)
        layer = LAYERS.get(node.type)
        if layer is None:
            hint = _closest_type(node.type)
            a.problem(say("unknown_layer", type=node.type, hint=hint), node.id, "type")
            continue
        a.layers[node.id] = layer
        try:
            a.params[node.id] = layer.params.model_validate(node.params)
        except ValidationError as err:
            for e in err.errors():
                name = ".".join(str(p) for p in e["loc"]) or "params"
                a.problem(field_problem(name, e), node.id, name)


def _closest_type(name: str) -> Said:
    by_lower = {t.lower(): t for t in LAYERS}
    close = difflib.get_close_matches(name.lower(), by_lower, n=1)
    return say("did_you_mean", name=by_lower[close[0]]) if close else say("pick_from_palette")


def _check_edges(a: _Analysis) -> None:
    known = {n.id for n in a.graph.nodes}
    for edge in a.graph.edges:
        missing = [end for end in (edge.source, edge.target) if end not in known]
        if missing:
            present = edge.target if edge.source in missing else edge.source
            a.problem(say("edge_to_nowhere", source=edge.source, target=edge.target, missing=", ".join(missing)),
                      present if present in known else None, "edges")
            continue
        if edge.source == edge.target:
            a.problem(say("edge_to_itself"), edge.source, "edges")
            continue
        a.successors[edge.source].append(edge.target)
        layer = a.layers.get(edge.target)
        if layer is None:
            continue
        if not layer.ports:
            a.problem(say("no_inputs_taken", layer=layer.name, source=edge.source), edge.target, "edges")
            continue
        port = edge.target_port or layer.ports[0]
        if port not in layer.ports:
            a.problem(say("no_such_port", layer=layer.name, port=port, ports=", ".join(layer.ports)), edge.target,
                      "edges")
            continue
        ports = a.inputs.setdefault(edge.target, {})
        if port in ports:
            a.problem(say("port_taken", port=port, first=ports[port], source=edge.source), edge.target, "edges")
            continue
        ports[port] = edge.source
    for node_id, layer in a.layers.items():
        for port in layer.ports:
            if port not in a.inputs.get(node_id, {}):
                unconnected = say("port_unconnected", port=port) if len(layer.ports) > 1 else say("input_unconnected")
                a.problem(unconnected, node_id, "edges")


def _find_input(a: _Analysis) -> str | None:
    inputs = [n for n, layer in a.layers.items() if not layer.ports]
    if not inputs:
        a.problem(say("no_input"))
        return None
    for extra in inputs[1:]:
        a.problem(say("second_input", first=inputs[0]), extra, "type")
    return inputs[0]


def _topological_order(a: _Analysis) -> list[str] | None:
    ids = [n.id for n in a.graph.nodes]
    indegree = {n: 0 for n in ids}
    for targets in a.successors.values():
        for t in targets:
            indegree[t] += 1
    ready = deque(n for n in ids if indegree[n] == 0)
    order: list[str] = []
    while ready:
        n = ready.popleft()
        order.append(n)
        for t in a.successors.get(n, []):
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    if len(order) < len(set(ids)):
        for n in ids:
            if indegree[n] > 0:
                a.problem(say("cycle"), n, "edges")
        return None
    return order


def _find_output(a: _Analysis) -> str | None:
    ids = {n.id for n in a.graph.nodes}
    if a.graph.output is not None:
        if a.graph.output not in ids:
            a.problem(say("output_not_a_node", output=a.graph.output), None, "output")
            return None
        return a.graph.output
    sinks = [n.id for n in a.graph.nodes if not a.successors.get(n.id) and n.id in a.layers
             and a.layers[n.id].ports]
    if len(sinks) == 1:
        return sinks[0]
    if not sinks:
        a.problem(say("no_output"), None, "output")
    else:
        a.problem(say("many_outputs", count=len(sinks), outputs=", ".join(sinks)), None, "output")
    return None


def _infer_shapes(a: _Analysis, order: list[str], input_id: str | None, input_shape: Shape) -> None:
    for node_id in order:
        layer, params = a.layers.get(node_id), a.params.get(node_id)
        if layer is None or params is None:
            continue
        if node_id == input_id:
            in_shapes: list[Shape] = [input_shape]
        else:
            sources = [a.inputs.get(node_id, {}).get(p) for p in layer.ports]
            if not layer.ports or any(s is None or s not in a.shapes for s in sources):
                continue  # an upstream problem is already reported
            in_shapes = [a.shapes[s] for s in sources if s is not None]
        try:
            a.shapes[node_id] = tuple(layer.infer(params, in_shapes))
            a.counts[node_id], a.matrix_counts[node_id] = layer.count_params(params, in_shapes)
            if layer.explain is not None:
                a.explains[node_id] = layer.explain(params, in_shapes)
            if layer.scratch is not None:
                a.scratch[node_id] = layer.scratch(params, in_shapes)
        except ShapeError as err:
            a.problem(err.said, node_id, err.field)


def _input_shape(a: _Analysis, input_id: str | None, dataset_shape: Shape | None,
                 dataset_vocab: int | None) -> Shape | None:
    """The Input's declared shape, else the dataset's; a declared shape must match the dataset's when both exist,
    and so must a declared vocabulary."""
    params = a.params.get(input_id) if input_id else None
    shape: list[int] | None = getattr(params, "shape", None)
    declared = tuple(shape) if shape else None
    vocab = getattr(params, "vocab_size", None) if params is not None else None
    if declared is not None and dataset_shape is not None and declared != tuple(dataset_shape):
        a.problem(say("input_shape_differs", declared=list(declared), given=list(dataset_shape)), input_id, "shape")
    if vocab is not None and dataset_vocab is not None and vocab != dataset_vocab:
        a.problem(say("vocab_differs", declared=vocab, given=dataset_vocab), input_id, "vocab_size")
    if declared is None and dataset_shape is None and input_id is not None:
        a.problem(say("input_without_shape"), input_id, "shape")
    return declared if declared is not None else (tuple(dataset_shape) if dataset_shape is not None else None)


def _check_reachability(a: _Analysis, order: list[str], output_id: str) -> None:
    feeds_output = {output_id}
    for node_id in reversed(order):
        if any(t in feeds_output for t in a.successors.get(node_id, [])):
            feeds_output.add(node_id)
    for node_id in order:
        if node_id not in feeds_output:
            a.problem(say("not_leading_to_output", output=output_id), node_id, "edges")


def activation_bytes(shapes: Iterable[Shape], scratch: Iterable[int] = ()) -> int:
    """Float32 activation memory of one example: every node's output (the Input's too) and what a layer holds
    inside (attention weights: heads × queries × keys) is kept for the backward pass, so this is
    (Σ numel(output) + Σ scratch) × 4 bytes. Training needs about batch × this × 2 (forward activations and their
    gradients); workspace, weights and optimizer state are not counted."""
    return 4 * (sum(math.prod(shape) for shape in shapes) + sum(scratch))


# The parameter that sets each output layer's width, for the inspector to highlight when the width is wrong.
WIDTH_PARAMS = {"Linear": "out_features", "TokenLinear": "out_features", "Conv2d": "out_channels",
                "ConvTranspose2d": "out_channels"}


def _check_task(a: _Analysis, output_id: str, task: Task, input_shape: Shape) -> None:
    """The output must have a shape the task accepts (its `output` rule); the message names the output node.
    A task that needs a layer (the VAE's Sampling) says so when the graph has none."""
    needed_layer = task.type.needs_layer
    if needed_layer and not any(layer.name == needed_layer for layer in a.layers.values()):
        a.problem(say("task_needs_layer", kind=task.kind, layer=needed_layer), None, "graph")
    shape = a.shapes[output_id]
    want = task.type.output(task, input_shape)
    if shape in want.shapes:
        return
    needed = say("shape_and_goal", shape=list(want.shapes[0]), goal=want.goal) if len(want.shapes) == 1 else want.goal
    a.problem(say("output_shape", shape=list(shape), kind=Named("tasks", task.kind), needed=needed), output_id,
              WIDTH_PARAMS.get(a.layers[output_id].name))


def _sources(a: _Analysis, node_id: str) -> tuple[str, ...]:
    ports = a.inputs.get(node_id, {})
    return tuple(ports[p] for p in a.layers[node_id].ports)
