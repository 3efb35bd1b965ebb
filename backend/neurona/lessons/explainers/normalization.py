"""Batch-norm running statistics over a few batches (torch.nn.BatchNorm1d itself), and dropout's test-time
scaling (torch.nn.Dropout, seeded), including the average of many passes (Monte-Carlo dropout)."""

from __future__ import annotations

from typing import Annotated

import torch
from pydantic import BaseModel, Field
from torch import nn

from ..models import t
from .registry import Explainer, ExplainerInput, explainer

Value = Annotated[float, Field(ge=-1000.0, le=1000.0, allow_inf_nan=False)]
Batch = Annotated[list[Value], Field(min_length=2, max_length=16)]


class BatchNormInput(ExplainerInput):
    batches: list[Batch] = Field([[1.0, 2.0, 3.0, 6.0], [4.0, 5.0, 6.0, 9.0], [0.0, 2.0, 4.0, 6.0]], min_length=1,
                                 max_length=8, description="Values of one feature, one list per training batch.")
    momentum: float = Field(0.1, ge=0.0, le=1.0, description="running = (1 − m)·running + m·batch statistic.")
    test_value: Value = Field(3.0, description="A value normalised at test time with the running statistics.")


class BatchNormStep(BaseModel):
    mean: float = Field(description="The batch mean")
    var: float = Field(description="The batch variance used to normalise (divided by n)")
    unbiased_var: float = Field(description="Divided by n − 1: what the running variance averages")
    normalized: list[float] = Field(description="(x − mean)/√(var + ε) in training mode (γ = 1, β = 0)")
    running_mean: float
    running_var: float
    steps: list[str]


class BatchNormResult(BaseModel):
    batches: list[BatchNormStep]
    test_output: float = Field(description="(test_value − running_mean)/√(running_var + ε) in eval mode")
    eps: float


def _running(layer: nn.BatchNorm1d) -> tuple[float, float]:
    assert layer.running_mean is not None and layer.running_var is not None  # track_running_stats is on
    return float(layer.running_mean[0]), float(layer.running_var[0])


def batch_norm(body: BatchNormInput) -> BatchNormResult:
    layer = nn.BatchNorm1d(1, momentum=body.momentum, affine=False).double()
    rows, m = [], body.momentum
    for batch in body.batches:
        x = torch.tensor(batch, dtype=torch.float64).unsqueeze(1)
        old_mean, old_var = _running(layer)
        layer.train()
        out = layer(x)
        mean, var, unbiased = float(x.mean()), float(x.var(unbiased=False)), float(x.var(unbiased=True))
        new_mean, new_var = _running(layer)
        rows.append(BatchNormStep(
            mean=mean, var=var, unbiased_var=unbiased, normalized=out.squeeze(1).tolist(), running_mean=new_mean,
            running_var=new_var, steps=[f"μ: {1 - m:g}·{old_mean:.3f} + {m:g}·{mean:.3f} = {new_mean:.3f}",
                                        f"σ²: {1 - m:g}·{old_var:.3f} + {m:g}·{unbiased:.3f} = {new_var:.3f}"]))
    layer.eval()
    test = layer(torch.tensor([[body.test_value]], dtype=torch.float64))
    return BatchNormResult(batches=rows, test_output=float(test), eps=layer.eps)


class DropoutInput(ExplainerInput):
    values: list[Value] = Field([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], min_length=1, max_length=64,
                                description="The activations entering the dropout layer.")
    p: float = Field(0.5, ge=0.0, le=0.95, description="Probability of zeroing each activation in training.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds which activations are dropped.")
    repeats: int = Field(100, ge=1, le=10000, description="Training-mode passes to average (Monte-Carlo dropout).")


class DropoutResult(BaseModel):
    train_output: list[float] = Field(description="One training pass: dropped ones are 0, kept ones × 1/(1 − p)")
    kept: list[bool]
    scale: float = Field(description="1/(1 − p)")
    eval_output: list[float] = Field(description="Evaluation mode: the input unchanged")
    mean_of_repeats: list[float] = Field(description="The average of `repeats` training passes: close to the input")
    spread_of_repeats: list[float] = Field(description="Their standard deviation: Monte-Carlo dropout's uncertainty")


def dropout(body: DropoutInput) -> DropoutResult:
    layer = nn.Dropout(body.p)
    x = torch.tensor(body.values, dtype=torch.float64)
    generator_state = torch.random.get_rng_state()
    try:
        torch.manual_seed(body.seed)
        layer.train()
        once = layer(x)
        passes = layer(x.expand(body.repeats, -1))
    finally:
        torch.random.set_rng_state(generator_state)  # the server's other random streams stay as they were
    layer.eval()
    spread = passes.std(dim=0, unbiased=False)
    return DropoutResult(train_output=once.tolist(), kept=(once != 0).tolist() if body.p else [True] * len(x),
                         scale=1 / (1 - body.p), eval_output=layer(x).tolist(), mean_of_repeats=passes.mean(0).tolist(),
                         spread_of_repeats=spread.tolist())


explainer(Explainer(
    name="batch_norm", title=t("Estadísticas de batch norm", "Batch-norm statistics"),
    description=t("En entrenamiento normaliza con la media y varianza del lote y actualiza sus medias móviles; "
                  "en test usa las móviles.",
                  "In training it normalises with the batch's mean and variance and updates running averages; "
                  "at test time it uses the running ones."),
    input=BatchNormInput, output=BatchNormResult, compute=batch_norm, view="statistics"))
explainer(Explainer(
    name="dropout", title=t("Dropout y su escala en test", "Dropout and its test-time scaling"),
    description=t("En entrenamiento apaga activaciones con probabilidad p y multiplica las demás por 1/(1−p); "
                  "en test no hace nada.",
                  "In training it zeroes activations with probability p and multiplies the rest by 1/(1−p); at "
                  "test time it does nothing."),
    input=DropoutInput, output=DropoutResult, compute=dropout, view="dropout"))
