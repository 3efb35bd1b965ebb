"""Errors that carry user-facing problems, each naming where it lives and what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel


class Issue(BaseModel):
    """One problem with a request: the graph node (if any), the field, and a sentence that says what to do."""

    node: str | None = None
    field: str | None = None
    message: str


class SpecError(Exception):
    """A spec, dataset or setting the user sent cannot be used; answered as 422 with every issue listed."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues

    @classmethod
    def one(cls, message: str, *, node: str | None = None, field: str | None = None) -> SpecError:
        return cls([Issue(node=node, field=field, message=message)])


class _Short:
    """An offending value as a message quotes it: its repr, cut short, so a huge input is not echoed back whole."""

    LIMIT = 80

    def __init__(self, value: object):
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= self.LIMIT else f"{text[:self.LIMIT]}… ({len(text)} characters)"


def describe_validation_error(err: Mapping[str, Any]) -> str:
    """Turn one pydantic error into a sentence a student can act on."""
    ctx = err.get("ctx") or {}
    got = _Short(err.get("input"))
    kind = err.get("type", "")
    sentences = {
        "greater_than_equal": f"must be ≥ {ctx.get('ge')} (got {got!r})",
        "greater_than": f"must be > {ctx.get('gt')} (got {got!r})",
        "less_than_equal": f"must be ≤ {ctx.get('le')} (got {got!r})",
        "less_than": f"must be < {ctx.get('lt')} (got {got!r})",
        "missing": "is required",
        "extra_forbidden": "is not a known field; remove it",
        "int_parsing": f"must be a whole number (got {got!r})",
        "int_from_float": f"must be a whole number (got {got!r})",
        "float_parsing": f"must be a number (got {got!r})",
        "bool_parsing": f"must be true or false (got {got!r})",
        "int_type": f"must be a whole number (got {got!r})",
        "float_type": f"must be a number (got {got!r})",
        "bool_type": f"must be true or false (got {got!r})",
        "string_type": f"must be text (got {got!r})",
        "finite_number": f"must be a finite number (got {got!r})",
        "too_long": f"must have at most {ctx.get('max_length')} items or characters",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters long",
        "literal_error": f"must be one of {ctx.get('expected')} (got {got!r})",
        "enum": f"must be one of {ctx.get('expected')} (got {got!r})",
    }
    return sentences.get(kind, err.get("msg", "is invalid"))


def field_path(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body",))
