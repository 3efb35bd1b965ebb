"""Weight initialisation (global or per node), freezing, and transfer of parameters from another run."""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import nn

from ..model import GraphModel
from ..spec.models import InitSpec


def _fill(weight: torch.Tensor, spec: InitSpec) -> None:
    match spec.scheme:
        case "zeros":
            nn.init.zeros_(weight)
        case "constant":
            nn.init.constant_(weight, spec.value)
        case "normal":
            nn.init.normal_(weight, 0.0, spec.std)
        case "uniform":
            nn.init.uniform_(weight, -spec.a, spec.a)
        case "xavier_uniform":
            nn.init.xavier_uniform_(weight, gain=spec.gain)
        case "xavier_normal":
            nn.init.xavier_normal_(weight, gain=spec.gain)
        case "kaiming_uniform":
            nn.init.kaiming_uniform_(weight, nonlinearity=spec.nonlinearity)
        case "kaiming_normal":
            nn.init.kaiming_normal_(weight, nonlinearity=spec.nonlinearity)


@torch.no_grad()
def initialise(model: GraphModel, default: InitSpec, overrides: Mapping[str, InitSpec]) -> None:
    """Re-initialise nodes in topological order (so the draws, seeded, are the same every run)."""
    for node_id, _sources in model.steps:
        spec = overrides.get(node_id, default)
        if spec.scheme == "default":
            continue
        for name, param in model.layers[node_id].named_parameters():
            if param.dim() >= 2:
                _fill(param, spec)
            elif name.rsplit(".", 1)[-1].startswith("bias"):
                param.zero_()  # a scheme applies to weights; biases start neutral, as textbooks do


def freeze(model: GraphModel, node_ids: list[str]) -> None:
    for node_id in node_ids:
        for param in model.layers[node_id].parameters():
            param.requires_grad_(False)


def frozen_to_eval(model: GraphModel, node_ids: list[str]) -> None:
    """Frozen nodes stay in eval mode while training, so e.g. batch-norm statistics do not move either."""
    for node_id in node_ids:
        model.layers[node_id].eval()


@torch.no_grad()
def transfer(model: GraphModel, source: Mapping[str, torch.Tensor], warnings: list[str]) -> list[str]:
    """Copy the source's parameters whose node id, name and shape match; return the names loaded and append a
    sentence to `warnings` for every parameter that kept its initialisation."""
    loaded: list[str] = []
    for name, param in model.named_parameters():
        found = source.get(name)
        label = name.removeprefix("layers.")
        if found is None:
            warnings.append(f"{label}: not in the source experiment; kept its initialisation")
        elif tuple(found.shape) != tuple(param.shape):
            warnings.append(f"{label}: shape {list(found.shape)} in the source, {list(param.shape)} here; "
                            "kept its initialisation")
        else:
            param.copy_(found.to(param.device, param.dtype))
            loaded.append(name)
    return loaded
