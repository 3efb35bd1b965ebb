"""Soft-Dice and Jaccard (IoU) of a predicted mask against a target mask, both painted by the student."""

from __future__ import annotations

from typing import Annotated

import torch
from pydantic import Field

from ...errors import SpecError
from ...i18n.messages import Said, say
from ..models import t
from .registry import Explainer, ExplainerInput, Stepped, explainer

Cell = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Row = Annotated[list[Cell], Field(min_length=1, max_length=16)]
Grid = Annotated[list[Row], Field(min_length=1, max_length=16)]

PREDICTION = [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
TARGET = [[0, 0, 0, 0, 0], [0, 0, 1, 1, 0], [0, 0, 1, 1, 0], [0, 0, 1, 1, 0], [0, 0, 0, 0, 0]]


class DiceInput(ExplainerInput):
    prediction: Grid = Field(default_factory=lambda: [[float(c) for c in r] for r in PREDICTION],
                             description="The predicted mask: a value from 0 to 1 per pixel (soft masks allowed).")
    target: Grid = Field(default_factory=lambda: [[float(c) for c in r] for r in TARGET],
                         description="The true mask: 0 or 1 per pixel.")
    smooth: float = Field(0.0, ge=0.0, le=10.0, description="Added to numerator and denominator (the soft-Dice "
                          "loss uses 1 so empty masks score 1).")


class DiceResult(Stepped):
    overlap: list[list[float]] = Field(description="prediction × target, pixel by pixel")
    intersection: float = Field(description="Σ p·g")
    prediction_sum: float = Field(description="Σ p")
    target_sum: float = Field(description="Σ g")
    union: float = Field(description="Σ p + Σ g − Σ p·g")
    dice: float = Field(description="(2·Σ p·g + smooth) / (Σ p + Σ g + smooth)")
    jaccard: float = Field(description="(Σ p·g + smooth) / (union + smooth)")
    dice_loss: float = Field(description="1 − dice")


def dice(body: DiceInput) -> DiceResult:
    pred = _grid(body.prediction, "prediction")
    target = _grid(body.target, "target")
    if pred.shape != target.shape:
        raise SpecError.one(say("masks_differ", prediction=_size(pred), target=_size(target)), field="target")
    inter, p_sum, g_sum = float((pred * target).sum()), float(pred.sum()), float(target.sum())
    union = p_sum + g_sum - inter
    s = body.smooth
    if p_sum + g_sum + s == 0:
        raise SpecError.one(say("masks_empty"), field="smooth")
    dice_value, jaccard = (2 * inter + s) / (p_sum + g_sum + s), (inter + s) / (union + s)
    steps: list[str | Said] = [
        f"Dice = (2·{inter:g} + {s:g}) / ({p_sum:g} + {g_sum:g} + {s:g}) = {dice_value:.3f}",
        f"Jaccard = ({inter:g} + {s:g}) / ({p_sum:g} + {g_sum:g} − {inter:g} + {s:g}) = {jaccard:.3f}",
        f"Dice = 2J/(1+J) = {2 * jaccard / (1 + jaccard):.3f}" if s == 0 else say("smooth_close")]
    return DiceResult.said(steps, overlap=(pred * target).tolist(), intersection=inter, prediction_sum=p_sum,
                           target_sum=g_sum, union=union, dice=dice_value, jaccard=jaccard, dice_loss=1 - dice_value)


def _grid(rows: list[list[float]], field: str) -> torch.Tensor:
    if len({len(r) for r in rows}) > 1:
        raise SpecError.one(say("mask_rows_differ", mask=say(f"mask_{field}")), field=field)
    return torch.tensor(rows, dtype=torch.float64)


def _size(grid: torch.Tensor) -> str:
    return "×".join(str(n) for n in grid.shape)


explainer(Explainer(
    name="dice", title=t("Dice y Jaccard", "Dice and Jaccard"),
    description=t("Cuánto se solapan dos máscaras: Dice = 2|A∩B|/(|A|+|B|), Jaccard = |A∩B|/|A∪B|.",
                  "How much two masks overlap: Dice = 2|A∩B|/(|A|+|B|), Jaccard = |A∩B|/|A∪B|."),
    input=DiceInput, output=DiceResult, compute=dice, view="masks"))
