"""What goes wrong with an uploaded file, said so that the person who sent it can fix it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class UploadIssue(BaseModel):
    """One problem of an upload: the file (inside a zip: `archive.zip/folder/name.png`), the row and column of a
    table (rows counted as a spreadsheet counts them: the header is row 1), the form field, and what to do."""

    file: str | None = None
    row: int | None = Field(None, ge=1)
    column: str | None = None
    field: str | None = None
    message: str


class UploadProblem(Exception):
    """A refused upload: 422 for content that cannot be imported, 413 for too large, 409 for too many."""

    def __init__(self, what: str, *, file: str | None = None, row: int | None = None, column: str | None = None,
                 field: str | None = None, status: int = 422):
        self.issue = UploadIssue(file=file, row=row, column=column, field=field, message=_sentence(what, file, row,
                                                                                                    column))
        self.status = status
        super().__init__(self.issue.message)


def _sentence(what: str, file: str | None, row: int | None, column: str | None) -> str:
    """`iris.csv, row 7, column 'width': 'abc' is not a number; ...`: where first, then what and what to do."""
    where = [part for part in (file, row and f"row {row}", column and f"column {column!r}") if part]
    return f"{', '.join(where)}: {what}" if where else what
