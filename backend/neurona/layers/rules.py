"""Small helpers shared by shape rules: formatting shapes for messages and checking an input's rank."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n.messages import Said, say
from .registry import Shape, ShapeError


def size(shape: Sequence[int]) -> str:
    """A spatial size the way people say it: 28×28, or 12 for one axis."""
    return "×".join(str(n) for n in shape)


def expect_rank(layer: str | Said, shape: Shape, ranks: Sequence[int], what: Said, hint: Said) -> None:
    """Raise unless `shape` has one of `ranks` axes; `what` names the expected layout, `hint` says how to fix it."""
    if len(shape) not in ranks:
        raise ShapeError(say("wrong_rank", layer=layer, what=what, rank=len(shape), shape=list(shape), hint=hint))


LAYOUT = {1: say("layout_sequence"), 2: say("layout_image")}
EXAMPLE = {1: "[1, 100]", 2: "[1, 28, 28]"}


def expect_channels(layer: str, shape: Shape, nd: int = 2) -> None:
    """Raise unless `shape` is channels-first with `nd` spatial axes (C×L or C×H×W)."""
    hint = say("add_reshape", example=EXAMPLE[nd]) if len(shape) < nd + 1 else say("reshape_to_axes", axes=nd + 1)
    expect_rank(layer, shape, (nd + 1,), LAYOUT[nd], hint)


def axis_index(axis: int, rank: int) -> int:
    """A possibly negative axis (counted without the batch) as a non-negative one, or -1 when out of range."""
    index = axis + rank if axis < 0 else axis
    return index if 0 <= index < rank else -1


def divisors(n: int, limit: int = 6) -> list[int]:
    """The first few divisors of `n` above 1, used to suggest a value that fits."""
    return [d for d in range(2, n + 1) if n % d == 0][:limit]
