"""The start check of a run's size: parameters, and the activation memory of every pass a worker makes.

A worker makes three kinds of forward pass, and each must fit the server's `max_activation_mb`:
training (batch_size examples, activations and their gradients), evaluation (up to `EVAL_EXAMPLES` examples of
each split, forward only; attention layers keep their weights for the probe) and, on 2-D point datasets, the
decision boundary (`boundary_resolution`² points of the plane, forward only). The estimate comes from the shapes
`analyze` infers (`ValidationReport.activation_bytes`), so nothing is allocated to decide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..config import Settings
from ..data import LoadedDataset
from ..i18n.messages import Said, say
from ..spec import ValidationReport
from .trainer import EVAL_EXAMPLES


@dataclass(frozen=True)
class Pass:
    what: Said  # how the message names it
    examples: int
    factor: int  # 2: activations and their gradients; 1: forward only
    remedy: Said


def size(n_bytes: float) -> str:
    """Memory for people: 512 MB, 2.1 GB (binary units, as the max_activation_mb setting)."""
    mb = n_bytes / 2**20
    if mb >= 1024:
        return f"{mb / 1024:.1f} GB"
    return f"{mb:.0f} MB" if mb >= 1 else f"{n_bytes / 2**10:.0f} KB"


def passes(data: LoadedDataset, batch_size: int, settings: Settings) -> list[Pass]:
    evaluated = min(EVAL_EXAMPLES, max(len(data.x_train), len(data.x_test)))
    batch = min(batch_size, len(data.x_train))  # as the trainer clamps it
    training = say("pass_training_all" if batch < batch_size else "pass_training", batch=batch)
    chosen = [Pass(training, batch, 2, say("lower_batch_or_shrink")),
              Pass(say("pass_evaluating", count=evaluated), evaluated, 1, say("shrink_model"))]
    if data.plane:
        side = settings.boundary_resolution
        chosen.append(Pass(say("pass_boundary", side=side), side * side, 1, say("shrink_model")))
    return chosen


def _largest_node(report: ValidationReport) -> Said | str:
    """Names the node to shrink when one output holds most of the memory (else it is inside layers, e.g.
    attention weights, and the message says no more)."""
    if not report.nodes:
        return ""
    node_id, node = max(report.nodes.items(), key=lambda item: math.prod(item[1].output_shape))
    held = 4 * math.prod(node.output_shape)
    if held * 2 < report.activation_bytes:
        return ""
    return say("largest_node", node=node_id, size=size(held))


def size_problem(report: ValidationReport, data: LoadedDataset, batch_size: int, settings: Settings
                 ) -> Said | None:
    """Why this server will not train the model, or None: too many parameters, or a pass that needs more
    activation memory than the server allows (the first such pass is named, with what to change)."""
    if report.total_params > settings.max_params:
        return say("too_many_parameters", count=report.total_params, limit=settings.max_params)
    allowed = settings.max_activation_mb * 2**20
    for p in passes(data, batch_size, settings):
        needed = p.examples * report.activation_bytes * p.factor
        if needed > allowed:
            return say("too_much_memory", needed=size(needed), what=p.what, allowed=size(allowed), remedy=p.remedy,
                       largest=_largest_node(report))
    return None
