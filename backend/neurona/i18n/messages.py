"""Messages as templates: a sentence is kept as its key and values (`Said`) until it is answered, and rendered
then in the reader's language, so what is translated is the template, never the finished string.

The English templates are declared in `english/` (one table per part that speaks: the graph, the shape rules,
refused requests); `es/messages.json` holds the Spanish ones under the same keys (tests/unit/test_translations.py
checks both have the same keys and placeholders). A value may be another `Said` (a hint, a phrase), rendered in
the same language.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .catalogs import HERE, Kind, catalog
from .english import ENGLISH
from .language import Language

__all__ = ["ENGLISH", "Joined", "Named", "Said", "render", "say", "template", "templates"]


class Said:
    """A sentence as its template key and values; `str()` is the English, `render(lang)` any language's."""

    __slots__ = ("args", "key")

    def __init__(self, key: str, **args: Any):
        if key not in ENGLISH:
            raise KeyError(f"no message template {key!r}; declare it in neurona/i18n/english/")
        self.key = key
        self.args = args

    def render(self, lang: Language) -> str:
        values = {name: value.render(lang) if isinstance(value, (Said, Joined, Named)) else value
                  for name, value in self.args.items()}
        return template(self.key, lang).format(**values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Said({self.key!r}, {self.args!r})"


class Joined:
    """Parts said one after another (`iris.csv, row 7, column 'width'`), each in the reader's language."""

    __slots__ = ("parts", "separator")

    def __init__(self, parts: list[str | Said], separator: str | Said = ", "):
        self.parts = parts
        self.separator = separator  # a Said for a word between them (" or ")

    def render(self, lang: Language) -> str:
        return render(self.separator, lang).join(render(part, lang) for part in self.parts)


class Named:
    """A declaration named in a sentence: its name in English, its translated title (in lower case) otherwise."""

    __slots__ = ("kind", "name")

    def __init__(self, kind: Kind, name: str):
        self.kind = kind
        self.name = name

    def render(self, lang: Language) -> str:
        text = catalog(self.kind, lang).entries.get(self.name)
        return text.title.lower() if lang != "en" and text and text.title else self.name


def say(key: str, **args: Any) -> Said:
    return Said(key, **args)


@cache
def templates(lang: Language) -> dict[str, str]:
    """Every template of a language (English: the tables of `english/`; others: their file, keyed the same)."""
    if lang == "en":
        return ENGLISH
    path = HERE / lang / "messages.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def template(key: str, lang: Language) -> str:
    return templates(lang).get(key) or ENGLISH[key]


def render(message: str | Said, lang: Language) -> str:
    return message.render(lang) if isinstance(message, Said) else message
