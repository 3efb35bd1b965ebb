"""Python names for graph nodes: node ids allow `-` and may clash with keywords or `nn.Module`'s own members."""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Iterable

from torch import nn

# Names an attribute or local variable of the exported module must not take: keywords, builtins, what the
# file imports, and nn.Module's own members (`self.training = nn.Linear(...)` would break the module).
RESERVED = frozenset(keyword.kwlist) | frozenset(dir(builtins)) | frozenset(dir(nn.Module)) | {
    "self", "torch", "nn", "F", "math", "annotations"}


def identifiers(node_ids: Iterable[str]) -> dict[str, str]:
    """node id → a distinct Python identifier, the id itself whenever it is one already."""
    taken: set[str] = set()
    names: dict[str, str] = {}
    for node_id in node_ids:
        base = re.sub(r"\W", "_", node_id)
        if base in RESERVED or base.startswith("__"):
            base = f"{base}_"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        names[node_id] = name
    return names


def class_name(title: str) -> str:
    """A CamelCase class name from an experiment's name ("my spiral net" → MySpiralNet), Network when none fits."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name and name[0].isalpha() and name not in RESERVED else "Network"


def file_stem(title: str) -> str:
    """A file-name stem from an experiment's name: lowercase words joined by underscores."""
    stem = "_".join(re.findall(r"[a-z0-9]+", title.lower()))[:60]
    return stem or "network"
