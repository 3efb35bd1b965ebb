"""Graph validation and shape inference, in process: every bad spec names its node and field, and the inferred
shapes and parameter counts are exactly what the built PyTorch model produces."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neurona.layers import LAYERS, ShapeError
from neurona.model import GraphModel
from neurona.spec import GraphSpec, Task, analyze

BINARY = Task("classification", 2)
CIRCLE_INPUT = (2,)


def graph(nodes: list[tuple[str, str] | tuple[str, str, dict[str, Any]]], edges: list[tuple[str, str]],
          output: str | None = None) -> GraphSpec:
    """A spec from (id, type[, params]) tuples and (source, target) pairs."""
    return GraphSpec.model_validate({
        "nodes": [{"id": n[0], "type": n[1], "params": n[2] if len(n) > 2 else {}} for n in nodes],
        "edges": [{"source": s, "target": t} for s, t in edges],
        "output": output,
    })


def chain(*layers: tuple[str, str] | tuple[str, str, dict[str, Any]], output: str | None = None) -> GraphSpec:
    """Input `in` followed by `layers` in a line."""
    nodes = [("in", "Input"), *layers]
    ids = [n[0] for n in nodes]
    return graph(nodes, list(itertools.pairwise(ids)), output)


def errors(spec: GraphSpec, input_shape: tuple[int, ...] = CIRCLE_INPUT, task: Task | None = BINARY) -> list:
    report, plan = analyze(spec, input_shape, task)
    assert not report.valid and plan is None, "an invalid graph must give no plan"
    assert report.errors, "an invalid report must list its errors"
    return [e.model_dump() for e in report.errors]


def error_on(items: list[dict], node: str | None, field: str | None) -> dict:
    found = [e for e in items if e["node"] == node and e["field"] == field]
    assert found, f"no error for node={node!r} field={field!r}: {items}"
    return found[0]


# -- bad specs: each error names the node and the field ---------------------------------------------------------
def test_a_valid_mlp_has_a_plan_and_no_errors() -> None:
    spec = chain(("fc1", "Linear", {"out_features": 8}), ("act1", "Tanh"), ("out", "Linear", {"out_features": 1}))
    report, plan = analyze(spec, CIRCLE_INPUT, BINARY)
    assert report.valid and report.errors == []
    assert plan is not None and plan.input_id == "in" and plan.output_id == "out"
    assert [n.id for n in plan.nodes] == ["in", "fc1", "act1", "out"]
    assert report.nodes["fc1"].output_shape == [8] and report.nodes["fc1"].params == 2 * 8 + 8
    assert report.total_params == 24 + 9 and report.output_shape == [1] and report.input_shape == [2]


def test_cycle_names_every_node_of_the_loop() -> None:
    spec = graph([("in", "Input"), ("out", "Linear", {"out_features": 1}), ("a", "Linear"), ("b", "Tanh")],
                 [("in", "out"), ("a", "b"), ("b", "a")], output="out")
    items = errors(spec)
    for node in ("a", "b"):
        assert "cycle" in error_on(items, node, "edges")["message"]
    assert all(e["node"] in ("a", "b") for e in items), items


def test_edge_to_a_missing_node_names_the_node_that_exists() -> None:
    spec = graph([("in", "Input"), ("out", "Linear", {"out_features": 1})], [("in", "out"), ("in", "ghost")])
    item = error_on(errors(spec), "in", "edges")
    assert "ghost" in item["message"] and "delete the edge" in item["message"]


def test_edge_from_a_missing_node_names_its_target() -> None:
    spec = graph([("in", "Input"), ("out", "Linear", {"out_features": 1})], [("in", "out"), ("ghost", "out")])
    assert "ghost" in error_on(errors(spec), "out", "edges")["message"]


@pytest.mark.parametrize(("typed", "meant"), [("Linaer", "Linear"), ("linear", "Linear"), ("Sigmod", "Sigmoid"),
                                              ("relu", "ReLU"), ("Relu", "ReLU"), ("gelu", "GELU")])
def test_unknown_type_suggests_the_closest_layer(typed: str, meant: str) -> None:
    spec = chain(("fc1", "Linear", {"out_features": 4}), ("act", typed), ("out", "Linear", {"out_features": 1}))
    item = error_on(errors(spec), "act", "type")
    assert typed in item["message"] and f"did you mean {meant}?" in item["message"]


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"out_features": 0}, "out_features", "≥ 1"),
    ({"out_features": 65537}, "out_features", "≤ 65536"),
    ({"out_features": "many"}, "out_features", "whole number"),
    ({"out_features": 1, "units": 3}, "units", "not a known field"),
])
def test_bad_parameter_names_its_field(params: dict, field: str, words: str) -> None:
    spec = chain(("out", "Linear", params))
    item = error_on(errors(spec), "out", field)
    assert words in item["message"]


def test_activation_parameter_out_of_range() -> None:
    spec = chain(("fc1", "Linear", {"out_features": 4}), ("act", "LeakyReLU", {"negative_slope": 2}),
                 ("out", "Linear", {"out_features": 1}))
    assert "≤ 1" in error_on(errors(spec), "act", "negative_slope")["message"]


def test_duplicate_ids() -> None:
    spec = graph([("in", "Input"), ("fc", "Linear", {"out_features": 1}), ("fc", "Linear", {"out_features": 1})],
                 [("in", "fc")])
    assert "share" in error_on(errors(spec), "fc", "id")["message"]


def test_two_inputs_blame_the_second() -> None:
    spec = graph([("in", "Input"), ("in2", "Input"), ("out", "Linear", {"out_features": 1})],
                 [("in", "out")], output="out")
    assert "one Input" in error_on(errors(spec), "in2", "type")["message"]


def test_no_input() -> None:
    spec = graph([("fc", "Linear", {"out_features": 1})], [])
    assert any("no Input" in e["message"] for e in errors(spec))


def test_unconnected_input_port() -> None:
    spec = graph([("in", "Input"), ("out", "Linear", {"out_features": 1}), ("lonely", "Tanh")],
                 [("in", "out")], output="out")
    assert "not connected" in error_on(errors(spec), "lonely", "edges")["message"]


def test_two_outputs_without_choosing_one() -> None:
    spec = graph([("in", "Input"), ("a", "Linear", {"out_features": 1}), ("b", "Linear", {"out_features": 1})],
                 [("in", "a"), ("in", "b")])
    item = error_on(errors(spec), None, "output")
    assert "2 outputs" in item["message"] and "a" in item["message"] and "b" in item["message"]


def test_two_sinks_are_fine_once_the_output_is_chosen_except_the_dead_end() -> None:
    spec = graph([("in", "Input"), ("out", "Linear", {"out_features": 1}), ("side", "Linear")],
                 [("in", "out"), ("in", "side")], output="out")
    items = errors(spec)
    assert "does not lead to the output" in error_on(items, "side", "edges")["message"]
    assert all(e["field"] != "output" for e in items)


def test_no_output_layer() -> None:
    assert "no output" in error_on(errors(graph([("in", "Input")], [])), None, "output")["message"]


def test_output_that_is_not_a_node() -> None:
    spec = chain(("out", "Linear", {"out_features": 1}), output="nope")
    assert "nope" in error_on(errors(spec), None, "output")["message"]


def test_linear_rule_rejects_a_3d_input() -> None:
    rule = LAYERS["Linear"]
    params = rule.params.model_validate({"out_features": 4})
    assert rule.infer(params, [(5,)]) == (4,)
    with pytest.raises(ShapeError, match="Flatten"):
        rule.infer(params, [(3, 4, 5)])


def test_shape_mismatch_in_a_graph_names_the_node_and_stops_downstream() -> None:
    spec = chain(("fc1", "Linear", {"out_features": 4}), ("act", "ReLU"), ("out", "Linear", {"out_features": 1}))
    report, plan = analyze(spec, (3, 4, 5), BINARY)
    assert plan is None and not report.valid
    item = error_on([e.model_dump() for e in report.errors], "fc1", None)
    assert "[3, 4, 5]" in item["message"] and "Flatten" in item["message"]
    assert report.nodes["in"].output_shape == [3, 4, 5]
    assert {"fc1", "act", "out"}.isdisjoint(report.nodes), "nodes downstream of an error have no shape"


def test_softmax_axis_that_does_not_exist() -> None:
    spec = chain(("fc1", "Linear", {"out_features": 2}), ("sm", "Softmax", {"dim": 3}))
    assert "dim 3" in error_on(errors(spec), "sm", "dim")["message"]


@pytest.mark.parametrize(("task", "units", "ok"), [
    (BINARY, 1, True), (BINARY, 2, True), (BINARY, 3, False),
    (Task("classification", 3), 3, True), (Task("classification", 3), 1, False),
    (Task("regression"), 1, True), (Task("regression"), 2, False),
])
def test_output_width_must_suit_the_task(task: Task, units: int, ok: bool) -> None:
    spec = chain(("fc1", "Linear", {"out_features": 4}), ("act", "Tanh"), ("out", "Linear", {"out_features": units}))
    report, plan = analyze(spec, CIRCLE_INPUT, task)
    assert report.valid is ok and (plan is not None) is ok
    if not ok:
        item = error_on([e.model_dump() for e in report.errors], "out", "out_features")
        assert f"[{units}]" in item["message"] and task.kind in item["message"]


def test_output_width_of_a_non_linear_output_blames_the_node() -> None:
    spec = chain(("fc1", "Linear", {"out_features": 3}), ("out", "Sigmoid"))
    error_on(errors(spec), "out", None)


def test_several_errors_are_reported_at_once() -> None:
    spec = graph([("in", "Input"), ("fc1", "Linear", {"out_features": 0}), ("act", "Tanhh"),
                  ("out", "Linear", {"out_features": 1, "colour": "red"})],
                 [("in", "fc1"), ("fc1", "act"), ("act", "out"), ("out", "nowhere")])
    items = errors(spec)
    error_on(items, "fc1", "out_features")
    assert "did you mean Tanh" in error_on(items, "act", "type")["message"]
    error_on(items, "out", "colour")
    error_on(items, "out", "edges")
    assert all(e["message"] for e in items)


# -- shapes and parameter counts equal the built model's --------------------------------------------------------
def built_shapes(spec: GraphSpec, input_shape: tuple[int, ...], task: Task | None = None,
                 batch: int = 3) -> tuple[Any, dict[str, tuple[int, ...]], GraphModel]:
    """The report, every node's real output shape (without the batch) on a seeded random input, and the model."""
    report, plan = analyze(spec, input_shape, task)
    assert report.valid and plan is not None, report.errors
    torch.manual_seed(0)
    model = GraphModel(plan, input_shape)
    seen: dict[str, tuple[int, ...]] = {}
    for node_id, module in model.layers.items():
        module.register_forward_hook(
            lambda _m, _i, out, node_id=node_id: seen.__setitem__(node_id, tuple(out.shape[1:])))
    x = torch.randn(batch, *input_shape, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        y = model(x)
    seen[plan.input_id] = tuple(x.shape[1:])
    assert tuple(y.shape) == (batch, *report.output_shape)
    return report, seen, model


def assert_matches_torch(spec: GraphSpec, input_shape: tuple[int, ...], task: Task | None = None) -> None:
    report, seen, model = built_shapes(spec, input_shape, task)
    assert set(seen) == set(report.nodes)
    for node_id, node in report.nodes.items():
        assert tuple(node.output_shape) == seen[node_id], node_id
        params = list(model.layers[node_id].parameters()) if node_id in model.layers else []
        assert node.params == sum(p.numel() for p in params), node_id
        assert node.matrix_params == sum(p.numel() for p in params if p.dim() >= 2), node_id
    assert report.total_params == sum(p.numel() for p in model.parameters())


ACTIVATIONS = ["Sign", "SignLinear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "GELU", "Identity", "Softmax"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_keeps_the_shape(activation: str) -> None:
    spec = chain(("fc1", "Linear", {"out_features": 5}), ("act", activation), ("drop", "Dropout", {"p": 0.2}),
                 ("out", "Linear", {"out_features": 2}))
    assert_matches_torch(spec, (2,), BINARY)


@pytest.mark.parametrize("bias", [True, False])
def test_linear_counts_its_bias_or_not(bias: bool) -> None:
    spec = chain(("out", "Linear", {"out_features": 7, "bias": bias}))
    report, _plan = analyze(spec, (4,))
    assert report.nodes["out"].params == 4 * 7 + (7 if bias else 0)
    assert_matches_torch(spec, (4,))


def test_flatten_then_linear_on_a_3d_input() -> None:
    spec = chain(("sm", "Softmax", {"dim": 0}), ("flat", "Flatten"), ("fc", "Linear", {"out_features": 6}),
                 ("act", "LeakyReLU", {"negative_slope": 0.1}), ("out", "Linear", {"out_features": 1}))
    report, _plan = analyze(spec, (3, 4, 5))
    assert report.nodes["flat"].output_shape == [60] and report.nodes["fc"].params == 60 * 6 + 6
    assert_matches_torch(spec, (3, 4, 5))


def test_nodes_listed_out_of_order_run_in_execution_order() -> None:
    spec = graph([("out", "Linear", {"out_features": 1}), ("act", "ReLU"), ("fc", "Linear", {"out_features": 3}),
                  ("in", "Input")], [("in", "fc"), ("fc", "act"), ("act", "out")])
    _report, plan = analyze(spec, (2,), BINARY)
    assert plan is not None and [n.id for n in plan.nodes] == ["in", "fc", "act", "out"]
    assert_matches_torch(spec, (2,), BINARY)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(features=st.integers(1, 7), widths=st.lists(st.integers(1, 48), min_size=0, max_size=4),
       activation=st.sampled_from(ACTIVATIONS), out=st.sampled_from([1, 2]), bias=st.booleans())
def test_random_mlps_match_torch(features: int, widths: list[int], activation: str, out: int, bias: bool) -> None:
    layers: list[tuple[str, str] | tuple[str, str, dict[str, Any]]] = []
    for i, width in enumerate(widths):
        layers += [(f"fc{i}", "Linear", {"out_features": width, "bias": bias}), (f"act{i}", activation)]
    layers.append(("out", "Linear", {"out_features": out}))
    spec = chain(*layers)
    report, _plan = analyze(spec, (features,), BINARY)
    expected, fan_in = 0, features
    for width in widths:
        expected += fan_in * width + (width if bias else 0)
        fan_in = width
    expected += fan_in * out + out
    assert report.total_params == expected
    assert_matches_torch(spec, (features,), BINARY)
