"""Activations (feature maps) of any node for pinned test samples."""

from __future__ import annotations

import numpy as np

from ..stream.frames import pack_planes
from .capture import sample_outputs
from .context import ProbeContext
from .registry import Frame, ProbeType, register
from .watch import Watch

LAYOUTS = {1: "vector", 2: "sequence", 3: "maps"}


def planes_of(values: np.ndarray) -> tuple[np.ndarray, str]:
    """(S, *shape) outputs -> (S, C, H, W) planes and how to draw them (see docs/protocol.md)."""
    samples, shape = values.shape[0], values.shape[1:]
    if len(shape) == 1:
        return values.reshape(samples, 1, 1, shape[0]), "vector"
    if len(shape) == 2:
        return values.reshape(samples, 1, *shape), "sequence"
    return values.reshape(samples, -1, shape[-2], shape[-1]), "maps"


def activations(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    assert watch.node is not None
    outputs, _ = sample_outputs(ctx, watch.samples, watch.node)
    values = outputs[watch.node].float().cpu().numpy()
    planes, layout = planes_of(values)
    return [pack_planes("activations", planes, layout=layout, node_shape=list(values.shape[1:]),
                        samples=list(watch.samples))]


register(ProbeType(
    name="activations", title="Activations",
    description="What a node outputs for the pinned test samples: feature maps of a convolution as a grid of "
                "channel images, a vector as bars, a sequence as a time × feature heatmap.",
    scope="node", compute=activations, dtypes=("uint8",), uses_samples=True))
