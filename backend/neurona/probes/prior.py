"""Samples from the prior: codes drawn from N(0, I) put in place of a Sampling node's output and decoded by the
nodes after it.

The codes come from the watch's seed, drawn on the CPU, so a watch decodes the same codes at every step, live and
from a checkpoint alike: the student sees each code turn into a digit as training goes on. With a code of two
values, the grid layout decodes a lattice over [-2, 2]² instead: the latent space laid out flat.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
from pydantic import Field

from ..i18n.messages import say
from ..model import computable
from ..stream.frames import pack_uint8
from ..tasks import TaskName
from .capture import evaluating
from .context import ProbeContext, Subject
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch, WatchProblem

GRID_EXTENT = 2.0  # the grid spans [-GRID_EXTENT, GRID_EXTENT] on both axes: ±2 standard deviations of the prior
# The tasks whose output is an image of the input's shape, so a decoded code can be drawn as one; a reconstruction
# or denoising graph with a Sampling node shows what the prior gives without the KL term.
IMAGE_OUT_TASKS = (TaskName.VAE.value, TaskName.RECONSTRUCTION.value, TaskName.DENOISING.value)


class PriorOptions(ProbeOptions):
    count: int = Field(16, ge=1, le=64, description="How many codes to decode; for the grid, side × side (a square "
                                                    "number from 4 to 64).")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the codes: the same seed draws the same codes at "
                                                         "every step.")
    layout: Literal["samples", "grid"] = Field(
        "samples", description="samples: codes drawn from N(0, I); grid: a code of 2 values traversing "
                               "[-2, 2]², row 0 at the top (largest second value), column 0 at the left.")


def prior_codes(shape: tuple[int, ...], opts: PriorOptions) -> torch.Tensor:
    """The watch's codes, `[count, *shape]` float32 on the CPU."""
    if opts.layout == "grid":
        axis = torch.linspace(-GRID_EXTENT, GRID_EXTENT, math.isqrt(opts.count))
        second, first = torch.meshgrid(axis.flip(0), axis, indexing="ij")
        return torch.stack([first.flatten(), second.flatten()], dim=1).reshape(opts.count, *shape)
    return torch.randn((opts.count, *shape), generator=torch.Generator().manual_seed(opts.seed))


def prior(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    assert watch.node is not None  # a node probe: the check made sure
    opts = PriorOptions.model_validate(watch.options)
    codes = prior_codes(ctx.subject.nodes[watch.node].shape, opts)
    with evaluating(ctx.model):
        images = ctx.model.run_from({watch.node: codes.to(ctx.device)})
    lo, hi = ctx.objective.task.value_range(ctx.data.y_train)  # the targets' range, fixed across steps
    grid = opts.layout == "grid"
    return [pack_uint8("prior", images.float().cpu().numpy(), lo, hi, layout=opts.layout, seed=opts.seed,
                       columns=math.isqrt(opts.count) if grid else None,
                       extent=[-GRID_EXTENT, GRID_EXTENT] if grid else None)]


def _check(subject: Subject, node: str | None, options: ProbeOptions) -> WatchProblem | None:
    assert node is not None and isinstance(options, PriorOptions)
    steps = [(n, info.sources) for n, info in subject.nodes.items()]
    known = computable(steps, {node})
    if subject.output not in known:
        blocker, info = next((n, i) for n, i in subject.nodes.items() if n not in known and known & set(i.sources))
        other = next(s for s in info.sources if s not in known)
        return WatchProblem(say("prior_needs_own_decoder", output=subject.output, node=node, blocker=blocker,
                                other=other), "node")
    if options.layout != "grid":
        return None
    size = math.prod(subject.nodes[node].shape)
    if size != 2:
        return WatchProblem(say("grid_needs_two_values", node=node, size=size), "options.layout")
    side = math.isqrt(options.count)
    if side < 2 or side * side != options.count:
        return WatchProblem(say("grid_count_square", count=options.count), "options.count")
    return None


register(ProbeType(
    name="prior", title="Samples from the prior",
    description="Codes drawn from N(0, I), seeded and the same at every step, put in place of the Sampling node's "
                "output and decoded by the nodes after it: what the model generates. With a code of 2 values, "
                "the grid layout decodes a traversal of [-2, 2]².",
    scope="node", compute=prior, dtypes=("uint8",), options=PriorOptions, check=_check,
    applies_to=AppliesTo(layers=("Sampling",), tasks=IMAGE_OUT_TASKS, kinds=("images",))))
