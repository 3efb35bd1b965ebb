"""Online image augmentation: every training batch is transformed anew, on the device, by one batched op.

Each transform fires per image with its own probability (`augment_*` options of every image set): a horizontal
flip, a rotation of up to ±`MAX_DEGREES`, a translation of up to ±`MAX_SHIFT` of the side, a zoom between
1 − `MAX_ZOOM` and 1 + `MAX_ZOOM`, and Gaussian pixel noise of standard deviation `NOISE_STD`. The geometric ones
are folded into one affine matrix per image and applied with `grid_sample`, to the input and to a target of the
same picture size (a mask or the clean image), so they stay aligned; the noise touches the input only. Test
examples are never augmented. The draws come from a generator seeded by the run's seed: same seed, same batches.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from .loading import LoadedDataset

MAX_DEGREES = 15.0
MAX_SHIFT = 0.125
MAX_ZOOM = 0.15
NOISE_STD = 0.1
AUGMENT_STREAM = 7919  # the augmentation generator's seed offset, apart from the weights' and the batch order's

Augment = Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]


def probabilities(options: Any) -> dict[str, float]:
    """The options' `augment_*` probabilities by transform name (empty for sets without them)."""
    return {name.removeprefix("augment_"): float(value) for name, value in vars(options).items()
            if name.startswith("augment_")}


def augmenter(data: LoadedDataset, device: torch.device, seed: int) -> Augment | None:
    """The per-batch transform of this dataset's options, or None when every probability is 0."""
    chances = probabilities(data.options)
    if not any(chances.values()):
        return None
    generator = torch.Generator(device=device).manual_seed(seed + AUGMENT_STREAM)
    return lambda x, y: augment_batch(x, y, chances, generator)


def _fires(p: float, n: int, g: torch.Generator, like: torch.Tensor) -> torch.Tensor:
    return torch.rand(n, generator=g, device=like.device) < p


def _uniform(n: int, half_width: float, g: torch.Generator, like: torch.Tensor) -> torch.Tensor:
    return (torch.rand(n, generator=g, device=like.device) * 2 - 1) * half_width


def affine_matrices(n: int, chances: dict[str, float], g: torch.Generator, like: torch.Tensor) -> torch.Tensor:
    """(N, 2, 3) matrices in grid_sample's [-1, 1] coordinates, each the identity where its draws did not fire."""
    zero = torch.zeros(n, device=like.device)
    angle = torch.where(_fires(chances.get("rotate", 0), n, g, like),
                        _uniform(n, math.radians(MAX_DEGREES), g, like), zero)
    zoom = 1 + torch.where(_fires(chances.get("scale", 0), n, g, like), _uniform(n, MAX_ZOOM, g, like), zero)
    shift_on = _fires(chances.get("translate", 0), n, g, like)
    tx = torch.where(shift_on, _uniform(n, 2 * MAX_SHIFT, g, like), zero)
    ty = torch.where(shift_on, _uniform(n, 2 * MAX_SHIFT, g, like), zero)
    flip = torch.where(_fires(chances.get("flip", 0), n, g, like), -1.0, 1.0)
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    rows = [torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)]
    return torch.stack(rows, 1).to(like.dtype)


def augment_batch(x: torch.Tensor, y: torch.Tensor, chances: dict[str, float],
                  g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Transform a batch of (N, C, H, W) images, and `y` with them when it is a picture of the same size."""
    theta = affine_matrices(len(x), chances, g, x)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    moved = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    if y.dim() == 4 and y.shape[-2:] == x.shape[-2:]:
        # masks keep hard values: nearest neighbour, in the target's own dtype
        y = F.grid_sample(y.to(x.dtype), grid, mode="nearest", padding_mode="zeros",
                          align_corners=False).to(y.dtype)
    noisy = _fires(chances.get("noise", 0), len(x), g, x).view(-1, *([1] * (x.dim() - 1)))
    jitter = torch.randn(x.shape, generator=g, device=x.device, dtype=x.dtype) * NOISE_STD
    return torch.where(noisy, (moved + jitter).clamp(0, 1), moved), y
