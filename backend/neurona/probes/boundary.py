"""The decision boundary (or regression surface) over the 2-D input plane, and every unit's output over it."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from ..stream.frames import pack_planes, pack_uint8
from .capture import capture, predict
from .context import ProbeContext
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch


def _as_planes(values: np.ndarray, resolution: int) -> np.ndarray:
    """(cells, C) values on the grid -> (C, H, W), row 0 at the top (largest x2)."""
    return values.T.reshape(values.shape[1], resolution, resolution)


def surface_range(ctx: ProbeContext) -> tuple[float, float]:
    """The task's range of predictions (0..1 for probabilities), fixed so frames compare over time."""
    return ctx.objective.task.value_range(ctx.data.y_train)


def boundary(ctx: ProbeContext, _watch: Watch) -> list[Frame]:
    res = ctx.resolution
    values = ctx.objective.probabilities(predict(ctx, ctx.plane(res))).float().cpu().numpy()
    lo, hi = surface_range(ctx)
    header, data = pack_uint8("boundary", _as_planes(values, res), lo, hi, extent=list(ctx.data.extent))
    return [(header, data)]


class UnitMapOptions(ProbeOptions):
    resolution: int = Field(24, ge=8, le=64, description="Cells per side of each unit's heatmap.")


def unit_maps(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = UnitMapOptions.model_validate(watch.options)
    assert watch.node is not None
    outputs, _ = capture(ctx, [watch.node], ctx.plane(opts.resolution))
    values = outputs[watch.node].float().cpu().numpy()
    return [pack_planes("unit_maps", _as_planes(values, opts.resolution), extent=list(ctx.data.extent))]


register(ProbeType(
    name="boundary", title="Decision boundary",
    description="The model's prediction over the input plane: class probabilities, or the regression surface.",
    scope="model", compute=boundary, dtypes=("uint8",), applies_to=AppliesTo(kinds=("points2d",))))

register(ProbeType(
    name="unit_maps", title="Units over the plane",
    description="Every unit's output of a layer over the input plane, as small heatmaps: what each neuron "
                "has learnt to detect.",
    scope="node", compute=unit_maps, dtypes=("uint8",), options=UnitMapOptions,
    applies_to=AppliesTo(kinds=("points2d",), ranks=(1,))))
