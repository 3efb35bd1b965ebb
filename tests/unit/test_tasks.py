"""The task table against PyTorch: every task's default loss, probabilities and metrics equal torch's own, every
dataset's declared Input shape and task equal what its generated data holds, and analysis never generates data."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from neurona.data import DATASETS, DatasetSpec, load_dataset, shape_of
from neurona.spec import GraphSpec, analyze
from neurona.tasks import LOSSES, METRICS, TASKS, Task, TaskName, get_task_type
from neurona.train.objective import Objective

GEN = torch.Generator().manual_seed(0)


def test_every_task_name_has_one_declaration_and_known_parts() -> None:
    assert set(TASKS) == set(TaskName)
    for task in TASKS.values():
        assert task.losses and all(name in LOSSES for name in task.losses)
        assert all(name in METRICS for name in task.metrics)
        assert task.default_loss(1) in task.losses and task.default_loss(7) in task.losses


def accuracy(predicted: torch.Tensor, actual: torch.Tensor) -> float:
    return (predicted == actual).float().mean().item()


def test_classification_binary_and_multiclass() -> None:
    logits, labels = torch.randn(16, 1, generator=GEN), torch.randint(2, (16,), generator=GEN)
    binary = Objective("classification", 1, "Linear")
    assert binary.loss_type.name == "binary_cross_entropy"
    assert torch.allclose(binary.loss(logits, labels), F.binary_cross_entropy_with_logits(logits[:, 0],
                                                                                          labels.float()))
    assert torch.allclose(binary.probabilities(logits), torch.sigmoid(logits))
    assert binary.accuracy(logits, labels) == pytest.approx(accuracy((logits[:, 0] > 0).long(), labels))
    probs = torch.sigmoid(logits)
    ends_sigmoid = Objective("classification", 1, "Sigmoid")
    assert torch.allclose(ends_sigmoid.loss(probs, labels), binary.loss(logits, labels), atol=1e-5)
    assert torch.equal(ends_sigmoid.probabilities(probs), probs)

    scores, classes = torch.randn(16, 5, generator=GEN), torch.randint(5, (16,), generator=GEN)
    multi = Objective("classification", 5, "Linear")
    assert multi.loss_type.name == "cross_entropy"
    assert torch.allclose(multi.loss(scores, classes), F.cross_entropy(scores, classes))
    assert torch.allclose(multi.probabilities(scores), torch.softmax(scores, dim=1))
    assert multi.metrics(scores, classes)["accuracy"] == pytest.approx(accuracy(scores.argmax(1), classes))
    ends_softmax = Objective("classification", 5, "Softmax")
    assert torch.allclose(ends_softmax.loss(torch.softmax(scores, 1), classes), multi.loss(scores, classes),
                          atol=1e-5)


def test_regression_and_reconstruction_are_mean_squared_error_without_accuracy() -> None:
    out, target = torch.randn(8, 6, 4, generator=GEN), torch.randn(8, 6, 4, generator=GEN)
    for name in ("regression", "reconstruction"):
        objective = Objective(name, 6, "Linear")
        assert torch.allclose(objective.loss(out, target), F.mse_loss(out, target))
        assert torch.equal(objective.probabilities(out), out)
        assert objective.accuracy(out, target) is None
        assert objective.metrics(out, target) == {"mae": pytest.approx((out - target).abs().mean().item())}
        assert objective.task.value_range(target) == (float(target.min()), float(target.max()))


def test_segmentation_is_binary_cross_entropy_per_pixel() -> None:
    logits = torch.randn(3, 1, 5, 5, generator=GEN)
    mask = (torch.rand(3, 1, 5, 5, generator=GEN) > 0.5).float()
    seg = Objective("segmentation", 1, "Conv2d")
    assert torch.allclose(seg.loss(logits, mask), F.binary_cross_entropy_with_logits(logits, mask))
    assert seg.accuracy(logits, mask) == pytest.approx(accuracy(logits > 0, mask > 0.5))
    assert seg.task.value_range(mask) == (0.0, 1.0)


def test_token_classification_is_cross_entropy_at_every_position() -> None:
    scores, tokens = torch.randn(4, 6, 9, generator=GEN), torch.randint(9, (4, 6), generator=GEN)
    tok = Objective("token_classification", 6, "TokenLinear")
    assert torch.allclose(tok.loss(scores, tokens), F.cross_entropy(scores.reshape(-1, 9), tokens.reshape(-1)))
    assert torch.allclose(tok.probabilities(scores), torch.softmax(scores, dim=-1))
    assert tok.accuracy(scores, tokens) == pytest.approx(accuracy(scores.argmax(-1), tokens))


def test_a_loss_the_task_does_not_allow_is_refused() -> None:
    with pytest.raises(ValueError, match="mean_squared_error"):
        Objective("segmentation", 1, "Conv2d", loss_name="mean_squared_error")
    with pytest.raises(KeyError, match="did you mean 'regression'"):
        get_task_type("regresion")


OPTION_SETS: list[tuple[str, dict[str, Any]]] = [
    *[(name, {}) for name in DATASETS],
    ("circle", {"features": ["x1", "x2", "x1^2", "x1*x2"], "size": 100}),
    ("digits", {"resolution": 28, "size": 100, "target": "input"}),
    ("shapes", {"resolution": 16, "size": 100, "target": "mask"}),
    ("shapes", {"size": 100, "target": "input"}),
    ("waves", {"length": 9, "channels": 2, "size": 100}),
    ("markers", {"length": 20, "vocab_size": 30, "size": 100}),
    ("reverse", {"length": 7, "vocab_size": 11, "size": 100, "rule": "sort"}),
]


@pytest.mark.parametrize(("name", "options"), OPTION_SETS, ids=lambda v: v if isinstance(v, str) else str(v))
def test_declared_shapes_and_tasks_equal_the_generated_data(name: str, options: dict[str, Any]) -> None:
    spec = DatasetSpec(name=name, options=options)
    declared, data = shape_of(spec), load_dataset(spec)
    assert declared.input_shape == data.input_shape
    assert (declared.task.kind, declared.task.num_classes) == (data.task, data.num_classes)
    targets = data.y_train
    assert targets.dtype == (torch.int64 if declared.task.type.has_classes and data.task != "segmentation"
                             else torch.float32)
    if data.task == "token_classification":
        assert int(targets.max()) < declared.task.num_classes
    elif data.task == "classification":
        assert set(np.unique(targets.numpy())) <= set(range(declared.task.num_classes))


def test_validation_generates_no_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """analysis of a spec needs the dataset's shapes only; generating the examples would fail here"""
    def refuse(*_args: Any) -> Any:
        raise AssertionError("the dataset was generated")

    graph = GraphSpec.model_validate({"nodes": [{"id": "in", "type": "Input"}, {"id": "f", "type": "Flatten"},
                                                {"id": "out", "type": "Linear", "params": {"out_features": 3}}],
                                      "edges": [{"source": "in", "target": "f"}, {"source": "f", "target": "out"}]})
    monkeypatch.setitem(DATASETS, "shapes", dataclasses.replace(DATASETS["shapes"], generate=refuse))
    declared = shape_of(DatasetSpec(name="shapes", options={"size": 10000}))
    report, _plan = analyze(graph, declared.input_shape, declared.task)
    [issue] = report.errors
    assert issue.node == "out" and issue.field == "out_features"
    assert "the output has shape [3] but this classification dataset needs [4] (one unit per class)" in issue.message


def test_output_rules_name_what_each_task_needs() -> None:
    assert TASKS["reconstruction"].output(Task("reconstruction"), (1, 8, 8)).shapes == ((1, 8, 8),)
    assert TASKS["classification"].output(Task("classification", 2), (2,)).shapes == ((1,), (2,))
    assert TASKS["segmentation"].output(Task("segmentation", 1), (1, 16, 16)).shapes == ((1, 16, 16),)
    assert TASKS["token_classification"].output(Task("token_classification", 20), (10,)).shapes == ((10, 20),)
