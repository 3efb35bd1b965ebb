"""Checkpoints as safetensors files: tensors in the file, everything else as JSON in its metadata.

A checkpoint is one file, written to a temporary name and renamed, so a crash leaves the previous one intact.
Nothing is ever unpickled: loading reads tensors and JSON only. Layout under data_dir/checkpoints/{id}/:
`checkpoint.safetensors` (model, optimizer, random generators, trainer state) and `best.safetensors` (the
weights with the best validation loss, or test loss without a validation split).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

LAST = "checkpoint.safetensors"
BEST = "best.safetensors"
META_KEY = "neurona"


def checkpoint_dir(data_dir: Path | str, experiment_id: str) -> Path:
    return Path(data_dir) / "checkpoints" / experiment_id


def save(path: Path, tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = {k: v.detach().to("cpu").contiguous().clone() for k, v in tensors.items()}
    tmp = path.with_suffix(".tmp")
    save_file(plain, str(tmp), metadata={META_KEY: json.dumps(meta)})
    os.replace(tmp, path)


def load(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    tensors = load_file(str(path))
    with safe_open(str(path), framework="pt") as f:
        meta = json.loads((f.metadata() or {}).get(META_KEY, "{}"))
    return tensors, meta


def prefixed(prefix: str, tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {f"{prefix}{k}": v for k, v in tensors.items()}


def unprefixed(prefix: str, tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k.removeprefix(prefix): v for k, v in tensors.items() if k.startswith(prefix)}


def optimizer_state(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Split torch's optimizer state into tensors (`optim.{param index}.{name}`) and a JSON structure."""
    state = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict[str, Any]] = {}
    for index, values in state["state"].items():
        for name, value in values.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim.{index}.{name}"] = value
            else:
                scalars.setdefault(str(index), {})[name] = value
    return tensors, {"param_groups": state["param_groups"], "scalars": scalars}


def load_optimizer_state(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor],
                         structure: dict[str, Any]) -> None:
    per_param: dict[int, dict[str, Any]] = {}
    for key, value in unprefixed("optim.", tensors).items():
        index, name = key.split(".", 1)
        per_param.setdefault(int(index), {})[name] = value
    for index, values in structure["scalars"].items():
        per_param.setdefault(int(index), {}).update(values)
    groups = [{**g, "betas": tuple(g["betas"])} if "betas" in g else g for g in structure["param_groups"]]
    optimizer.load_state_dict({"state": per_param, "param_groups": groups})


def read_meta(path: Path) -> dict[str, Any]:
    """A checkpoint's JSON part, without reading its tensors."""
    with safe_open(str(path), framework="pt") as f:
        return dict(json.loads((f.metadata() or {}).get(META_KEY, "{}")))
