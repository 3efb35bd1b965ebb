"""Layers for generative models: the VAE's sampling step."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from pydantic import Field
from torch import nn

from ..i18n.messages import say
from .registry import LayerParams, LayerType, Shape, ShapeError, Source, register


class Sampling(nn.Module):
    """z = mean + σ·ε with σ = exp(log_var / 2) and ε ~ N(0, 1): sampling that gradients can pass through.

    After each forward, `kl` holds the batch-mean KL divergence from N(0, 1), with its graph, so an objective can
    add β·kl to the reconstruction loss.
    """

    def __init__(self, sample_in_eval: bool):
        super().__init__()
        self.sample_in_eval = sample_in_eval
        self.kl: torch.Tensor | None = None

    def forward(self, mean: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
        per_value = 1 + log_var - mean.pow(2) - log_var.exp()
        self.kl = -0.5 * per_value.flatten(1).sum(1).mean()
        if not (self.training or self.sample_in_eval):
            return mean  # evaluation is deterministic unless asked otherwise
        return mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)


class SamplingParams(LayerParams):
    sample_in_eval: bool = Field(False, description="Also sample at evaluation; off returns the mean, so "
                                 "evaluation gives the same answer every time.")


def _sampling_shape(_p: SamplingParams, inputs: Sequence[Shape]) -> Shape:
    mean, log_var = inputs
    if mean != log_var:
        raise ShapeError(say("branches_differ", mean=list(mean), log_var=list(log_var)))
    return mean


register(LayerType(
    name="Sampling", category="generative", params=SamplingParams, ports=("mean", "log_var"),
    description="The VAE's reparameterisation: draws z = mean + exp(log_var / 2)·ε with ε ~ N(0, 1), so the "
                "encoder still learns through the random draw.",
    infer=_sampling_shape, build=lambda p, _s: Sampling(p.sample_in_eval),
    source=Source("Sampling({{ p.sample_in_eval }})", (Sampling,)),
))
