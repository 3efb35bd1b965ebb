"""Problems with a typed expression, each pointing at the character it is about."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..errors import Issue, SpecError
from ..i18n.messages import Said, say


class ExpressionIssue(Issue):
    """An `Issue` about the expression (or a value), with the 1-based column of the character it points at."""

    column: int = Field(ge=1, description="1-based position in the expression of the character the message is about")


class ExpressionErrorList(BaseModel):
    detail: list[ExpressionIssue]


class ExpressionError(SpecError):
    """Answered as 422 by the app's SpecError handler; the message starts with the column so it reads alone."""

    def __init__(self, message: Said, column: int, field: str = "expression"):
        said = say("at_column", column=column, message=message)
        issue = ExpressionIssue(field=field, message=str(said), column=column)
        issue._said = said  # said in the reader's language by the SpecError handler
        super().__init__([issue])
        self.column = column
