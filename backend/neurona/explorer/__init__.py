"""Backprop by hand: a typed expression of named scalars, its graph, forward values and gradients."""

from .backprop import backprop, build_graph, describe
from .errors import ExpressionError
from .operations import OPERATIONS, Operation

__all__ = ["OPERATIONS", "ExpressionError", "Operation", "backprop", "build_graph", "describe"]
