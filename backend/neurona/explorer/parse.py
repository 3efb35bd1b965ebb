"""Parsing a typed expression into a tree of whitelisted operations, with a Lark LALR grammar.

The grammar's terminals are generated from the operation table, so a symbol added there is accepted here; the
grammar itself fixes only precedence: sums < products < unary minus < powers (right-associative), so
-a^2 = -(a^2), a^b^c = a^(b^c) and a^-b is allowed, as in mathematics and Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .errors import ExpressionError
from .operations import FUNCTIONS, INFIX, OPERATIONS, PREFIX

MAX_LENGTH = 500
MAX_DEPTH = 120

# What each terminal is called in a message.
TERMINAL_WORDS = {
    "NUMBER": "a number", "NAME": "a name", "LPAR": "'('", "RPAR": "')'", "COMMA": "','",
    "SUM_OP": "+ or −", "PRODUCT_OP": "× or ÷", "POWER_OP": "^", "PREFIX_OP": "−", "$END": "the end",
}
OPERAND_STARTS = {"NUMBER", "NAME", "LPAR", "PREFIX_OP"}
OPERATORS = {"SUM_OP", "PRODUCT_OP", "POWER_OP"}


@dataclass(frozen=True)
class Expr:
    """One node of the parsed tree: an operation on inputs, a variable, or a numeric literal.

    `column` (1-based) is where its operator, function name, variable or literal is typed; `text` is the
    source of the whole subexpression.
    """

    op: str
    inputs: tuple[Expr, ...]
    column: int
    text: str
    name: str | None = None
    value: float | None = None


def _alternatives(symbols: set[str]) -> str:
    # Longest first, so "**" is read as one power sign rather than two products.
    return " | ".join(json.dumps(s, ensure_ascii=False) for s in sorted(symbols, key=lambda s: (-len(s), s)))


def _grammar() -> str:
    levels = {level: {s for s, op in INFIX.items() if op.precedence == level} for level in (1, 2, 3)}
    return rf"""
?start: sum
?sum: product | sum SUM_OP product -> infix
?product: unary | product PRODUCT_OP unary -> infix
?unary: power | PREFIX_OP unary -> prefix
?power: atom | atom POWER_OP unary -> infix
?atom: NUMBER -> number
     | NAME "(" [args] ")" -> call
     | NAME -> variable
     | "(" sum ")"
args: sum ("," sum)*
SUM_OP: {_alternatives(levels[1])}
PRODUCT_OP: {_alternatives(levels[2])}
POWER_OP: {_alternatives(levels[3])}
PREFIX_OP: {_alternatives(set(PREFIX))}
NUMBER: /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/
NAME: /[^\W\d]\w*/
%ignore /[ \t]+/
"""


@cache
def _parser() -> Lark:
    return Lark(_grammar(), parser="lalr", propagate_positions=True)


def parse(source: str) -> Expr:
    """The whitelisted tree of `source`, or an ExpressionError naming the column and what to do."""
    if not source.strip():
        raise ExpressionError("the expression is empty; type one, for example a*b + c", 1)
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters; shorten it", MAX_LENGTH + 1)
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as err:
        raise _syntax_error(source, err) from None
    _check_depth(tree)
    return _build(tree, source)


def _check_depth(tree: Tree | Token) -> None:
    """Refuse trees nested too deeply for the recursive steps that follow (walked without recursion here)."""
    stack: list[tuple[Tree | Token, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            column = node.meta.column if isinstance(node, Tree) and not node.meta.empty else 1
            raise ExpressionError(f"the expression nests more than {MAX_DEPTH} levels deep; simplify it", column)
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children if child is not None)


def _describe(token: Token) -> str:
    return "the end" if token.type == "$END" else f"'{token.value}'"


def _syntax_error(source: str, err: UnexpectedInput) -> ExpressionError:
    if isinstance(err, UnexpectedCharacters):
        char = source[err.pos_in_stream]
        return ExpressionError(f"'{char}' cannot appear in an expression; use numbers, names, + − × ÷ ^, "
                               "functions and parentheses", err.column)
    if not isinstance(err, UnexpectedToken):
        return ExpressionError("the expression cannot be read; check it", max(err.column, 1))
    token, expected = err.token, set(err.expected)
    at_end = token.type == "$END"
    column = len(source.rstrip()) + 1 if at_end else token.column
    if at_end and expected & OPERAND_STARTS:
        return ExpressionError("the expression ends too early; add what comes after the last operator", column)
    if at_end and "RPAR" in expected:
        return ExpressionError("a ')' is missing; close every '(' you opened", column)
    if token.type in {"NAME", "NUMBER", "LPAR"} and expected & OPERATORS:
        return ExpressionError(f"{_describe(token)} follows without an operator; write * between the two "
                               "(2*a, not 2a)", column)
    if token.type == "RPAR" and "RPAR" not in expected and not expected & OPERAND_STARTS:
        return ExpressionError("this ')' has no matching '('; remove it", column)
    words = sorted({TERMINAL_WORDS.get(name, name) for name in expected if name in TERMINAL_WORDS})
    return ExpressionError(f"unexpected {_describe(token)}; expected {', '.join(words)}", column)


def _build(node: Tree | Token, source: str) -> Expr:
    if isinstance(node, Token):  # never reached for a well-formed tree; guards the type
        raise ExpressionError("the expression cannot be read; check it", node.column or 1)
    return BUILDERS[node.data](node, source, source[node.meta.start_pos:node.meta.end_pos])


def _number(node: Tree, _source: str, text: str) -> Expr:
    token = node.children[0]
    return Expr("constant", (), token.column, text, value=float(token.value))


def _prefix(node: Tree, source: str, text: str) -> Expr:
    sign, operand = node.children
    return Expr(PREFIX[sign.value].name, (_build(operand, source),), sign.column, text)


def _infix(node: Tree, source: str, text: str) -> Expr:
    left, sign, right = node.children
    return Expr(INFIX[sign.value].name, (_build(left, source), _build(right, source)), sign.column, text)


def _variable(node: Tree, _source: str, text: str) -> Expr:
    token = node.children[0]
    if token.value in FUNCTIONS:
        raise ExpressionError(f"{token.value} is a function; write {token.value}(…) with its argument, or name the "
                              "variable differently", token.column)
    return Expr("variable", (), token.column, text, name=token.value)


def _call(node: Tree, source: str, text: str) -> Expr:
    name, args = node.children
    operation = FUNCTIONS.get(name.value)
    if operation is None:
        known = ", ".join(op.symbols[0] for op in OPERATIONS if op.notation == "function")
        raise ExpressionError(f"'{name.value}' is not a known function; use one of {known} (to multiply, write "
                              f"{name.value}*(…))", name.column)
    inputs = tuple(_build(arg, source) for arg in (args.children if args is not None else []))
    if len(inputs) != operation.arity:
        plural = "argument" if operation.arity == 1 else "arguments"
        raise ExpressionError(f"{name.value} takes {operation.arity} {plural}, not {len(inputs)}", name.column)
    return Expr(operation.name, inputs, name.column, text)


# One builder per grammar rule that survives in the tree (the others are inlined by "?").
BUILDERS = {"number": _number, "variable": _variable, "call": _call, "prefix": _prefix, "infix": _infix}
