"""Errors that carry user-facing problems, each naming where it lives and what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, PrivateAttr

from .i18n.language import Language
from .i18n.messages import Said, render, say


class Issue(BaseModel):
    """One problem with a request: the graph node (if any), the field, and a sentence that says what to do, in the
    request's language."""

    # An issue made with `Issue.said` keeps its template, so the answer can say it in the reader's language
    # (`in_language`); until then `message` is the English.

    node: str | None = None
    field: str | None = None
    message: str
    _said: Said | None = PrivateAttr(default=None)

    @classmethod
    def said(cls, said: Said, *, node: str | None = None, field: str | None = None) -> Issue:
        issue = cls(node=node, field=field, message=str(said))
        issue._said = said
        return issue

    def in_language(self, lang: Language) -> Issue:
        if self._said is None or lang == "en":
            return self
        return self.model_copy(update={"message": render(self._said, lang)})

    def without_node(self) -> Issue:
        """The issue as said before the node was named (`at_node`), where a form, not a graph, is at fault."""
        said = self._said
        if said is not None and said.key == "at_node":
            inner = said.args["message"]
            return Issue.said(inner, field=self.field) if isinstance(inner, Said) else Issue(field=self.field,
                                                                                               message=str(inner))
        return Issue(field=self.field, message=self.message.removeprefix(f"{self.node}: ") if self.node else
                     self.message)


class SpecError(Exception):
    """A spec, dataset or setting the user sent cannot be used; answered as 422 with every issue listed."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues

    @classmethod
    def one(cls, message: str | Said, *, node: str | None = None, field: str | None = None) -> SpecError:
        if isinstance(message, Said):
            return cls([Issue.said(message, node=node, field=field)])
        return cls([Issue(node=node, field=field, message=message)])


class Refusal(Exception):
    """A request that cannot be served as asked, answered with `status` and one sentence (`{"detail": ...}`) in
    the reader's language: a `Said` keeps its template until then."""

    status: ClassVar[int] = 400

    def __init__(self, message: str | Said, headers: dict[str, str] | None = None):
        super().__init__(str(message))
        self.said = message if isinstance(message, Said) else None
        self.headers = headers or {}

    def in_language(self, lang: Language) -> str:
        return render(self.said, lang) if self.said is not None else str(self)


class NotFound(Refusal, LookupError):
    status = 404


class Conflict(Refusal, RuntimeError):
    """The request is fine but the thing is in the wrong state for it (a finished run cannot start)."""

    status = 409


class TooLarge(Refusal):
    status = 413


class TooMany(Refusal):
    status = 429


class _Short:
    """An offending value as a message quotes it: its repr, cut short, so a huge input is not echoed back whole."""

    LIMIT = 80

    def __init__(self, value: object):
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= self.LIMIT else f"{text[:self.LIMIT]}… ({len(text)} characters)"


def describe_validation_error(err: Mapping[str, Any]) -> str:
    """Turn one pydantic error into a sentence a student can act on (in English; `explain_validation_error` keeps
    the template)."""
    said = explain_validation_error(err)
    return str(said) if said is not None else str(err.get("msg", "is invalid"))


# pydantic's error type → the message template and the context value it quotes as `limit`
_SENTENCES: dict[str, tuple[str, str | None]] = {
    "greater_than_equal": ("at_least", "ge"), "greater_than": ("above", "gt"),
    "less_than_equal": ("at_most", "le"), "less_than": ("below", "lt"),
    "missing": ("required", None), "extra_forbidden": ("unknown_field", None),
    "int_parsing": ("whole_number", None), "int_from_float": ("whole_number", None), "int_type": ("whole_number", None),
    "float_parsing": ("number", None), "float_type": ("number", None),
    "bool_parsing": ("true_or_false", None), "bool_type": ("true_or_false", None),
    "string_type": ("text", None), "finite_number": ("finite_number", None),
    "too_long": ("at_most_items", "max_length"), "string_too_long": ("at_most_characters", "max_length"),
    "literal_error": ("one_of", None), "enum": ("one_of", None),
}


def explain_validation_error(err: Mapping[str, Any]) -> Said | None:
    """One pydantic error as a message template and its values; None for a kind without a sentence of ours."""
    found = _SENTENCES.get(err.get("type", ""))
    if found is None:
        return None
    key, limit = found
    ctx = err.get("ctx") or {}
    return say(key, got=_Short(err.get("input")), limit=ctx.get(limit) if limit else None,
               expected=ctx.get("expected"))


def field_problem(field: str, err: Mapping[str, Any]) -> str | Said:
    """`field` followed by what is wrong with it, as a template when there is one."""
    said = explain_validation_error(err)
    return say("field_says", field=field, problem=said) if said is not None else f"{field} {err.get('msg')}"


def field_issue(field: str, err: Mapping[str, Any], node: str | None = None) -> Issue:
    """One pydantic error at `field` as an issue that names the field, kept as its template when there is one."""
    problem = field_problem(field, err)
    if isinstance(problem, Said):
        return Issue.said(problem, node=node, field=field)
    return Issue(node=node, field=field, message=problem)


def field_path(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body",))
