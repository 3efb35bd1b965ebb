"""What goes wrong with an uploaded file, said so that the person who sent it can fix it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ...i18n.language import Language
from ...i18n.messages import Joined, Said, render, say


class UploadIssue(BaseModel):
    """One problem of an upload: the file (inside a zip: `archive.zip/folder/name.png`), the row and column of a
    table (rows counted as a spreadsheet counts them: the header is row 1), the form field, and what to do."""

    file: str | None = None
    row: int | None = Field(None, ge=1)
    column: str | None = None
    field: str | None = None
    message: str


class UploadProblem(Exception):
    """A refused upload: 422 for content that cannot be imported, 413 for too large, 409 for too many. `what` may
    be a message template, so the refusal can be said in the reader's language (`issue_in`)."""

    def __init__(self, what: str | Said, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, field: str | None = None, status: int = 422):
        self.said = _sentence(what, file, row, column)
        self.issue = UploadIssue(file=file, row=row, column=column, field=field, message=render(self.said, "en"))
        self.status = status
        super().__init__(self.issue.message)

    def issue_in(self, lang: Language) -> UploadIssue:
        return self.issue.model_copy(update={"message": render(self.said, lang)})


def _sentence(what: str | Said, file: str | None, row: int | None, column: str | None) -> str | Said:
    """`iris.csv, row 7, column 'width': 'abc' is not a number; ...`: where first, then what and what to do."""
    where: list[str | Said] = [part for part in (file, row and say("upload_row", row=row),
                                                 column and say("upload_column", column=column)) if part]
    return say("upload_where", where=Joined(where), what=what) if where else what
