"""What a room's locks hold its students to, enforced by the server (the page only greys the controls out).

A lock of a part a run is made of (the network, the data set, the training settings) holds the room's runs to the
preset the teacher pushed: a new run must have that part as the preset has it, compared by meaning (node
positions, labels and parameters left at their defaults do not count), and a locked run's settings cannot be
changed while it trains. Without a preset such a lock has nothing to hold a run to and refuses nothing. A lock of
an action (uploading data, exporting) refuses the action. Templates and lessons are read-only catalogs: what
applying one changes is the network, data set or settings, which those locks cover. Hidden controls are only
not drawn; a lock is the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..data.registry import DatasetSpec, parse_options
from ..errors import SpecError
from ..i18n.messages import Said, say
from ..layers.registry import LAYERS
from ..spec import ExperimentCreate
from ..spec.models import GraphSpec, TrainingSettings
from .models import Control, Preset


class Locked(PermissionError):
    """A student's request would change what the room's teacher locked (403); the message names the lock."""

    def __init__(self, said: Said):
        super().__init__(str(said))
        self.said = said


@dataclass(frozen=True)
class HeldPart:
    """A part of a run that a lock keeps as the preset has it: where it lies and its canonical form."""

    field: str
    canonical: Callable[[Any, str], Any]  # (the part, its session) -> plain data compared by equality


def _params(node_type: str, params: dict[str, Any]) -> dict[str, Any]:
    layer = LAYERS.get(node_type)
    if layer is None:
        return params
    try:
        filled: dict[str, Any] = layer.params.model_validate(params, strict=False).model_dump(mode="json")
    except ValidationError:
        return params
    return filled


def _graph(graph: GraphSpec, _owner: str) -> dict[str, Any]:
    return {"nodes": {n.id: {"type": n.type, "params": _params(n.type, n.params)} for n in graph.nodes},
            "edges": sorted((e.source, e.target, e.target_port or "") for e in graph.edges),
            "output": graph.output}


def _dataset(dataset: DatasetSpec, owner: str) -> dict[str, Any]:
    try:
        options: BaseModel | dict[str, Any] = parse_options(dataset, owner)
    except SpecError:
        options = dataset.options
    return {"name": dataset.name,
            "options": options.model_dump(mode="json") if isinstance(options, BaseModel) else options}


def _training(training: TrainingSettings, _owner: str) -> dict[str, Any]:
    settings: dict[str, Any] = training.model_dump(mode="json")
    return settings


HELD: dict[Control, HeldPart] = {
    Control.GRAPH: HeldPart("graph", _graph),
    Control.DATASET: HeldPart("dataset", _dataset),
    Control.TRAINING: HeldPart("training", _training),
}


def first_difference(mine: Any, shared: Any, path: str) -> str | None:
    """Where two canonical forms first differ (`training.lr`, `graph.nodes.h1`), or None when they are equal."""
    if isinstance(mine, dict) and isinstance(shared, dict):
        for key in sorted(set(mine) | set(shared), key=str):
            if key not in mine or key not in shared:
                return f"{path}.{key}"
            found = first_difference(mine[key], shared[key], f"{path}.{key}")
            if found:
                return found
        return None
    return None if mine == shared else path


def creation_problem(code: str, locked: list[Control], preset: Preset | None, body: ExperimentCreate,
                     owner: str) -> Said | None:
    """Why a new run of the room breaks one of its locks (the first, in the order of `HELD`), or None."""
    if preset is None:
        return None
    for control, part in HELD.items():
        if control not in locked:
            continue
        where = first_difference(part.canonical(getattr(body, part.field), owner),
                                 part.canonical(getattr(preset, part.field), ""), part.field)
        if where:
            return say("room_locked_part", code=code, what=say(f"room_part_{control.value}"), where=where)
    return None


def live_change_problem(code: str, locked: list[Control], changed: list[str]) -> Said | None:
    """Why a room run's live settings may not change (the training settings are locked), or None."""
    if Control.TRAINING not in locked or not changed:
        return None
    return say("room_locked_live", code=code, where=", ".join(f"training.{name}" for name in changed))


def action_problem(code: str, locked: list[Control], control: Control) -> Said | None:
    """Why an action the teacher can lock (uploading, exporting) is refused in the room, or None."""
    if control not in locked:
        return None
    return say("room_locked_action", code=code, what=say(f"room_part_{control.value}"))
