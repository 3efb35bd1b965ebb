"""Translated texts of the declarations, one catalog file per kind and language (`es/layers.json`, ...).

A catalog is keyed by declaration name, as the registries are, and holds what the catalog endpoints show: the
title, the description and each field's form label and help. The English texts stay in the declarations; a
language's file only adds. Fields shared by many declarations of a kind with the same English text (a dataset's
`size`, `noise`, `seed`) are written once under `fields`; a declaration's own `fields` win over them.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .language import Language

Kind = Literal["layers", "datasets", "optimizers", "schedules", "tasks", "losses", "metrics", "probes", "explainers",
               "templates"]
KINDS: tuple[Kind, ...] = ("layers", "datasets", "optimizers", "schedules", "tasks", "losses", "metrics", "probes",
                           "explainers", "templates")
HERE = Path(__file__).parent


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldText(_Strict):
    title: str
    description: str | None = None


class EntryText(_Strict):
    title: str | None = None
    description: str | None = None
    fields: dict[str, FieldText] = {}


class Catalog(_Strict):
    fields: dict[str, FieldText] = {}
    entries: dict[str, EntryText] = {}

    def field(self, entry: str, name: str) -> FieldText | None:
        own = self.entries.get(entry)
        return (own.fields.get(name) if own else None) or self.fields.get(name)


@cache
def catalog(kind: Kind, lang: Language) -> Catalog:
    """The catalog of one kind in one language; English is the declarations themselves (an empty catalog)."""
    path = HERE / lang / f"{kind}.json"
    if lang == "en" or not path.exists():
        return Catalog()
    return Catalog.model_validate(json.loads(path.read_text(encoding="utf-8")))


def localize_schema(schema: dict[str, Any], kind: Kind, entry: str, lang: Language) -> dict[str, Any]:
    """A copy of a pydantic JSON Schema whose properties carry the language's form labels and help."""
    found = catalog(kind, lang)
    out = copy.deepcopy(schema)
    for name, prop in out.get("properties", {}).items():
        text = found.field(entry, name)
        if text is None:
            continue
        prop["title"] = text.title
        if text.description is not None:
            prop["description"] = text.description
    return out


def localize(entry: dict[str, Any], kind: Kind, name: str, lang: Language, schema_key: str | None = None
             ) -> dict[str, Any]:
    """A catalog entry (`GET /api/layers` and the others) with its texts in `lang`; English when not translated."""
    if lang == "en":
        return entry
    text = catalog(kind, lang).entries.get(name)
    out = dict(entry)
    if text and text.title is not None:
        out["title"] = text.title
    if text and text.description is not None:
        out["description"] = text.description
    if schema_key and schema_key in out:
        out[schema_key] = localize_schema(out[schema_key], kind, name, lang)
    return out
