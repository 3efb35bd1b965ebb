"""Short ways to write the graphs and steps of the lessons."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ..models import Preset, Step, Text, t


def chain(*layers: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """Input, then each (layer type, params) in a line; the last one is the output. Ids are l1, l2, …"""
    nodes = [{"id": "in", "type": "Input", "params": {}}]
    nodes += [{"id": f"l{i}", "type": kind, "params": params} for i, (kind, params) in enumerate(layers, 1)]
    edges = [{"source": a["id"], "target": b["id"]} for a, b in pairwise(nodes)]
    return {"nodes": nodes, "edges": edges, "output": nodes[-1]["id"]}


def layer(kind: str, **params: Any) -> tuple[str, dict[str, Any]]:
    return kind, params


def dataset(name: str, **options: Any) -> dict[str, Any]:
    return {"name": name, "options": options}


def step(title: Text, text: Text, *, preset: Preset | None = None, explainer: str | None = None,
         explainer_input: dict[str, Any] | None = None, views: tuple[str, ...] = (),
         try_this: tuple[Text, ...] = (), observe: Text | None = None) -> Step:
    return Step(title=title, text=text, preset=preset, explainer=explainer, explainer_input=explainer_input or {},
                views=views, try_this=try_this, observe=observe)


__all__ = ["Preset", "chain", "dataset", "layer", "step", "t"]
