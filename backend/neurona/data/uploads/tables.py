"""CSV uploads: a header row, numeric feature columns and one target column (a class or a number).

The file is read row by row (never whole), so its size is bounded by the disk, not the memory; the rows kept are
float32 values. Rows are counted as a spreadsheet counts them, the header being row 1, so a message's row is the
one the person sees when they open the file.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ...i18n.messages import say
from ...tasks import TaskName
from .base import Imported, UploadLimits
from .problems import UploadProblem

MIN_ROWS = 4  # a split needs at least one test row and a few to train on
PREVIEW_ROWS = 5
MAX_FIELD = 1024  # characters in one cell: a longer one is not a number, and a runaway quote is caught early


class CsvOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # x-choices: the form offers the file's own header row (read in the browser) as the choices
    target: str = Field(..., min_length=1, max_length=200, description="The header of the column to predict.",
                        json_schema_extra={"x-choices": "csv-header"})
    task: Literal["classification", "regression"] = Field(
        "classification", description="classification: the target's distinct values are the classes (text or "
        "numbers). regression: the target is a number.")


def import_csv(path: Path, file_name: str, options: CsvOptions, limits: UploadLimits) -> Imported:
    rows = _rows(path, file_name)
    header = _header(next(rows, None), file_name, options.target, limits)
    target = header.index(options.target)
    features = [name for i, name in enumerate(header) if i != target]
    values: list[list[float]] = []
    targets: list[str] = []
    head: list[list[str]] = []
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines (often the last one) are not rows
        if len(values) >= limits.max_rows:
            raise UploadProblem(say("too_many_rows", limit=limits.max_rows), file=file_name, row=number)
        if len(row) != len(header):
            raise UploadProblem(say("row_width", values=len(row), columns=len(header)), file=file_name, row=number)
        if not row[target].strip():
            raise UploadProblem(say("no_target_value"), file=file_name, row=number, column=options.target)
        values.append([_number(row[i], file_name, number, name) for i, name in enumerate(header) if i != target])
        targets.append(row[target].strip())
        if len(head) < PREVIEW_ROWS:
            head.append(row)
    if len(values) < MIN_ROWS:
        raise UploadProblem(say("too_few_rows", rows=len(values), least=MIN_ROWS), file=file_name)
    x = np.asarray(values, dtype=np.float32)
    preview = {"columns": header, "features": features, "target": options.target, "rows": head}
    if options.task == "regression":
        y = np.asarray([_number(t, file_name, i + 2, options.target) for i, t in enumerate(targets)], np.float32)
        return Imported(x, y, "table", TaskName.REGRESSION, 0, [len(features)], preview=preview)
    classes = sorted(set(targets), key=_class_order)
    _check_classes(classes, options.target, file_name, limits)
    index = {name: i for i, name in enumerate(classes)}
    y = np.asarray([index[t] for t in targets], dtype=np.int64)
    return Imported(x, y, "table", TaskName.CLASSIFICATION, len(classes), [len(features)], classes, preview)


def _rows(path: Path, file_name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) pairs; a file that is not UTF-8 text or not CSV is refused at the row it breaks."""
    number = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            for row in reader:
                number = reader.line_num
                if any(len(cell) > MAX_FIELD for cell in row):
                    raise UploadProblem(say("value_too_long", limit=MAX_FIELD), file=file_name, row=number)
                yield number, row
    except UnicodeDecodeError:
        raise UploadProblem(say("csv_not_utf8"), file=file_name, row=_first_undecodable_line(path)) from None
    except csv.Error as err:
        raise UploadProblem(say("csv_invalid", error=str(err)), file=file_name, row=number + 1) from None


def _first_undecodable_line(path: Path) -> int:
    """The line a decoder chokes on (text is decoded in blocks, so the reader's count is behind), read line by line."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _header(first: tuple[int, list[str]] | None, file_name: str, target: str, limits: UploadLimits) -> list[str]:
    if first is None:
        raise UploadProblem(say("csv_empty"), file=file_name)
    header = first[1]
    header = [name.strip() for name in header]
    if len(header) > limits.max_columns:
        raise UploadProblem(say("too_many_columns", columns=len(header), limit=limits.max_columns), file=file_name,
                            row=1)
    if len(header) < 2:
        raise UploadProblem(say("too_few_columns"), file=file_name, row=1)
    if any(_is_number(name) for name in header):
        raise UploadProblem(say("header_is_numbers"), file=file_name, row=1)
    blank = [i + 1 for i, name in enumerate(header) if not name]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if blank or repeated:
        what = say("column_without_name", column=blank[0]) if blank else say("column_name_twice", name=repeated[0])
        raise UploadProblem(say("column_names_clash", what=what), file=file_name, row=1)
    if target not in header:
        raise UploadProblem(say("no_target_column", target=target, columns=", ".join(header)), file=file_name, row=1,
                            column=target)
    return header


def _number(cell: str, file_name: str, row: int, column: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        what = say("empty_cell") if not cell.strip() else say("not_a_number_cell", value=cell.strip()[:40])
        raise UploadProblem(what, file=file_name, row=row, column=column) from None
    if not math.isfinite(value):
        raise UploadProblem(say("not_finite_cell", value=cell.strip()), file=file_name, row=row, column=column)
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return bool(text.strip())


def _class_order(name: str) -> tuple[int, float, str]:
    """Numeric class labels in numeric order (2 before 10), then names alphabetically."""
    return (0, float(name), "") if _is_number(name) else (1, 0.0, name)


def _check_classes(classes: list[str], target: str, file_name: str, limits: UploadLimits) -> None:
    if len(classes) < 2:
        raise UploadProblem(say("one_class_only", target=target), file=file_name, column=target)
    if len(classes) > limits.max_classes:
        raise UploadProblem(say("too_many_classes", target=target, count=len(classes), limit=limits.max_classes),
                            file=file_name, column=target)
