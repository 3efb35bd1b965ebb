"""Readable PyTorch source for a validated graph, rendered from `templates/module.py.j2`.

Every layer declares how it is written (`LayerType.source`): a constructor expression and the helper classes it
needs, whose code is copied from `neurona.layers` so the exported file needs only torch. Attributes are built in
the plan's order, the same order as `GraphModel`, so the state dict's keys map one to one and the same seed draws
the same initial weights.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from ..layers import Shape
from ..spec import Plan, PlannedNode
from .naming import class_name, identifiers

COMMENT_COLUMN = 56  # shape comments line up here (or after the longest line, when one is longer)

ENV = jinja2.Environment(loader=jinja2.PackageLoader("neurona.export", "templates"), keep_trailing_newline=True,
                         trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined, autoescape=False)


def python_literal(value: Any) -> str:
    """A value as Python source: strings in double quotes (as the rest of the file), everything else by repr."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


ENV.filters["py"] = python_literal


@cache
def _call_template(call: str) -> jinja2.Template:
    return ENV.from_string(call)


def batch_shape(shape: Shape) -> str:
    return "(" + ", ".join(["N", *map(str, shape)]) + ")"


@dataclass(frozen=True)
class Rendering:
    """What the templates need to know about the network: the plan, its names, and the dataset's input."""

    plan: Plan
    input_shape: Shape
    title: str = "network"
    dataset: str | None = None
    tokens: bool = False  # the input holds int64 token ids

    @property
    def class_name(self) -> str:
        return class_name(self.title)

    @property
    def names(self) -> dict[str, str]:
        return identifiers(n.id for n in self.plan.nodes)

    @property
    def layers(self) -> list[PlannedNode]:
        return [n for n in self.plan.nodes if n.id != self.plan.input_id]

    def shapes(self) -> dict[str, Shape]:
        return {self.plan.input_id: self.input_shape, **{n.id: n.output_shape for n in self.layers}}

    def state_key(self, server_key: str) -> str:
        """`layers.<node id>.<rest>` (GraphModel) → `<identifier>.<rest>` (the exported module)."""
        node_id, rest = server_key.removeprefix("layers.").split(".", 1)
        return f"{self.names[node_id]}.{rest}"


def constructor(node: PlannedNode, shapes: dict[str, Shape]) -> str:
    declared = node.layer.source
    if declared is None:
        raise LookupError(f"layer type {node.layer.name} declares no source; add `source=Source(...)` to it")
    inputs = [shapes[s] for s in node.sources]
    return _call_template(declared.call).render(p=node.params, s=inputs, out=node.output_shape).strip()


def helper_sources(nodes: list[PlannedNode]) -> list[str]:
    """The code of every helper the layers need, each once, in first-use order (dependencies come first)."""
    seen: dict[Any, None] = {}
    for node in nodes:
        for helper in node.layer.source.helpers if node.layer.source else ():
            seen.setdefault(helper, None)
    return [inspect.getsource(helper).rstrip() for helper in seen]


def _aligned(code: str, comment: str) -> str:
    return f"{code.ljust(COMMENT_COLUMN - 8)}  # {comment}" if comment else code


def module_source(r: Rendering, weights_file: str = "weights.safetensors") -> str:
    names, shapes = r.names, r.shapes()
    nodes = []
    for node in r.layers:
        name = names[node.id]
        renamed = f'node "{node.id}", ' if name != node.id else ""
        args = ", ".join(names[s] for s in node.sources)
        nodes.append({
            "init_line": _aligned(f"self.{name} = {constructor(node, shapes)}", f"{renamed}{node.layer.name}"),
            "forward_line": _aligned(f"{name} = self.{name}({args})", batch_shape(node.output_shape)),
        })
    input_name = names[r.plan.input_id]
    example = ("torch.zeros(2, *INPUT_SHAPE, dtype=INPUT_DTYPE)" if r.tokens
               else "torch.randn(2, *INPUT_SHAPE, dtype=INPUT_DTYPE)")
    return ENV.get_template("module.py.j2").render(
        title=r.title, dataset=r.dataset, class_name=r.class_name, weights_file=weights_file,
        input_comment=_shape_words(r.input_shape, r.tokens), output_comment=_shape_words(shapes[r.plan.output_id]),
        input_shape=tuple(r.input_shape), input_dtype="torch.long" if r.tokens else "torch.float32",
        helpers="\n\n\n".join(helper_sources(r.layers)), nodes=nodes, input_name=input_name,
        input_line=f"# {input_name}: {batch_shape(r.input_shape)}", output_name=names[r.plan.output_id],
        example=example)


def _shape_words(shape: Shape, tokens: bool = False) -> str:
    words = "×".join(map(str, shape))
    return f"{words} token ids" if tokens else f"{words} values" if len(shape) > 1 else f"{words} features"
