"""Every loss and metric of the task table against hand-computed values, PyTorch and scikit-learn."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import confusion_matrix as sk_confusion
from sklearn.metrics import f1_score, precision_score, recall_score
from torch import nn

from neurona.layers.generative import Sampling
from neurona.tasks import LOSSES, METRICS, TASKS, Head, Outputs, confusion_matrix
from neurona.train.objective import Objective

GEN = torch.Generator().manual_seed(3)
LINEAR = Head(1, "Linear")


def test_every_loss_and_metric_is_used_by_some_task() -> None:
    used_losses = {name for task in TASKS.values() for name in task.losses}
    used_metrics = {name for task in TASKS.values() for name in task.metrics}
    assert used_losses == set(LOSSES) and used_metrics == set(METRICS)


def test_hinge_by_hand_and_against_torch() -> None:
    logits = torch.tensor([[2.0], [0.5], [-1.0], [0.2]])
    labels = torch.tensor([1, 1, 0, 0])
    # t = +1, +1, −1, −1: max(0, 1 − t·z) = 0, 0.5, 0, 1.2
    assert LOSSES["hinge"].compute(logits, labels, LINEAR).item() == pytest.approx((0 + 0.5 + 0 + 1.2) / 4)
    scores, classes = torch.randn(10, 4, generator=GEN), torch.randint(4, (10,), generator=GEN)
    head = Head(4, "Linear")
    assert torch.allclose(LOSSES["hinge"].compute(scores, classes, head), F.multi_margin_loss(scores, classes))
    hinge = Objective("classification", 4, "Linear", "hinge")
    assert hinge.accuracy(scores, classes) == pytest.approx((scores.argmax(1) == classes).float().mean().item())


def test_value_losses_by_hand_and_against_torch() -> None:
    out, target = torch.tensor([[0.0], [2.0], [-3.0]]), torch.tensor([[1.0], [2.0], [0.0]])
    assert LOSSES["mean_squared_error"].compute(out, target, LINEAR).item() == pytest.approx((1 + 0 + 9) / 3)
    assert LOSSES["mean_absolute_error"].compute(out, target, LINEAR).item() == pytest.approx((1 + 0 + 3) / 3)
    # Huber (δ = 1): ½·1² = 0.5 for |d| = 1, 0 for d = 0, |d| − ½ = 2.5 for |d| = 3
    assert LOSSES["huber"].compute(out, target, LINEAR).item() == pytest.approx((0.5 + 0 + 2.5) / 3)
    x, y = torch.randn(6, 5, generator=GEN), torch.randn(6, 5, generator=GEN)
    assert torch.allclose(LOSSES["huber"].compute(x, y, LINEAR), F.huber_loss(x, y))
    assert torch.allclose(LOSSES["mean_absolute_error"].compute(x, y, LINEAR), F.l1_loss(x, y))
    assert METRICS["mae"].compute(Outputs(LOSSES["huber"], x, y, LINEAR)) == pytest.approx(F.l1_loss(x, y).item())


def test_soft_dice_by_hand() -> None:
    probs = torch.tensor([[[[1.0, 0.5], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0]]]])
    mask = torch.tensor([[[[1.0, 1.0], [0.0, 0.0]]], [[[0.0, 0.0], [0.0, 0.0]]]])
    # image 1: (2·1.5 + 1) / (1.5 + 2 + 1) = 4 / 4.5; image 2 (empty, predicted empty): (0 + 1) / (0 + 0 + 1) = 1
    expected = 1 - (4 / 4.5 + 1) / 2
    assert LOSSES["soft_dice"].compute(probs, mask, Head(1, "Sigmoid")).item() == pytest.approx(expected)
    logits = torch.logit(probs.clamp(1e-4, 1 - 1e-4))
    assert LOSSES["soft_dice"].compute(logits, mask, LINEAR).item() == pytest.approx(expected, abs=1e-3)


def test_dice_and_iou_by_hand() -> None:
    logits = torch.tensor([[[[3.0, 3.0, -3.0], [3.0, -3.0, -3.0]]]])  # predicted: 3 pixels
    mask = torch.tensor([[[[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]]])  # true: 3 pixels, 2 shared
    o = Outputs(LOSSES["binary_cross_entropy"], logits, mask, Head(1, "Conv2d"))
    assert METRICS["dice"].compute(o) == pytest.approx(2 * 2 / (3 + 3))
    assert METRICS["iou"].compute(o) == pytest.approx(2 / 4)
    assert METRICS["accuracy"].compute(o) == pytest.approx(4 / 6)


@pytest.mark.parametrize("classes", [2, 5])
def test_class_metrics_against_scikit_learn(classes: int) -> None:
    units = 1 if classes == 2 else classes
    out = torch.randn(200, units, generator=GEN)
    labels = torch.randint(classes, (200,), generator=GEN)
    objective = Objective("classification", units, "Linear")
    predicted = (out[:, 0] >= 0).long() if units == 1 else out.argmax(1)
    average = "binary" if classes == 2 else "macro"
    got = objective.metrics(out, labels)
    expected = {"precision": precision_score(labels, predicted, average=average, zero_division=0),
                "recall": recall_score(labels, predicted, average=average, zero_division=0),
                "f1": f1_score(labels, predicted, average=average, zero_division=0)}
    for name, value in expected.items():
        assert got[name] == pytest.approx(value), name
    matrix = confusion_matrix(Outputs(objective.loss_type, out, labels, objective.head))
    assert matrix is not None and matrix.tolist() == sk_confusion(labels, predicted, labels=range(classes)).tolist()


def test_perplexity_is_the_exponential_of_cross_entropy_per_token() -> None:
    scores, tokens = torch.randn(3, 7, 11, generator=GEN), torch.randint(11, (3, 7), generator=GEN)
    lm = Objective("next_token", 7, "TokenLinear")
    ce = F.cross_entropy(scores.reshape(-1, 11), tokens.reshape(-1))
    assert torch.allclose(lm.loss(scores, tokens), ce)
    assert lm.metrics(scores, tokens)["perplexity"] == pytest.approx(math.exp(ce.item()), rel=1e-5)
    uniform = torch.zeros(2, 4, 11)  # equal scores: perplexity = vocabulary size
    assert lm.metrics(uniform, torch.zeros(2, 4, dtype=torch.long))["perplexity"] == pytest.approx(11.0)


class TinyVae(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.sampling = Sampling(sample_in_eval=False)

    def forward(self, mean: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
        return self.sampling(mean, log_var)


def test_elbo_adds_beta_times_kl_per_input_value() -> None:
    model = TinyVae().eval()
    mean, log_var = torch.tensor([[1.0, 0.0]]), torch.tensor([[0.0, math.log(2.0)]])
    out = model(mean, log_var)  # eval: the mean itself
    # KL per code dimension: ½(μ² + σ² − 1 − log σ²) = ½(1 + 1 − 1 − 0) = 0.5 and ½(0 + 2 − 1 − log 2)
    kl = 0.5 + 0.5 * (1 - math.log(2.0))
    target = torch.zeros(1, 2)
    vae = Objective("vae", 2, "Sampling", model=model, kl_weight=0.5, values_per_example=2)
    assert vae.kl() is not None and vae.kl().item() == pytest.approx(kl)
    assert vae.loss(out, target).item() == pytest.approx(F.mse_loss(out, target).item() + 0.5 * kl / 2)
    assert vae.metrics(out, target)["kl"] == pytest.approx(kl)
    plain = Objective("reconstruction", 2, "Sampling", model=model)
    assert plain.kl() is None and plain.loss(out, target).item() == pytest.approx(F.mse_loss(out, target).item())


def test_an_unknown_loss_for_the_task_is_refused() -> None:
    with pytest.raises(ValueError, match="classification trains with"):
        Objective("classification", 3, "Linear", "soft_dice")
