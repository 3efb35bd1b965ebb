"""The export formats: one `ExportFormat` declaration each, read by the API, the CLI, the UI's menu and the docs.

`weights` says what a format does with the run's trained weights: `none` (code and data only), `optional`
(trained weights when the run saved a checkpoint, else the run's seeded initial weights) or `required` (409 for a
run that never trained).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import torch

from ..i18n.messages import say
from ..spec import ExperimentCreate
from .naming import file_stem
from .onnx import onnx_bytes
from .program import NoWeights, Program, prepare, safetensors_bytes, trained_state
from .script import bundle
from .source import module_source

FormatName = Literal["torch", "script", "onnx", "safetensors", "spec"]
WeightUse = Literal["none", "optional", "required"]
State = dict[str, torch.Tensor] | None
MakeFn = Callable[[Program, State, int], bytes]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    title: str
    description: str
    media_type: str
    suffix: str
    weights: WeightUse
    make: MakeFn


@dataclass(frozen=True)
class Artifact:
    content: bytes
    filename: str
    media_type: str
    weights: str  # "trained", "initial" or "none": which weights the file holds


def _spec_json(program: Program, _state: State, _step: int) -> bytes:
    return (json.dumps(program.spec.model_dump(mode="json"), indent=2) + "\n").encode()


def _safetensors(program: Program, state: State, step: int) -> bytes:
    assert state is not None  # `required`: the caller raised NoWeights already
    return safetensors_bytes(program, state, step)


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("torch", "PyTorch code", "The network as a readable nn.Module (one attribute per node, shape "
                 "comments); needs only torch.", "text/x-python", ".py", "none",
                 lambda p, _s, _n: module_source(p.rendering).encode()),
    ExportFormat("script", "Training script", "A zip with the module, train.py for the same data and settings, the "
                 "data as data.npz and the spec; runs offline with torch and numpy.", "application/zip", ".zip",
                 "none", lambda p, _s, _n: bundle(p)),
    ExportFormat("onnx", "ONNX", "The model with its weights (trained, else initial) as ONNX, checked with "
                 "onnxruntime against PyTorch.", "application/octet-stream", ".onnx", "optional",
                 lambda p, s, _n: onnx_bytes(p, s)),
    ExportFormat("safetensors", "Trained weights", "The trained weights as safetensors, keyed like the exported "
                 "module: model.load_state_dict(load_file(...)).", "application/octet-stream", ".safetensors",
                 "required", _safetensors),
    ExportFormat("spec", "Experiment spec", "The graph, dataset and training settings as JSON, for "
                 "`neurona train` or POST /api/experiments.", "application/json", ".json", "none", _spec_json),
)}


assert set(FORMATS) == set(get_args(FormatName)), "declare every format in FormatName"


def format_catalog() -> list[dict[str, Any]]:
    return [{"name": f.name, "title": f.title, "description": f.description, "media_type": f.media_type,
             "suffix": f.suffix, "weights": f.weights} for f in FORMATS.values()]


def export_spec(spec: ExperimentCreate, format_name: str) -> Artifact:
    """An unsaved graph: no weights exist, so `optional` formats use the seeded initial weights."""
    fmt = FORMATS[format_name]
    if fmt.weights == "required":
        raise NoWeights(say("unsaved_graph_no_weights", format=format_name))
    program = prepare(spec)
    return _artifact(fmt, program, None, 0)


def export_experiment(spec: ExperimentCreate, data_dir: Path, experiment_id: str, format_name: str) -> Artifact:
    fmt = FORMATS[format_name]
    program = prepare(spec)
    state, step = None, 0
    if fmt.weights != "none":
        try:
            state, meta = trained_state(data_dir, experiment_id)
            step = int(meta.get("step", 0))  # type: ignore[call-overload]
        except NoWeights:
            if fmt.weights == "required":
                raise
    return _artifact(fmt, program, state, step)


def _artifact(fmt: ExportFormat, program: Program, state: State, step: int) -> Artifact:
    used = "none" if fmt.weights == "none" else ("trained" if state is not None else "initial")
    return Artifact(fmt.make(program, state, step), file_stem(program.rendering.title) + fmt.suffix, fmt.media_type,
                    used)
