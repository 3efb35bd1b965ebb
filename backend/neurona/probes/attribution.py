"""Which input pixels a classifier's decision rests on, for the pinned images: one probe, four methods.

Every method is Captum's (gradient saliency, integrated gradients, occlusion, Grad-CAM on a chosen conv node),
run on the model in eval mode; Captum differentiates towards the inputs (or the layer) only, so the parameters'
`.grad` that training uses is untouched. `METHODS` is the table: adding a method is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch
from pydantic import Field

from ..i18n.messages import say
from ..stream.frames import pack_float16
from ..tasks import TaskName
from .context import ProbeContext, Subject
from .predictions import predicted_classes
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch, WatchProblem

Method = Literal["saliency", "integrated_gradients", "occlusion", "grad_cam"]


class AttributionOptions(ProbeOptions):
    method: Method = Field("saliency", description="saliency: |∂ score / ∂ pixel|; integrated_gradients: the "
                           "gradient summed along the path from a black image; occlusion: how much the score drops "
                           "when a square is blacked out; grad_cam: a conv node's channels weighted by their mean "
                           "gradient.")
    layer: str | None = Field(None, description="grad_cam: the conv node to explain (default: the last one).")
    target: Literal["predicted", "label"] = Field("predicted", description="Explain the predicted class or the "
                                                  "true one.")
    steps: int = Field(32, ge=4, le=200, description="integrated_gradients: points along the path.")
    window: int | None = Field(None, ge=1, le=64, description="occlusion: side of the blacked-out square "
                               "(default: an eighth of the image, at least 2).")


@dataclass(frozen=True)
class Explained:
    """What a method is asked: the model, the pinned images, the class per image and the options."""

    ctx: ProbeContext
    x: torch.Tensor
    target: list[int]
    opts: AttributionOptions


def _saliency(e: Explained) -> torch.Tensor:
    from captum.attr import Saliency  # imported on first use: Captum pulls in matplotlib
    return Saliency(e.ctx.model).attribute(e.x, target=e.target, abs=True).amax(dim=1)


def _integrated_gradients(e: Explained) -> torch.Tensor:
    from captum.attr import IntegratedGradients
    return IntegratedGradients(e.ctx.model).attribute(e.x, target=e.target, n_steps=e.opts.steps).sum(dim=1)


def occlusion_window(opts: AttributionOptions, height: int) -> int:
    return opts.window or max(2, height // 8)


def _occlusion(e: Explained) -> torch.Tensor:
    from captum.attr import Occlusion
    side = occlusion_window(e.opts, e.x.shape[-2])
    channels = e.x.shape[1]
    return Occlusion(e.ctx.model).attribute(e.x, sliding_window_shapes=(channels, side, side),
                                            strides=(channels, max(1, side // 2), max(1, side // 2)),
                                            target=e.target, perturbations_per_eval=32).sum(dim=1)


def conv_nodes(subject: Subject) -> list[str]:
    """Nodes Grad-CAM can explain: convolution-family nodes with a C × H × W output, in graph order."""
    return [n for n, info in subject.nodes.items() if info.category == "conv" and len(info.shape) == 3
            and info.layer != "Input"]


def cam_layer(subject: Subject, opts: AttributionOptions) -> str:
    """The node Grad-CAM explains (the options are checked first: there is one)."""
    return opts.layer or conv_nodes(subject)[-1]


def check_attribution(subject: Subject, _node: str | None, opts: ProbeOptions) -> WatchProblem | None:
    assert isinstance(opts, AttributionOptions)
    if opts.method != "grad_cam":
        return None
    candidates = conv_nodes(subject)
    if opts.layer is None and not candidates:
        return WatchProblem(say("grad_cam_needs_conv"), "options.method")
    if opts.layer is not None and opts.layer not in candidates:
        choices = ", ".join(candidates) if candidates else say("no_conv_nodes")
        return WatchProblem(say("not_a_conv_node", layer=opts.layer, choices=choices), "options.layer")
    return None


def _grad_cam(e: Explained) -> torch.Tensor:
    from captum.attr import LayerAttribution, LayerGradCam
    layer = e.ctx.node_module(cam_layer(e.ctx.subject, e.opts))
    cam = LayerGradCam(e.ctx.model, layer).attribute(e.x, target=e.target, relu_attributions=True)
    return LayerAttribution.interpolate(cam, tuple(e.x.shape[-2:]), "bilinear")[:, 0]


METHODS: dict[str, Callable[[Explained], torch.Tensor]] = {
    "saliency": _saliency, "integrated_gradients": _integrated_gradients, "occlusion": _occlusion,
    "grad_cam": _grad_cam}


def targets(ctx: ProbeContext, x: torch.Tensor, samples: tuple[int, ...], which: str) -> list[int]:
    """The class explained per image; a one-output binary classifier has one score, index 0."""
    with torch.no_grad():
        out = ctx.model(x)
    if out.shape[1] == 1:
        return [0] * len(samples)
    if which == "label":
        return ctx.test_targets(samples).tolist()
    return predicted_classes(ctx, out)[0].tolist()


def explain(ctx: ProbeContext, samples: tuple[int, ...], opts: AttributionOptions) -> tuple[torch.Tensor, list[int]]:
    """(S, H, W) attributions of the pinned images and the classes they explain."""
    x = ctx.test_inputs(samples).float().requires_grad_()  # Captum differentiates towards the pixels
    was_training = ctx.model.training
    ctx.model.eval()
    try:
        target = targets(ctx, x, samples, opts.target)
        with torch.enable_grad():
            maps = METHODS[opts.method](Explained(ctx, x, target, opts))
    finally:
        ctx.model.train(was_training)
    return maps.detach(), target


def attribution(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    opts = AttributionOptions.model_validate(watch.options)
    maps, target = explain(ctx, watch.samples, opts)
    layer = cam_layer(ctx.subject, opts) if opts.method == "grad_cam" else None
    names = list(ctx.data.class_names)
    return [pack_float16("attribution", maps.float().cpu().numpy(), samples=list(watch.samples), method=opts.method,
                         methods=list(METHODS), layer=layer, conv_nodes=conv_nodes(ctx.subject), target=target,
                         target_names=[names[t] if t < len(names) else str(t) for t in target],
                         input_node=ctx.model.input_id)]


register(ProbeType(
    name="attribution", title="Saliency and Grad-CAM",
    description="Which pixels of the pinned images the predicted (or true) class rests on, by gradient saliency, "
                "integrated gradients, occlusion or Grad-CAM on a convolution node, computed with Captum and laid "
                "over the image.",
    scope="model", compute=attribution, dtypes=("float16",), options=AttributionOptions,
    applies_to=AppliesTo(tasks=(TaskName.CLASSIFICATION.value,), kinds=("images",)), uses_samples=True, max_hz=1.0,
    check=check_attribution))
