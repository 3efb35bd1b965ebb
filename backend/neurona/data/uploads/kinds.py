"""The kinds of file an upload can be: one declaration each (its options, its importer, the files it takes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .archive import ImageZipOptions, import_image_zip
from .base import Imported, UploadLimits
from .library import UploadKindName
from .tables import CsvOptions, import_csv
from .text import TextOptions, import_text

Importer = Callable[[Path, str, Any, UploadLimits], Imported]  # (file, its name, options, limits)


@dataclass(frozen=True)
class UploadKind:
    name: UploadKindName
    title: str
    description: str
    suffixes: tuple[str, ...]  # what the browser's file picker offers; the content decides, not the name
    options_model: type[BaseModel]
    importer: Importer


UPLOAD_KINDS: dict[str, UploadKind] = {kind.name: kind for kind in (
    UploadKind("csv", "Table (CSV)", "A header row, numeric feature columns and the column to predict: its classes "
               "(classification) or its number (regression).", (".csv",), CsvOptions, import_csv),
    UploadKind("images", "Images (zip)", "A zip with one folder of PNG or JPEG images per class; every image is "
               "resized to the chosen size, in grayscale or colour.", (".zip",), ImageZipOptions, import_image_zip),
    UploadKind("text", "Text", "Plain UTF-8 text, for character-level language models: each example is a window "
               "of characters and the target is the next character at every position.", (".txt",), TextOptions,
               import_text),
)}


def kind_catalog() -> list[dict[str, Any]]:
    return [{"name": k.name, "title": k.title, "description": k.description, "suffixes": list(k.suffixes),
             "options_schema": k.options_model.model_json_schema()} for k in UPLOAD_KINDS.values()]
