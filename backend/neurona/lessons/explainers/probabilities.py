"""Softmax of typed scores, and cross-entropy of predicted probabilities against labels (PyTorch computes both)."""

from __future__ import annotations

from typing import Annotated

import torch
import torch.nn.functional as F
from pydantic import BaseModel, Field

from ...errors import SpecError
from ...i18n.messages import say
from ..models import t
from .registry import Explainer, ExplainerInput, explainer

Score = Annotated[float, Field(ge=-50.0, le=50.0, allow_inf_nan=False)]
Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
ROW_TOLERANCE = 0.011  # rows typed with two decimals may miss 1 by a rounding


class SoftmaxInput(ExplainerInput):
    scores: list[Score] = Field([2.0, 1.0, 0.1], min_length=2, max_length=12,
                                description="One score (logit) per class.")
    temperature: float = Field(1.0, ge=0.05, le=20.0, description="Scores are divided by it: below 1 sharpens, "
                               "above 1 flattens.")


class SoftmaxResult(BaseModel):
    scaled: list[float] = Field(description="score / temperature")
    exponentials: list[float] = Field(description="exp(scaled − max): shifting by the max changes nothing")
    total: float = Field(description="The sum of the exponentials")
    probabilities: list[float]
    predicted: int = Field(description="The class with the largest probability")
    steps: list[str]


def softmax(body: SoftmaxInput) -> SoftmaxResult:
    scaled = torch.tensor(body.scores, dtype=torch.float64) / body.temperature
    shifted = (scaled - scaled.max()).exp()
    probs = torch.softmax(scaled, dim=0)
    total = float(shifted.sum())
    terms = " + ".join(f"{e:.3f}" for e in shifted.tolist())
    steps = [f"exp(s − max) = {terms} = {total:.3f}",
             *(f"p{i} = {e:.3f} / {total:.3f} = {p:.3f}" for i, (e, p) in enumerate(zip(shifted.tolist(),
                                                                                        probs.tolist(), strict=True)))]
    return SoftmaxResult(scaled=scaled.tolist(), exponentials=shifted.tolist(), total=total,
                         probabilities=probs.tolist(), predicted=int(probs.argmax()), steps=steps)


class ModelPredictions(ExplainerInput):
    name: str = Field("A", min_length=1, max_length=20)
    probabilities: list[Annotated[list[Probability], Field(min_length=2, max_length=10)]] = Field(
        min_length=1, max_length=12, description="One row per example: the probability of every class (sums to 1).")


# Both models get three of the four examples right (75 %); A is sure when right and hesitant when wrong, B the
# opposite, so their losses differ greatly.
DEFAULT_MODELS = [
    ModelPredictions(name="A", probabilities=[[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.05, 0.05, 0.9],
                                              [0.4, 0.35, 0.25]]),
    ModelPredictions(name="B", probabilities=[[0.4, 0.3, 0.3], [0.3, 0.4, 0.3], [0.3, 0.3, 0.4],
                                              [0.9, 0.05, 0.05]]),
]


class CrossEntropyInput(ExplainerInput):
    labels: list[Annotated[int, Field(ge=0, le=9)]] = Field([0, 1, 2, 1], min_length=1, max_length=12,
                                                             description="The true class of every example.")
    models: list[ModelPredictions] = Field(default_factory=lambda: list(DEFAULT_MODELS), min_length=1,
                                           max_length=4, description="Each model's predicted probabilities.")


class ModelLoss(BaseModel):
    name: str
    losses: list[float] = Field(description="−ln p(true class) for every example")
    loss: float = Field(description="Their mean: the cross-entropy")
    accuracy: float
    steps: list[str]


class CrossEntropyResult(BaseModel):
    models: list[ModelLoss]


def cross_entropy(body: CrossEntropyInput) -> CrossEntropyResult:
    labels = torch.tensor(body.labels)
    results = []
    for m, model in enumerate(body.models):
        _check_rows(model, m, len(body.labels))
        probs = torch.tensor(model.probabilities, dtype=torch.float64)
        if int(labels.max()) >= probs.shape[1]:
            raise SpecError.one(say("label_beyond_classes", label=int(labels.max()), model=model.name,
                                    count=probs.shape[1]), field="labels")
        log_probs = probs.clamp_min(1e-12).log()
        losses = F.nll_loss(log_probs, labels, reduction="none")
        correct = (probs.argmax(dim=1) == labels).double().mean()
        steps = [f"−ln {float(probs[i, y]):.3f} = {float(loss):.3f}" for i, (y, loss) in
                 enumerate(zip(labels.tolist(), losses, strict=True))]
        results.append(ModelLoss(name=model.name, losses=losses.tolist(), loss=float(losses.mean()),
                                 accuracy=float(correct), steps=steps))
    return CrossEntropyResult(models=results)


def _check_rows(model: ModelPredictions, m: int, n_labels: int) -> None:
    field = f"models.{m}.probabilities"
    if len(model.probabilities) != n_labels:
        raise SpecError.one(say("rows_not_labels", model=model.name, rows=len(model.probabilities), labels=n_labels),
                            field=field)
    widths = {len(row) for row in model.probabilities}
    if len(widths) > 1:
        raise SpecError.one(say("rows_differ", model=model.name, lengths=sorted(widths)), field=field)
    for i, row in enumerate(model.probabilities):
        if abs(sum(row) - 1.0) > ROW_TOLERANCE:
            raise SpecError.one(say("row_not_one", row=i, model=model.name, total=sum(row)), field=f"{field}.{i}")


explainer(Explainer(
    name="softmax", title=t("Softmax", "Softmax"),
    description=t("Convierte puntuaciones en probabilidades: exp(s/T) dividido por la suma.",
                  "Turns scores into probabilities: exp(s/T) divided by their sum."),
    input=SoftmaxInput, output=SoftmaxResult, compute=softmax, view="bars"))
explainer(Explainer(
    name="cross_entropy", title=t("Entropía cruzada", "Cross-entropy"),
    description=t("−ln de la probabilidad de la clase correcta, promediada: dos modelos con la misma exactitud "
                  "pueden tener pérdidas muy distintas.",
                  "−ln of the probability of the true class, averaged: two models with the same accuracy can "
                  "have very different losses."),
    input=CrossEntropyInput, output=CrossEntropyResult, compute=cross_entropy, view="losses"))
