"""The operations an expression may use: one declaration each, read by the parser, the evaluator and the docs.

An operator is found by its symbol(s), a function by its name; nothing else can appear in a parsed tree, so an
expression is data, never code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch
from torch import Tensor

from ..i18n.messages import Said, say

Notation = Literal["infix", "prefix", "function"]


@dataclass(frozen=True)
class Operation:
    """One operator or function.

    `symbols` are what a student may type (the first is the one shown); `rules` are the local derivatives with
    respect to each input, written with x (first input), y (second) and f (the node's own value), shown on the
    edges; the numbers themselves always come from torch.autograd. `domain` names what an input must satisfy,
    returning a sentence when it does not.
    """

    name: str
    symbols: tuple[str, ...]
    arity: int
    notation: Notation
    title: str
    forward: Callable[..., Tensor]
    rules: tuple[str, ...]
    precedence: int = 0  # infix only: 1 binds loosest (sums), 3 tightest (powers)
    domain: Callable[..., Said | None] | None = None


def _divisor_not_zero(_x: float, y: float) -> Said | None:
    return say("division_by_zero") if y == 0 else None


def _log_positive(x: float) -> Said | None:
    return None if x > 0 else say("log_not_positive", x=x)


def _real_power(x: float, y: float) -> Said | None:
    if x < 0 and not float(y).is_integer():
        return say("power_not_real", x=x, y=y)
    if x == 0 and y < 0:
        return say("zero_to_negative_power", y=y)
    return None


OPERATIONS: tuple[Operation, ...] = (
    Operation("add", ("+",), 2, "infix", "sum", torch.add, ("1", "1"), 1),
    Operation("sub", ("−", "-"), 2, "infix", "difference", torch.sub, ("1", "−1"), 1),
    Operation("mul", ("×", "*", "·"), 2, "infix", "product", torch.mul, ("y", "x"), 2),
    Operation("div", ("÷", "/"), 2, "infix", "quotient", torch.div, ("1/y", "−x/y²"), 2, _divisor_not_zero),
    Operation("pow", ("^", "**"), 2, "infix", "power", torch.pow, ("y·x^(y−1)", "f·ln x"), 3, _real_power),
    Operation("neg", ("−", "-"), 1, "prefix", "negation", torch.neg, ("−1",)),
    Operation("exp", ("exp",), 1, "function", "exponential", torch.exp, ("f",)),
    Operation("log", ("log",), 1, "function", "natural logarithm", torch.log, ("1/x",), domain=_log_positive),
    Operation("relu", ("relu",), 1, "function", "rectified linear unit", torch.relu, ("1 if x > 0 else 0",)),
    Operation("sigmoid", ("sigmoid",), 1, "function", "logistic sigmoid", torch.sigmoid, ("f·(1 − f)",)),
    Operation("tanh", ("tanh",), 1, "function", "hyperbolic tangent", torch.tanh, ("1 − f²",)),
    # At a tie torch splits the gradient evenly between the two inputs.
    Operation("max", ("max",), 2, "function", "maximum", torch.maximum,
              ("1 if x > y, ½ if x = y, else 0", "1 if y > x, ½ if x = y, else 0")),
    Operation("min", ("min",), 2, "function", "minimum", torch.minimum,
              ("1 if x < y, ½ if x = y, else 0", "1 if y < x, ½ if x = y, else 0")),
)

BY_NAME = {op.name: op for op in OPERATIONS}
FUNCTIONS = {symbol: op for op in OPERATIONS if op.notation == "function" for symbol in op.symbols}
INFIX = {symbol: op for op in OPERATIONS if op.notation == "infix" for symbol in op.symbols}
PREFIX = {symbol: op for op in OPERATIONS if op.notation == "prefix" for symbol in op.symbols}
