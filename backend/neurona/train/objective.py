"""Loss, accuracy and output probabilities, chosen by the dataset's task and the network's last layer.

Binary classification with one output unit uses binary cross-entropy; one unit per class uses cross-entropy;
regression uses mean squared error. Segmentation is binary cross-entropy at every pixel (accuracy: the share of
pixels right); token classification is cross-entropy over the last axis at every position (accuracy: the share of
tokens right). When the network already ends in Sigmoid or Softmax, the loss is taken on its probabilities
(clamped away from 0), so students may end a classifier either way and both train.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

EPS = 1e-7

MEAN_SQUARED = frozenset({"regression", "reconstruction"})  # a number (or the input itself) to predict

@dataclass(frozen=True)
class Objective:
    task: str  # "classification" | "regression" | "reconstruction" | "segmentation" | "token_classification"
    units: int  # output width (its first axis)
    ends_in: str  # type of the output layer

    @property
    def binary(self) -> bool:
        return self.task == "classification" and self.units == 1

    def loss(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.task in MEAN_SQUARED:
            return F.mse_loss(out, y)
        if self.task == "segmentation":  # y: (N, 1, H, W) 0/1 masks, out: logits (or Sigmoid probabilities)
            if self.ends_in == "Sigmoid":
                return F.binary_cross_entropy(out.clamp(EPS, 1 - EPS), y.to(out.dtype))
            return F.binary_cross_entropy_with_logits(out, y.to(out.dtype))
        if self.task == "token_classification":  # out: (N, L, V) scores, y: (N, L) token ids
            scores, targets = out.reshape(-1, out.shape[-1]), y.reshape(-1)
            if self.ends_in == "Softmax":
                return F.nll_loss(torch.log(scores.clamp_min(EPS)), targets)
            return F.cross_entropy(scores, targets)
        if self.binary:
            target = y.to(out.dtype).view_as(out)
            if self.ends_in == "Sigmoid":
                return F.binary_cross_entropy(out.clamp(EPS, 1 - EPS), target)
            return F.binary_cross_entropy_with_logits(out, target)
        if self.ends_in == "Softmax":
            return F.nll_loss(torch.log(out.clamp_min(EPS)), y)
        return F.cross_entropy(out, y)

    def probabilities(self, out: torch.Tensor) -> torch.Tensor:
        """(N, C) per-class probabilities; for binary, C = 1 holding P(class 1). Regression: the prediction."""
        if self.task in MEAN_SQUARED:
            return out
        if self.task == "segmentation":  # P(pixel is on the object), the output's shape
            return out if self.ends_in == "Sigmoid" else torch.sigmoid(out)
        if self.task == "token_classification":  # (N, L, V): a distribution over the vocabulary per position
            return out if self.ends_in == "Softmax" else torch.softmax(out, dim=-1)
        if self.binary:
            return out if self.ends_in == "Sigmoid" else torch.sigmoid(out)
        return out if self.ends_in == "Softmax" else torch.softmax(out, dim=1)

    def accuracy(self, out: torch.Tensor, y: torch.Tensor) -> float | None:
        if self.task in MEAN_SQUARED:
            return None
        if self.task == "segmentation":  # pixel accuracy
            return ((self.probabilities(out) >= 0.5) == (y >= 0.5)).float().mean().item()
        if self.task == "token_classification":  # per-token accuracy
            return (out.argmax(dim=-1) == y).float().mean().item()
        predicted = (self.probabilities(out)[:, 0] >= 0.5).long() if self.binary else out.argmax(dim=1)
        return (predicted == y).float().mean().item()
