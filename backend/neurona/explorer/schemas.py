"""Request and response models of the backprop explorer (documented in the OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expression: str = Field(description="An expression of named scalars, e.g. (a*b + c) * relu(a)")


class BackpropRequest(ParseRequest):
    values: dict[str, FiniteFloat] = Field(
        default_factory=dict, description="A value for every variable of the expression; others are ignored")


class ParsedExpression(BaseModel):
    expression: str
    variables: list[str] = Field(description="The variables in the order they first appear")


class ExpressionEdge(BaseModel):
    """One input of a node: where it comes from and what flows back along it."""

    source: str = Field(description="Id of the input node")
    rule: str = Field(description="The local derivative as a formula in x, y (the inputs) and f (the node)")
    local_grad: float | None = Field(
        description="∂node/∂input at these values; null where the input is a constant (nothing to differentiate)")
    contribution: float | None = Field(
        description="d(output)/d(node) × local_grad: what this use adds to the input's accumulated gradient")


class ExpressionNode(BaseModel):
    id: str
    op: str = Field(description="An operation name from the table, or 'variable' / 'constant'")
    label: str = Field(description="What to draw: the operator's sign, the function's or variable's name, the number")
    title: str = Field(description="The operation in words, e.g. 'product'")
    text: str = Field(description="The source of the subexpression this node computes")
    column: int = Field(description="1-based column of its operator, name or number in the expression")
    value: float = Field(description="Forward value")
    grad: float | None = Field(
        description="Accumulated d(output)/d(node), the sum of the contributions of its uses; null for constants")
    inputs: list[ExpressionEdge]


class BackpropResult(ParsedExpression):
    output: float = Field(description="The expression's value")
    output_id: str
    nodes: list[ExpressionNode] = Field(description="Every node, inputs before the nodes that use them")
    schedule: list[str] = Field(
        description="Node ids in the order the backward pass visits them (reverse topological, output first); "
                    "each is visited after every node that uses it, so its gradient is complete when visited")
