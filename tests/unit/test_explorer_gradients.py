"""The explorer's numbers against derivatives worked out by hand, the chain rule's bookkeeping (per-use
contributions, sums, the backward order), and the value errors."""

from __future__ import annotations

import math

import pytest

from neurona.explorer import ExpressionError, backprop
from neurona.explorer.schemas import BackpropResult, ExpressionNode

E = math.e
SIG = 1 / (1 + math.exp(-0.3))

# (expression, values, f, {variable: df/dvariable}), every derivative written out analytically.
ANALYTIC: list[tuple[str, dict[str, float], float, dict[str, float]]] = [
    ("a*b + a", {"a": 2, "b": 3}, 8, {"a": 3 + 1, "b": 2}),                      # d/da = b + 1
    ("a + b", {"a": 1.5, "b": -2}, -0.5, {"a": 1, "b": 1}),
    ("a - b", {"a": 5, "b": 3}, 2, {"a": 1, "b": -1}),
    ("a / b", {"a": 3, "b": 2}, 1.5, {"a": 1 / 2, "b": -3 / 4}),                # 1/b, -a/b²
    ("a^3", {"a": 2}, 8, {"a": 3 * 4}),                                          # 3a²
    ("a**b", {"a": 2, "b": 3}, 8, {"a": 3 * 4, "b": 8 * math.log(2)}),          # b·a^(b-1), a^b·ln a
    ("2^a^2", {"a": 1.5}, 2**2.25, {"a": 2**2.25 * math.log(2) * 3}),          # 2^(a²)·ln 2·2a
    ("-a^2", {"a": 3}, -9, {"a": -6}),
    ("a^2", {"a": -2}, 4, {"a": -4}),
    ("exp(a)*b", {"a": 0.5, "b": 2}, 2 * E**0.5, {"a": 2 * E**0.5, "b": E**0.5}),
    ("log(a*b)", {"a": 2, "b": 5}, math.log(10), {"a": 1 / 2, "b": 1 / 5}),
    ("relu(a)*b", {"a": -1, "b": 4}, 0, {"a": 0, "b": 0}),
    ("relu(a)*b", {"a": 2, "b": 4}, 8, {"a": 4, "b": 2}),
    ("sigmoid(a)", {"a": 0.3}, SIG, {"a": SIG * (1 - SIG)}),
    ("tanh(w1*x1 + w2*x2 + b)", {"w1": -3, "x1": 2, "w2": 1, "x2": 0, "b": 6.8813735870195432},
     math.sqrt(0.5), {"w1": 0.5 * 2, "x1": 0.5 * -3, "w2": 0.5 * 0, "x2": 0.5 * 1, "b": 0.5}),  # 1 - tanh² = 0.5
    ("max(a, b) * a", {"a": 3, "b": 1}, 9, {"a": 2 * 3, "b": 0}),               # max = a: d(a²)/da
    ("max(a, b) * a", {"a": 1, "b": 3}, 3, {"a": 3, "b": 1}),                   # max = b: d(ab)
    ("min(a, b) + a*b", {"a": 2, "b": 5}, 12, {"a": 1 + 5, "b": 2}),
    ("a*a*a", {"a": 1.5}, 3.375, {"a": 3 * 1.5**2}),                            # one variable, three uses
    ("(a*b + c) * relu(a)", {"a": 2, "b": -3, "c": 10}, 8, {"a": -3 * 2 + 4, "b": 2 * 2, "c": 2}),
    ("−a × b ÷ c", {"a": 2, "b": 3, "c": 4}, -1.5, {"a": -3 / 4, "b": -2 / 4, "c": 6 / 16}),
    ("2*a - 3/a", {"a": 2}, 2.5, {"a": 2 + 3 / 4}),                             # 2 + 3/a²
    ("exp(-a^2/2)", {"a": 1}, E**-0.5, {"a": -(E**-0.5)}),                      # -a·exp(-a²/2)
    ("x + 2.5e-1*x", {"x": 4}, 5, {"x": 1.25}),
    ("tanh(u) - log(u)", {"u": 0.5}, math.tanh(0.5) - math.log(0.5), {"u": 1 - math.tanh(0.5) ** 2 - 2}),
]


def by_label(result: BackpropResult) -> dict[str, ExpressionNode]:
    return {n.label: n for n in result.nodes}


@pytest.mark.parametrize(("source", "values", "value", "grads"), ANALYTIC, ids=[row[0] for row in ANALYTIC])
def test_values_and_gradients_match_the_analytic_derivatives(
        source: str, values: dict[str, float], value: float, grads: dict[str, float]) -> None:
    result = backprop(source, values)
    assert result.output == pytest.approx(value, rel=1e-12, abs=1e-12)
    nodes = by_label(result)
    assert result.variables == list(grads)
    for name, expected in grads.items():
        assert nodes[name].value == values[name]
        assert nodes[name].grad == pytest.approx(expected, rel=1e-12, abs=1e-12), name
    assert nodes[result.nodes[-1].label].grad == 1.0


def test_a_variable_used_twice_shows_each_use_and_their_sum() -> None:
    result = backprop("a*b + a", {"a": 2, "b": 3})
    ids = {n.id: n for n in result.nodes}
    a = by_label(result)["a"]
    uses = [(ids[n.id].label, edge) for n in result.nodes for edge in n.inputs if edge.source == a.id]
    # Through the product: 1 (its gradient) × b = 3; through the sum directly: 1 × 1 = 1.
    assert [(label, e.local_grad, e.contribution) for label, e in uses] == [("×", 3.0, 3.0), ("+", 1.0, 1.0)]
    assert a.grad == sum(e.contribution for _, e in uses) == 4.0


def test_each_contribution_is_the_users_gradient_times_the_local_one() -> None:
    result = backprop("(a*b + c) * relu(a) + exp(c/a)", {"a": 2, "b": -3, "c": 10})
    ids = {n.id: n for n in result.nodes}
    for node in result.nodes:
        for edge in node.inputs:
            if edge.local_grad is not None:
                assert edge.contribution == pytest.approx(node.grad * edge.local_grad, rel=1e-12)
        users = [e.contribution for n in result.nodes for e in n.inputs if e.source == node.id]
        if users and node.grad is not None:
            assert node.grad == pytest.approx(sum(users), rel=1e-12), ids[node.id].text


def test_the_schedule_visits_every_node_after_all_its_users() -> None:
    result = backprop("(a*b + c) * relu(a) + a", {"a": 2, "b": -3, "c": 10})
    order = {node_id: k for k, node_id in enumerate(result.schedule)}
    assert result.schedule[0] == result.output_id
    assert set(order) == {n.id for n in result.nodes if n.grad is not None}
    for node in result.nodes:
        for edge in node.inputs:
            if edge.source in order:
                assert order[node.id] < order[edge.source]


def test_constants_carry_no_gradient() -> None:
    result = backprop("2*a + 3", {"a": 4})
    nodes = by_label(result)
    assert nodes["2"].grad is None and nodes["3"].grad is None
    product = nodes["×"]
    assert [e.local_grad for e in product.inputs] == [None, 2.0]
    assert nodes["2"].id not in result.schedule
    assert backprop("2 + 3", {}).schedule == []


@pytest.mark.parametrize(("source", "values", "column", "words"), [
    ("log(a - 1)", {"a": 0.5}, 1, "log needs a positive number, but its argument is -0.5"),
    ("log(a)", {"a": 0}, 1, "log needs a positive number"),
    ("a / (b - b)", {"a": 1, "b": 2}, 3, "division by zero"),
    ("1 + a^0.5", {"a": -1}, 6, "not a real number"),
    ("1 / a^2", {"a": 0}, 3, "division by zero"),
    ("a^-1", {"a": 0}, 2, "0 to a negative power"),
    ("exp(a)", {"a": 1000}, 1, "not a finite number"),
    ("a^b", {"a": -2, "b": 2}, 2, "derivative of a^b with respect to b"),
    ("a^0.5", {"a": 0}, 2, "derivative of a^0.5 with respect to a is inf"),
])
def test_value_errors_say_what_and_where(source: str, values: dict[str, float], column: int, words: str) -> None:
    with pytest.raises(ExpressionError) as err:
        backprop(source, values)
    assert err.value.column == column
    assert words in err.value.issues[0].message


def test_a_missing_value_names_the_variable() -> None:
    with pytest.raises(ExpressionError, match="'b' has no value") as err:
        backprop("a * b", {"a": 1, "c": 2})
    assert err.value.column == 5
    assert err.value.issues[0].field == "values.b"
