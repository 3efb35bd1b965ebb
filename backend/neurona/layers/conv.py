"""Convolutions, pooling and upsampling. Inputs are channels-first without the batch: C×L (1-D) or C×H×W (2-D).

Every sliding window follows O = ⌊(W + 2P − D(F−1) − 1)/S⌋ + 1, and `explain` writes that arithmetic out per axis
so the inspector can show how each size came about.

MaxUnpool2d pairs with a MaxPool2d through an edge, not a node reference: its `skip` port takes the tensor the
MaxPool2d pooled, and it re-derives the max positions from it with the same window. Indices thus never leave the
tensor graph (no hidden state between modules, no GraphModel support), the edge keeps the execution order right,
and the output size is exactly the skip's (pooling floors, so the pooled size alone cannot tell 7 from 6 → 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

import torch
import torch.nn.functional as F
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError
from torch import nn

from ..i18n.messages import Said, say
from .registry import ExplainFn, InferFn, LayerParams, LayerType, Shape, ShapeError, Source, register
from .rules import expect_channels, expect_rank, size

MAX_PADDING = 32
AXES = {1: ("L",), 2: ("H", "W")}


def _padding(value: object) -> object:
    # One clear error instead of pydantic's one-per-union-branch messages.
    if value == "same" or (type(value) is int and 0 <= value <= MAX_PADDING):
        return value
    raise PydanticCustomError("padding", 'must be a whole number from 0 to {max} or "same" (got {got})',
                              {"max": MAX_PADDING, "got": repr(value)})


Padding = Annotated[Annotated[int, Field(ge=0, le=MAX_PADDING)] | Literal["same"], BeforeValidator(_padding)]


@dataclass(frozen=True)
class Window:
    """The geometry of a sliding window along every spatial axis."""

    kernel: int
    stride: int
    padding: int
    dilation: int = 1

    @property
    def reach(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    def out(self, n: int) -> int:
        return (n + 2 * self.padding - self.reach) // self.stride + 1

    def check_fits(self, spatial: Sequence[int]) -> None:
        padded = [n + 2 * self.padding for n in spatial]
        if all(self.reach <= n for n in padded):
            return
        if self.dilation == 1:
            raise ShapeError(say("kernel_too_large", kernel=self.kernel, size=size(padded)), "kernel_size")
        raise ShapeError(say("dilated_kernel_too_large", reach=self.reach, kernel=self.kernel, dilation=self.dilation,
                             size=size(padded)), "kernel_size")

    def check_pool_padding(self) -> None:
        if 2 * self.padding > self.kernel:  # PyTorch pads pools with at most half a window
            raise ShapeError(say("pool_padding_too_large", padding=self.padding, kernel=self.kernel,
                                 half=self.kernel // 2), "padding")

    def check_no_empty_window(self, spatial: Sequence[int]) -> None:
        # Dilated windows near the border can fall wholly into the padding; a max over them would be −∞.
        for n in spatial:
            starts = (i * self.stride - self.padding for i in range(self.out(n)))
            if any(all(not 0 <= s + self.dilation * j < n for j in range(self.kernel)) for s in starts if s < 0):
                raise ShapeError(say("window_only_padding", dilation=self.dilation, padding=self.padding,
                                     size=size(spatial)), "padding")

    def line(self, axis: str, n: int) -> str:
        taps = str(self.kernel) if self.dilation == 1 else f"{self.dilation}·({self.kernel} − 1) − 1"
        return f"{axis}: ⌊({n} + 2·{self.padding} − {taps})/{self.stride}⌋ + 1 = {self.out(n)}"


def _check_groups(groups: int, in_channels: int, out_channels: int) -> None:
    for side, n in (("side_input", in_channels), ("side_output", out_channels)):
        if n % groups:
            raise ShapeError(say("groups_indivisible", side=say(side), channels=n, groups=groups, inputs=in_channels,
                                 outputs=out_channels), "groups")


# -- convolutions ------------------------------------------------------------------------------------------------
class ConvParams(LayerParams):
    out_channels: int = Field(8, ge=1, le=4096, description="Number of filters, i.e. output channels.")
    kernel_size: int = Field(3, ge=1, le=31, description="Side of each square filter (3 → a 3×3 window).")
    stride: int = Field(1, ge=1, le=16, description="Step between filter positions; 2 roughly halves the size.")
    padding: Padding = Field(0, description='Zeros added on each side; "same" keeps the size (needs stride 1).')
    dilation: int = Field(1, ge=1, le=16, description="Spacing between filter taps: > 1 sees a wider area with "
                          "the same number of weights.")
    groups: int = Field(1, ge=1, le=4096, description="Convolve channel groups separately; input and output "
                        "channels must both divide by it (groups = input channels is depthwise).")
    bias: bool = Field(True, description="Add a learned bias to each output channel.")


def _conv_window(p: ConvParams) -> Window:
    return Window(p.kernel_size, p.stride, 0 if p.padding == "same" else p.padding, p.dilation)


def _conv_infer(layer: str, nd: int) -> InferFn:
    def infer(p: ConvParams, inputs: Sequence[Shape]) -> Shape:
        (shape,) = inputs
        expect_channels(layer, shape, nd)
        _check_groups(p.groups, shape[0], p.out_channels)
        if p.padding == "same":
            if p.stride != 1:
                raise ShapeError(say("same_needs_stride", stride=p.stride, example=_conv_window(p).reach // 2),
                                 "padding")
            return (p.out_channels, *shape[1:])
        window = _conv_window(p)
        window.check_fits(shape[1:])
        return (p.out_channels, *(window.out(n) for n in shape[1:]))
    return infer


def _conv_explain(nd: int) -> ExplainFn:
    def explain(p: ConvParams, inputs: Sequence[Shape]) -> list[str | Said]:
        (shape,) = inputs
        window = _conv_window(p)
        lines = [say("explain_same", axis=a, size=n) if p.padding == "same" else window.line(a, n)
                 for a, n in zip(AXES[nd], shape[1:], strict=True)]
        return [*lines, f"C: {shape[0]} → {p.out_channels} (out_channels)"]
    return explain


def _conv_build(nd: int) -> type[nn.Module]:
    return nn.Conv1d if nd == 1 else nn.Conv2d


def _register_conv(nd: int, description: str) -> None:
    name = f"Conv{nd}d"
    register(LayerType(
        name=name, category="conv", params=ConvParams, description=description,
        infer=_conv_infer(name, nd), explain=_conv_explain(nd),
        build=lambda p, s: _conv_build(nd)(s[0][0], p.out_channels, p.kernel_size, stride=p.stride,
                                           padding=p.padding, dilation=p.dilation, groups=p.groups, bias=p.bias),
        source=Source(f"nn.Conv{nd}d({{{{ s[0][0] }}}}, {{{{ p.out_channels }}}}, {{{{ p.kernel_size }}}}, "
                      "stride={{ p.stride }}, padding={{ p.padding | py }}, dilation={{ p.dilation }}, "
                      "groups={{ p.groups }}, bias={{ p.bias }})"),
    ))


_register_conv(1, "Slides learned filters along a sequence (channels × length): local patterns in signals or text.")
_register_conv(2, "Slides learned filters over an image (channels × height × width): each output channel is one "
                  "filter's response map.")


class ConvTransposeParams(LayerParams):
    out_channels: int = Field(8, ge=1, le=4096, description="Number of output channels.")
    kernel_size: int = Field(2, ge=1, le=31, description="Side of each square filter.")
    stride: int = Field(2, ge=1, le=16, description="Upsampling factor: 2 roughly doubles the size.")
    padding: int = Field(0, ge=0, le=MAX_PADDING, description="Trims this many pixels from each side of the output.")
    output_padding: int = Field(0, ge=0, le=15, description="Extra rows/columns on one side, to reach an exact size "
                                "(must be smaller than stride or dilation).")
    dilation: int = Field(1, ge=1, le=16, description="Spacing between filter taps.")
    groups: int = Field(1, ge=1, le=4096, description="Channel groups; input and output channels must divide by it.")
    bias: bool = Field(True, description="Add a learned bias to each output channel.")


def _transpose_out(p: ConvTransposeParams, n: int) -> int:
    return (n - 1) * p.stride - 2 * p.padding + p.dilation * (p.kernel_size - 1) + p.output_padding + 1


def _transpose_infer(p: ConvTransposeParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_channels("ConvTranspose2d", shape)
    _check_groups(p.groups, shape[0], p.out_channels)
    if p.output_padding >= max(p.stride, p.dilation):
        raise ShapeError(say("output_padding_too_large", output_padding=p.output_padding, stride=p.stride,
                             dilation=p.dilation), "output_padding")
    out = [_transpose_out(p, n) for n in shape[1:]]
    if min(out) < 1:
        raise ShapeError(say("padding_trims_all", padding=p.padding, size=size(out)), "padding")
    return (p.out_channels, *out)


def _transpose_explain(p: ConvTransposeParams, inputs: Sequence[Shape]) -> list[str | Said]:
    (shape,) = inputs
    taps = str(p.kernel_size) if p.dilation == 1 else f"{p.dilation}·({p.kernel_size} − 1) + 1"
    extra = f" + {p.output_padding}" if p.output_padding else ""
    lines = [f"{a}: ({n} − 1)·{p.stride} − 2·{p.padding} + {taps}{extra} = {_transpose_out(p, n)}"
             for a, n in zip(AXES[2], shape[1:], strict=True)]
    return [*lines, f"C: {shape[0]} → {p.out_channels} (out_channels)"]


register(LayerType(
    name="ConvTranspose2d", category="conv", params=ConvTransposeParams,
    description="Learned upsampling (a 'deconvolution'): each input pixel paints a filter-sized patch of the "
                "output. O = (W − 1)·S − 2P + D(F − 1) + output_padding + 1.",
    infer=_transpose_infer, explain=_transpose_explain,
    build=lambda p, s: nn.ConvTranspose2d(s[0][0], p.out_channels, p.kernel_size, stride=p.stride,
                                          padding=p.padding, output_padding=p.output_padding, groups=p.groups,
                                          bias=p.bias, dilation=p.dilation),
    source=Source("nn.ConvTranspose2d({{ s[0][0] }}, {{ p.out_channels }}, {{ p.kernel_size }}, stride={{ p.stride }}, "
                  "padding={{ p.padding }}, output_padding={{ p.output_padding }}, groups={{ p.groups }}, "
                  "bias={{ p.bias }}, dilation={{ p.dilation }})"),
))


# -- pooling -----------------------------------------------------------------------------------------------------
class PoolParams(LayerParams):
    kernel_size: int = Field(2, ge=1, le=16, description="Side of each square pooling window.")
    stride: int | None = Field(None, ge=1, le=16, description="Step between windows; empty means kernel_size "
                               "(windows side by side, no overlap).")
    padding: int = Field(0, ge=0, le=8, description="Padding on each side; at most half of kernel_size.")


class MaxPoolParams(PoolParams):
    dilation: int = Field(1, ge=1, le=8, description="Spacing between the window's taps.")


def _pool_window(p: PoolParams) -> Window:
    return Window(p.kernel_size, p.stride or p.kernel_size, p.padding, getattr(p, "dilation", 1))


def _pool_spatial(layer: str, p: PoolParams, shape: Shape) -> tuple[int, ...]:
    expect_channels(layer, shape)
    window = _pool_window(p)
    window.check_pool_padding()
    window.check_fits(shape[1:])
    window.check_no_empty_window(shape[1:])
    return tuple(window.out(n) for n in shape[1:])


def _pool_infer(layer: str) -> InferFn:
    def infer(p: PoolParams, inputs: Sequence[Shape]) -> Shape:
        (shape,) = inputs
        return (shape[0], *_pool_spatial(layer, p, shape))
    return infer


def _pool_explain(p: PoolParams, inputs: Sequence[Shape]) -> list[str | Said]:
    (shape,) = inputs
    window = _pool_window(p)
    return [window.line(a, n) for a, n in zip(AXES[2], shape[1:], strict=True)]


register(LayerType(
    name="MaxPool2d", category="conv", params=MaxPoolParams,
    description="Keeps the largest value of each window, per channel: shrinks the image and tolerates small shifts.",
    infer=_pool_infer("MaxPool2d"), explain=_pool_explain,
    build=lambda p, _s: nn.MaxPool2d(p.kernel_size, p.stride, p.padding, p.dilation),
    source=Source("nn.MaxPool2d({{ p.kernel_size }}, {{ p.stride | py }}, {{ p.padding }}, {{ p.dilation }})"),
))
register(LayerType(
    name="AvgPool2d", category="conv", params=PoolParams,
    description="Averages each window, per channel: a smooth way to shrink an image (LeNet's subsampling).",
    infer=_pool_infer("AvgPool2d"), explain=_pool_explain,
    build=lambda p, _s: nn.AvgPool2d(p.kernel_size, p.stride, p.padding),
    source=Source("nn.AvgPool2d({{ p.kernel_size }}, {{ p.stride | py }}, {{ p.padding }})"),
))


class GlobalAvgPool(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.flatten(2).mean(-1)


def _global_infer(_p: LayerParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_rank("GlobalAvgPool", shape, (2, 3, 4), say("layout_positions"), say("hint_after_convolution"))
    return (shape[0],)


register(LayerType(
    name="GlobalAvgPool", category="conv",
    description="Averages each channel over all its positions (C×H×W → C): a classifier head without Flatten.",
    infer=_global_infer, build=lambda _p, _s: GlobalAvgPool(), source=Source("GlobalAvgPool()", (GlobalAvgPool,)),
))


# -- upsampling --------------------------------------------------------------------------------------------------
class UpsampleParams(LayerParams):
    scale_factor: int = Field(2, ge=1, le=8, description="Multiplies height and width by this factor.")
    mode: Literal["nearest", "bilinear"] = Field("nearest", description="nearest repeats pixels; bilinear "
                                                 "interpolates between them.")


def _upsample_infer(p: UpsampleParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_channels("Upsample", shape)
    return (shape[0], *(n * p.scale_factor for n in shape[1:]))


def _upsample_build(p: UpsampleParams, _s: Sequence[Shape]) -> nn.Module:
    align = False if p.mode == "bilinear" else None
    return nn.Upsample(scale_factor=p.scale_factor, mode=p.mode, align_corners=align)


register(LayerType(
    name="Upsample", category="conv", params=UpsampleParams,
    description="Enlarges an image by a whole factor without weights (the fixed counterpart of ConvTranspose2d).",
    infer=_upsample_infer, build=_upsample_build,
    source=Source("nn.Upsample(scale_factor={{ p.scale_factor }}, mode={{ p.mode | py }}"
                  "{{ ', align_corners=False' if p.mode == 'bilinear' else '' }})"),
    explain=lambda p, s: [f"{a}: {n} × {p.scale_factor} = {n * p.scale_factor}"
                          for a, n in zip(AXES[2], s[0][1:], strict=True)],
))


class MaxUnpool(nn.Module):
    """Puts each value back where the maximum of its window was in `skip` (the tensor a MaxPool2d pooled)."""

    def __init__(self, kernel_size: int, stride: int, padding: int):
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():  # indices only: no gradient flows into skip
            _, indices = F.max_pool2d(skip, self.kernel_size, self.stride, self.padding, return_indices=True)
        return F.max_unpool2d(x, indices, self.kernel_size, self.stride, self.padding,  # type: ignore[arg-type]
                              output_size=skip.shape[-2:])

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


def _unpool_infer(p: PoolParams, inputs: Sequence[Shape]) -> Shape:
    shape, skip = inputs
    expect_channels("MaxUnpool2d", shape)
    expect_channels("MaxUnpool2d", skip)
    if shape[0] != skip[0]:
        raise ShapeError(say("unpool_channels", channels=shape[0], skip=skip[0]))
    pooled = _pool_spatial("MaxUnpool2d", p, skip)
    if pooled != shape[1:]:
        raise ShapeError(say("unpool_size", skip=size(skip[1:]), pooled=size(pooled), size=size(shape[1:])),
                         "kernel_size")
    return skip


def _unpool_explain(p: PoolParams, inputs: Sequence[Shape]) -> list[str | Said]:
    window = _pool_window(p)
    return [say("explain_unpooled", line=window.line(a, n), size=n)
            for a, n in zip(AXES[2], inputs[1][1:], strict=True)]


register(LayerType(
    name="MaxUnpool2d", category="conv", params=PoolParams, ports=("in", "skip"),
    description="Undoes a MaxPool2d: each value returns to where its window's maximum was, the rest are zero. "
                "Connect skip to the tensor that MaxPool2d pooled and copy its kernel_size, stride and padding.",
    infer=_unpool_infer, explain=_unpool_explain,
    build=lambda p, _s: MaxUnpool(p.kernel_size, p.stride or p.kernel_size, p.padding),
    source=Source("MaxUnpool({{ p.kernel_size }}, {{ p.stride or p.kernel_size }}, {{ p.padding }})", (MaxUnpool,)),
))
