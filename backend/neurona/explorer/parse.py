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

from ..i18n.messages import Joined, Said, say
from .errors import ExpressionError
from .operations import FUNCTIONS, INFIX, OPERATIONS, PREFIX

MAX_LENGTH = 500
MAX_DEPTH = 120

# What each terminal is called in a message.
TERMINAL_WORDS: dict[str, str | Said] = {
    "NUMBER": say("a_number"), "NAME": say("a_name"), "LPAR": "'('", "RPAR": "')'", "COMMA": "','",
    "SUM_OP": say("plus_or_minus"), "PRODUCT_OP": say("times_or_divided"), "POWER_OP": "^", "PREFIX_OP": "−",
    "$END": say("the_end"),
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
        raise ExpressionError(say("expression_empty"), 1)
    if len(source) > MAX_LENGTH:
        raise ExpressionError(say("expression_too_long", limit=MAX_LENGTH), MAX_LENGTH + 1)
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
            raise ExpressionError(say("expression_too_deep", limit=MAX_DEPTH), column)
        if isinstance(node, Tree):
            stack.extend((child, depth + 1) for child in node.children if child is not None)


def _describe(token: Token) -> str | Said:
    return say("the_end") if token.type == "$END" else f"'{token.value}'"


def _syntax_error(source: str, err: UnexpectedInput) -> ExpressionError:
    if isinstance(err, UnexpectedCharacters):
        char = source[err.pos_in_stream]
        return ExpressionError(say("character_not_allowed", char=char), err.column)
    if not isinstance(err, UnexpectedToken):
        return ExpressionError(say("expression_unreadable"), max(err.column, 1))
    token, expected = err.token, set(err.expected)
    at_end = token.type == "$END"
    column = len(source.rstrip()) + 1 if at_end else token.column
    if at_end and expected & OPERAND_STARTS:
        return ExpressionError(say("ends_too_early"), column)
    if at_end and "RPAR" in expected:
        return ExpressionError(say("missing_parenthesis"), column)
    if token.type in {"NAME", "NUMBER", "LPAR"} and expected & OPERATORS:
        return ExpressionError(say("missing_operator", token=_describe(token)), column)
    if token.type == "RPAR" and "RPAR" not in expected and not expected & OPERAND_STARTS:
        return ExpressionError(say("unmatched_parenthesis"), column)
    words = sorted((TERMINAL_WORDS[name] for name in set(expected) if name in TERMINAL_WORDS), key=str)
    return ExpressionError(say("unexpected_token", token=_describe(token), expected=Joined(list(dict.fromkeys(words)))),
                           column)


def _build(node: Tree | Token, source: str) -> Expr:
    if isinstance(node, Token):  # never reached for a well-formed tree; guards the type
        raise ExpressionError(say("expression_unreadable"), node.column or 1)
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
        raise ExpressionError(say("name_is_function", name=token.value), token.column)
    return Expr("variable", (), token.column, text, name=token.value)


def _call(node: Tree, source: str, text: str) -> Expr:
    name, args = node.children
    operation = FUNCTIONS.get(name.value)
    if operation is None:
        known = ", ".join(op.symbols[0] for op in OPERATIONS if op.notation == "function")
        raise ExpressionError(say("unknown_function", name=name.value, known=known), name.column)
    inputs = tuple(_build(arg, source) for arg in (args.children if args is not None else []))
    if len(inputs) != operation.arity:
        takes = say("takes_one_argument" if operation.arity == 1 else "takes_arguments", name=name.value,
                    count=operation.arity, got=len(inputs))
        raise ExpressionError(takes, name.column)
    return Expr(operation.name, inputs, name.column, text)


# One builder per grammar rule that survives in the tree (the others are inlined by "?").
BUILDERS = {"number": _number, "variable": _variable, "call": _call, "prefix": _prefix, "infix": _infix}
