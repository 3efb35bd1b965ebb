"""The layer catalog as Markdown (`neurona catalog > docs/layers.md`), rendered from the layer registry.

The same registry serves `GET /api/layers`, so the page's palette, the API and this document list the same
layers; tests/unit/test_docs.py fails when the committed file and the registry disagree.
"""

from __future__ import annotations

import json
from typing import Any

from .layers.registry import LayerCategory, layer_catalog

HEADER = """# Layer catalog

Generated from the layer registry by `neurona catalog > docs/layers.md` (do not edit by hand). The same
declarations serve `GET /api/layers`, from which the editor's palette and inspector are built. Parameters show
their default; see the API's `params_schema` for bounds and help text.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _param(name: str, schema: dict[str, Any]) -> str:
    default = schema.get("default")
    return f"`{name}`" if default is None else f"`{name}={_cell(json.dumps(default))}`"


def _row(layer: dict[str, Any]) -> str:
    properties: dict[str, Any] = layer["params_schema"].get("properties", {})
    params = ", ".join(_param(name, schema) for name, schema in properties.items()) or "–"
    ports = ", ".join(f"`{port}`" for port in layer["ports"]) or "–"
    return f"| `{layer['type']}` | {ports} | {params} | {_cell(layer['description'])} |"


def layer_catalog_markdown() -> str:
    layers = layer_catalog()
    categories = [category.value for category in LayerCategory]
    parts = [HEADER, f"Categories, in palette order: {', '.join(f'`{c}`' for c in categories)}.", ""]
    for category in categories:
        members = [_row(layer) for layer in layers if layer["category"] == category]
        if not members:
            continue
        parts += [f"## {category}", "", "| layer | inputs | parameters | what it does |", "| --- | --- | --- | --- |"]
        parts += [*members, ""]
    return "\n".join(parts)
