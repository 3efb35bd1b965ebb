"""Forward values, local gradients and the chain rule for a parsed expression, computed by torch.autograd.

Every use of a node feeds its operation through its own alias tensor (a clone), so autograd itself reports what
each use contributes (the alias's gradient) as well as the sum a node accumulates (its own gradient): a variable
used twice shows both terms and their total, and no gradient is multiplied out by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
from torch import Tensor

from ..i18n.messages import say
from .errors import ExpressionError
from .operations import BY_NAME
from .parse import Expr, parse
from .schemas import BackpropResult, ExpressionEdge, ExpressionNode, ParsedExpression

MAX_NODES = 200
MAX_VARIABLES = 20


@dataclass
class Node:
    """A node of the expression graph; a variable is one node however often it is used."""

    id: str
    expr: Expr
    inputs: list[Node] = field(default_factory=list)


@dataclass
class Evaluated:
    """The tensors of one node: its value and, per input, the alias that use of the input went through."""

    value: Tensor
    aliases: list[Tensor]


def build_graph(source: str) -> list[Node]:
    """The nodes of `source` in topological order (every input before the nodes that use it)."""
    nodes: list[Node] = []
    variables: dict[str, Node] = {}

    def visit(expr: Expr) -> Node:
        if expr.name is not None and expr.name in variables:
            return variables[expr.name]
        inputs = [visit(child) for child in expr.inputs]
        if len(nodes) >= MAX_NODES:
            raise ExpressionError(say("too_many_operations", limit=MAX_NODES), expr.column)
        node = Node(f"n{len(nodes)}", expr, inputs)
        nodes.append(node)
        if expr.name is not None:
            if len(variables) >= MAX_VARIABLES:
                raise ExpressionError(say("too_many_variables", limit=MAX_VARIABLES), expr.column)
            variables[expr.name] = node
        return node

    visit(parse(source))
    return nodes


def variables_of(nodes: list[Node]) -> list[str]:
    return [n.expr.name for n in nodes if n.expr.name is not None]


def describe(source: str) -> ParsedExpression:
    return ParsedExpression(expression=source, variables=variables_of(build_graph(source)))


def backprop(source: str, values: dict[str, float]) -> BackpropResult:
    """Evaluate `source` at `values` in float64 and run the backward pass from its output."""
    nodes = build_graph(source)
    evaluated: dict[str, Evaluated] = {}
    for node in nodes:
        evaluated[node.id] = _forward(node, [evaluated[i.id].value for i in node.inputs], values)
    output = evaluated[nodes[-1].id].value
    local_grads = {node.id: _local_grads(node, evaluated[node.id]) for node in nodes}
    # Tensors that retain their gradient also keep what the local-gradient passes sent them; start clean.
    for tensor in (t for e in evaluated.values() for t in (e.value, *e.aliases)):
        tensor.grad = None
    if output.requires_grad:
        output.backward()
    graph = [_describe_node(node, evaluated[node.id], local_grads[node.id]) for node in nodes]
    for item in graph:
        if item.grad is not None and not math.isfinite(item.grad):
            raise ExpressionError(say("gradient_overflows", text=item.text), item.column)
    return BackpropResult(expression=source, variables=variables_of(nodes), output=output.item(),
                          output_id=nodes[-1].id, nodes=graph,
                          schedule=[n.id for n in reversed(graph) if n.grad is not None])


def _forward(node: Node, inputs: list[Tensor], values: dict[str, float]) -> Evaluated:
    expr = node.expr
    if expr.value is not None:
        return Evaluated(torch.tensor(expr.value, dtype=torch.float64), [])
    if expr.name is not None:
        if expr.name not in values:
            raise ExpressionError(say("variable_without_value", name=expr.name), expr.column,
                                  field=f"values.{expr.name}")
        return Evaluated(torch.tensor(values[expr.name], dtype=torch.float64, requires_grad=True), [])
    operation = BY_NAME[expr.op]
    problem = operation.domain(*(x.item() for x in inputs)) if operation.domain else None
    if problem:
        raise ExpressionError(say("domain_problem", problem=problem, text=expr.text), expr.column)
    aliases = [x.clone() for x in inputs]
    for alias in aliases:
        if alias.requires_grad:
            alias.retain_grad()
    value = operation.forward(*aliases)
    if not math.isfinite(value.item()):
        raise ExpressionError(say("value_not_finite", title=operation.title, text=expr.text, value=value.item()),
                              expr.column)
    if value.requires_grad:
        value.retain_grad()
    return Evaluated(value, aliases)


def _local_grads(node: Node, evaluated: Evaluated) -> list[float | None]:
    """∂node/∂input for each input that depends on a variable (None for a constant input)."""
    wanted = [a for a in evaluated.aliases if a.requires_grad]
    if not wanted:
        return [None] * len(evaluated.aliases)
    found = iter(torch.autograd.grad(evaluated.value, wanted, retain_graph=True))
    grads = [next(found).item() if a.requires_grad else None for a in evaluated.aliases]
    for grad, source in zip(grads, node.inputs, strict=True):
        if grad is not None and not math.isfinite(grad):
            raise ExpressionError(say("derivative_not_real", text=node.expr.text, source=source.expr.text, grad=grad),
                                  node.expr.column)
    return grads


def _describe_node(node: Node, evaluated: Evaluated, local_grads: list[float | None]) -> ExpressionNode:
    expr = node.expr
    operation = BY_NAME.get(expr.op)
    edges = [
        ExpressionEdge(source=source.id, rule=operation.rules[k] if operation else "", local_grad=grad,
                  contribution=None if alias.grad is None else alias.grad.item())
        for k, (source, alias, grad) in enumerate(zip(node.inputs, evaluated.aliases, local_grads, strict=True))
    ]
    grad = evaluated.value.grad
    return ExpressionNode(
        id=node.id, op=expr.op, label=_label(expr), title=operation.title if operation else expr.op,
        text=expr.text, column=expr.column, value=evaluated.value.item(),
        grad=None if grad is None else grad.item(), inputs=edges)


def _label(expr: Expr) -> str:
    if expr.name is not None:
        return expr.name
    if expr.value is not None:
        return expr.text
    return BY_NAME[expr.op].symbols[0]
