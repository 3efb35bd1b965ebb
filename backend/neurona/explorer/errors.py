"""Problems with a typed expression, each pointing at the character it is about."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..errors import Issue, SpecError


class ExpressionIssue(Issue):
    """An `Issue` about the expression (or a value), with the 1-based column of the character it points at."""

    column: int = Field(ge=1, description="1-based position in the expression of the character the message is about")


class ExpressionErrorList(BaseModel):
    detail: list[ExpressionIssue]


class ExpressionError(SpecError):
    """Answered as 422 by the app's SpecError handler; the message starts with the column so it reads alone."""

    def __init__(self, message: str, column: int, field: str = "expression"):
        super().__init__([ExpressionIssue(field=field, message=f"column {column}: {message}", column=column)])
        self.column = column
