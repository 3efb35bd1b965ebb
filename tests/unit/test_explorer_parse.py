"""The explorer's parser: precedence, associativity, unary minus, the operation table, and errors that point at
the right column."""

from __future__ import annotations

import pytest

from neurona.explorer import OPERATIONS, ExpressionError, backprop
from neurona.explorer.parse import MAX_DEPTH, MAX_LENGTH, Expr, parse


def shape(expr: Expr) -> str:
    """The tree fully parenthesised, so a test reads the grouping the parser chose."""
    if expr.name is not None:
        return expr.name
    if expr.value is not None:
        return expr.text
    return f"{expr.op}({', '.join(shape(i) for i in expr.inputs)})"


@pytest.mark.parametrize(("source", "tree"), [
    ("a + b*c", "add(a, mul(b, c))"),
    ("a*b + c", "add(mul(a, b), c)"),
    ("a - b - c", "sub(sub(a, b), c)"),          # left-associative
    ("a / b / c", "div(div(a, b), c)"),
    ("a^b^c", "pow(a, pow(b, c))"),              # right-associative
    ("a**b**c", "pow(a, pow(b, c))"),
    ("a^b*c", "mul(pow(a, b), c)"),
    ("-a^2", "neg(pow(a, 2))"),                  # minus binds looser than a power
    ("(-a)^2", "pow(neg(a), 2)"),
    ("a^-b", "pow(a, neg(b))"),
    ("-a*b", "mul(neg(a), b)"),
    ("a*-b", "mul(a, neg(b))"),
    ("a - -b", "sub(a, neg(b))"),
    ("--a", "neg(neg(a))"),
    ("(a + b) * c", "mul(add(a, b), c)"),
    ("a × b ÷ c − d", "sub(div(mul(a, b), c), d)"),
    ("−a · b", "mul(neg(a), b)"),
    ("max(a, b) + min(c, 2.5)", "add(max(a, b), min(c, 2.5))"),
    ("tanh(w1*x1 + w2*x2 + b)", "tanh(add(add(mul(w1, x1), mul(w2, x2)), b))"),
    ("w₁*x₁ + θ", "add(mul(w₁, x₁), θ)"),
    ("1.5e-3 * x + .5", "add(mul(1.5e-3, x), .5)"),
])
def test_precedence_and_associativity(source: str, tree: str) -> None:
    assert shape(parse(source)) == tree


@pytest.mark.parametrize(("source", "values", "expected"), [
    ("a - b - c", {"a": 10, "b": 3, "c": 2}, 5.0),       # (10-3)-2, not 10-(3-2)
    ("a^b^c", {"a": 2, "b": 3, "c": 2}, 512.0),          # 2^(3^2), not (2^3)^2 = 64
    ("-a^2", {"a": 3}, -9.0),
    ("2^-1", {}, 0.5),
])
def test_grouping_changes_the_value(source: str, values: dict[str, float], expected: float) -> None:
    assert backprop(source, values).output == pytest.approx(expected)


def test_every_function_in_the_table_is_accepted() -> None:
    for operation in (op for op in OPERATIONS if op.notation == "function"):
        args = ", ".join(["a", "b"][:operation.arity])
        assert parse(f"{operation.symbols[0]}({args})").op == operation.name


def test_columns_point_at_operators_and_names() -> None:
    tree = parse("exp(a) *  b")
    assert (tree.op, tree.column) == ("mul", 8)
    assert (tree.inputs[0].op, tree.inputs[0].column) == ("exp", 1)
    assert (tree.inputs[1].name, tree.inputs[1].column) == ("b", 11)


@pytest.mark.parametrize(("source", "column", "words"), [
    ("2a", 2, "write *"),
    ("a b", 3, "write *"),
    ("(a+b)(c)", 6, "write *"),
    ("a + ", 4, "ends too early"),
    ("(a + b", 7, "')' is missing"),
    ("max(a, b", 9, "')' is missing"),
    ("a + b)", 6, "no matching '('"),
    ("a $ b", 3, "'$' cannot appear"),
    ("a = b", 3, "'=' cannot appear"),
    ("foo(a) + 1", 1, "'foo' is not a known function"),
    ("2 * sqrt(a)", 5, "'sqrt' is not a known function"),
    ("max(a)", 1, "max takes 2 arguments, not 1"),
    ("relu(a, b)", 1, "relu takes 1 argument, not 2"),
    ("exp + 1", 1, "exp is a function"),
    ("a * * b", 5, "unexpected '*'"),
    ("max(a,)", 7, "unexpected ')'"),
    ("", 1, "empty"),
    ("   ", 1, "empty"),
])
def test_syntax_errors_name_the_column(source: str, column: int, words: str) -> None:
    with pytest.raises(ExpressionError) as err:
        parse(source)
    assert err.value.column == column
    issue = err.value.issues[0]
    assert words in issue.message and issue.message.startswith(f"column {column}:")
    assert issue.field == "expression"


def test_bounds_are_refused_with_a_column() -> None:
    with pytest.raises(ExpressionError, match=f"longer than {MAX_LENGTH}") as err:
        parse("a+" * 250 + "a")
    assert err.value.column == MAX_LENGTH + 1
    with pytest.raises(ExpressionError, match="nests more than"):
        parse("-(" * (MAX_DEPTH + 5) + "a" + ")" * (MAX_DEPTH + 5))
    # Parentheses alone add no depth: they only group.
    assert parse("(" * 200 + "a" + ")" * 200).name == "a"
    # A long chain of signs nests deeply too; refused, never a recursion error.
    with pytest.raises(ExpressionError, match="nests more than"):
        parse("-" * 400 + "a")
    with pytest.raises(ExpressionError, match="more than 20 variables") as err:
        backprop(" + ".join(f"v{i}" for i in range(21)), {f"v{i}": 1.0 for i in range(21)})
    assert err.value.column == len(" + ".join(f"v{i}" for i in range(20))) + 4
    with pytest.raises(ExpressionError, match="more than 200 operations"):
        backprop(" + ".join(["(1+1+1+1)"] * 30), {})
