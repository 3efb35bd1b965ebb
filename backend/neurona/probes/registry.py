"""The probe table: every probe is one `ProbeType` declaration.

A probe says what it is called, what it applies to (layer types or categories of the node it looks at, the
dataset's task and kind, whether the node must have parameters, the rank of the node's output), a pydantic
model of its options (whose JSON Schema `GET /api/probes` serves), and `compute`, which runs on the worker (or
in the server, from a checkpoint) and returns binary frames. The worker, the stream and the protocol never name
a probe: they loop over the watched ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from ..i18n.messages import Joined, Said, say

if TYPE_CHECKING:
    from .context import ProbeContext, Subject
    from .watch import Watch, WatchProblem

Scope = Literal["node", "model"]
Frame = tuple[dict[str, Any], bytes]  # (header fields without type/seq, payload)
ComputeFn = Callable[["ProbeContext", "Watch"], list[Frame]]
# (the run, the node, the validated options) -> a problem with options that fit the probe but not this model
CheckFn = Callable[["Subject", str | None, "ProbeOptions"], "WatchProblem | None"]


class ProbeOptions(BaseModel):
    """Base of every probe's options: unknown keys are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class NoOptions(ProbeOptions):
    pass


@dataclass(frozen=True)
class AppliesTo:
    """What a probe works on; `None` means anything."""

    layers: tuple[str, ...] | None = None  # layer type names of the node
    categories: tuple[str, ...] | None = None  # layer categories of the node
    tasks: tuple[str, ...] | None = None  # the dataset's task
    kinds: tuple[str, ...] | None = None  # the dataset's kind (points2d, images, sequences, tokens)
    parametrised: bool = False  # the node must have parameters
    matrices: bool = False  # the node must have a weight matrix or kernel (a parameter of two or more dimensions)
    ranks: tuple[int, ...] | None = None  # ranks of the node's output shape (without the batch)

    def as_json(self) -> dict[str, Any]:
        return {"layers": _listed(self.layers), "categories": _listed(self.categories), "tasks": _listed(self.tasks),
                "kinds": _listed(self.kinds), "parametrised": self.parametrised, "matrices": self.matrices,
                "ranks": _listed(self.ranks)}

    def dataset_problem(self, task: str, kind: str) -> Said | None:
        if self.tasks is not None and task not in self.tasks:
            return say("probe_tasks", tasks=", ".join(self.tasks), task=task)
        if self.kinds is not None and kind not in self.kinds:
            return say("probe_kinds", kinds=", ".join(self.kinds), kind=kind)
        return None

    def node_problem(self, layer: str, category: str, rank: int, params: int, matrix_params: int) -> Said | None:
        if self.layers is not None and layer not in self.layers:
            return say("probe_layers", layers=", ".join(self.layers), layer=layer)
        if self.categories is not None and category not in self.categories:
            return say("probe_categories", categories=", ".join(self.categories), layer=layer, category=category)
        if self.parametrised and not params:
            return say("probe_needs_parameters", layer=layer)
        if self.matrices and not matrix_params:
            return say("probe_needs_matrix", layer=layer)
        if self.ranks is not None and rank not in self.ranks:
            return say("probe_ranks", ranks=Joined(list(map(str, self.ranks)), say("or_separator")), rank=rank)
        return None

    def fits_layer(self, layer: str, category: str) -> bool:
        """Whether a node of this layer type can be probed at all (for the layer catalog's `probes`)."""
        return (self.layers is None or layer in self.layers) and (self.categories is None or category in
                                                                   self.categories)


def _listed(values: Sequence[Any] | None) -> list[Any] | None:
    return list(values) if values is not None else None


@dataclass(frozen=True)
class ProbeType:
    name: str
    title: str
    description: str
    scope: Scope
    compute: ComputeFn
    dtypes: tuple[Literal["uint8", "float16"], ...]  # payload encodings its frames use
    options: type[ProbeOptions] = NoOptions
    applies_to: AppliesTo = field(default_factory=AppliesTo)
    uses_samples: bool = False  # the watch's pinned samples matter (else they are ignored and not in the key)
    needs_grads: bool = False  # reads gradients (right after the backward pass); else runs without them
    max_hz: float | None = None  # a lower rate than NEURONA_PROBE_HZ for an expensive probe
    check: CheckFn | None = None  # options that depend on the model (a node id, an attention it must have)

    def catalog_entry(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description, "scope": self.scope,
                "applies_to": self.applies_to.as_json(), "options_schema": self.options.model_json_schema(),
                "dtypes": list(self.dtypes), "uses_samples": self.uses_samples, "needs_grads": self.needs_grads,
                "max_hz": self.max_hz}


PROBES: dict[str, ProbeType] = {}


def register(probe: ProbeType) -> ProbeType:
    if probe.name in PROBES:
        raise ValueError(f"probe {probe.name!r} is declared twice")
    PROBES[probe.name] = probe
    return probe


def probe_catalog() -> list[dict[str, Any]]:
    return [probe.catalog_entry() for probe in PROBES.values()]


def probes_for_layer(layer: str, category: str) -> list[str]:
    """Names of the node probes a node of this layer type can be watched with."""
    return [p.name for p in PROBES.values() if p.scope == "node" and p.applies_to.fits_layer(layer, category)]
