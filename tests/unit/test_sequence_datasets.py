"""The sequence and token datasets (waves, markers, reverse) and shapes' segmentation masks: seeded, shaped, with
objectives equal to torch's own losses, and every gallery template validating against and learning on its dataset."""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from neurona.data import DATASETS, DatasetSpec, LoadedDataset, dataset_catalog, load_dataset, preview
from neurona.errors import SpecError
from neurona.gallery import TEMPLATES
from neurona.spec import ExperimentCreate, GraphSpec, Task, analyze
from neurona.train.objective import Objective
from neurona.train.trainer import Trainer


def load(name: str, **options: Any) -> LoadedDataset:
    return load_dataset(DatasetSpec(name=name, options=options))


CASES = [  # name, options, input shape, input dtype, target shape (per example), target dtype, task, classes
    ("waves", {}, (6, 4), torch.float32, (6, 4), torch.float32, "regression", 0),
    ("markers", {}, (12,), torch.int64, (), torch.int64, "classification", 2),
    ("markers", {"rule": "order", "length": 8}, (8,), torch.int64, (), torch.int64, "classification", 2),
    ("reverse", {}, (10,), torch.int64, (10,), torch.int64, "token_classification", 20),
    ("reverse", {"vocab_size": 7, "rule": "sort"}, (10,), torch.int64, (10,), torch.int64, "token_classification", 7),
    ("shapes", {"target": "mask", "resolution": 16}, (1, 16, 16), torch.float32, (1, 16, 16), torch.float32,
     "segmentation", 1),
]


@pytest.mark.parametrize(("name", "options", "shape", "dtype", "target", "target_dtype", "task", "classes"), CASES)
def test_shapes_dtypes_and_tasks(name: str, options: dict[str, Any], shape: tuple[int, ...], dtype: torch.dtype,
                                 target: tuple[int, ...], target_dtype: torch.dtype, task: str, classes: int) -> None:
    d = load(name, size=300, **options)
    assert d.input_shape == shape and not d.plane and d.features == []
    assert d.x_train.dtype == dtype and d.y_train.dtype == target_dtype
    assert tuple(d.y_train.shape[1:]) == target and tuple(d.y_test.shape[1:]) == target
    assert d.task == task and d.num_classes == classes
    assert len(d.x_train) + len(d.x_test) == 300
    entry = next(e for e in dataset_catalog() if e["name"] == name)
    assert entry["kind"] == d.kind.name and entry["input_shape"] is not None


@pytest.mark.parametrize(("name", "options"), [("waves", {}), ("markers", {}), ("markers", {"rule": "order"}),
                                               ("reverse", {}), ("shapes", {"target": "mask", "resolution": 16})])
def test_same_seed_same_data_other_seed_other_data(name: str, options: dict[str, Any]) -> None:
    a, b = load(name, size=200, **options), load(name, size=200, **options)
    c = load(name, size=200, seed=1, **options)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_train, b.y_train)
    assert torch.equal(a.x_test, b.x_test) and not torch.equal(a.x_train, c.x_train)


def test_token_rules_hold() -> None:
    d = load("markers", size=500)
    x, y = d.raw_train, d.labels_train
    ones, twos = (x == 1).sum(axis=1), (x == 2).sum(axis=1)
    assert ((ones + twos) % 2 == 1).all() and np.array_equal(y, (ones > twos).astype(np.int64))
    assert x.min() >= 1 and x.max() < 50 and 0.35 < y.mean() < 0.65
    o = load("markers", size=500, rule="order")
    first_one, first_two = np.argmax(o.raw_train == 1, axis=1), np.argmax(o.raw_train == 2, axis=1)
    assert ((o.raw_train == 1).sum(axis=1) == 1).all() and ((o.raw_train == 2).sum(axis=1) == 1).all()
    assert np.array_equal(o.labels_train, (first_one < first_two).astype(np.int64))
    r = load("reverse", size=200)
    assert torch.equal(r.y_train, r.x_train.flip(1))
    s = load("reverse", size=200, rule="sort")
    assert torch.equal(s.y_train, s.x_train.sort(dim=1).values)


def test_waves_target_continues_the_input() -> None:
    d = load("waves", size=200, components=2)
    assert d.x_train.abs().max() <= 1.0 and d.y_train.abs().max() <= 1.0
    assert d.x_train.std() > 0.2  # not flat


def test_masks_cover_the_shape_and_28_pixel_shapes_are_unchanged() -> None:
    d = load("shapes", size=200, target="mask", resolution=16)
    assert set(torch.unique(d.y_train).tolist()) == {0.0, 1.0}
    assert torch.equal(d.y_train > 0, d.x_train > 0)  # no noise: the shape is exactly where the pixels are lit
    plain, masked = load("shapes", size=200), load("shapes", size=200, target="mask")
    assert torch.equal(plain.x_train, masked.x_train)  # the mask target does not change the images


def test_options_are_bounded_and_described() -> None:
    for name in ("waves", "markers", "reverse"):
        props = DATASETS[name].options_model.model_json_schema()["properties"]
        assert all("description" in p for p in props.values()), name
    with pytest.raises(SpecError) as err:
        load("reverse", length=1000)
    assert "length" in str(err.value.issues[0].message)
    with pytest.raises(SpecError):
        load("shapes", resolution=20)


def test_previews_are_json() -> None:
    p = preview(DatasetSpec(name="waves"))
    assert p["kind"] == "sequences" and p["sequences"]["shape"] == [6, 4] and len(p["sequences"]["samples"]) == 8
    assert np.array(p["sequences"]["samples"][0]["y"]).shape == (6, 4)
    t = preview(DatasetSpec(name="markers"))["tokens"]
    assert t["length"] == 12 and t["vocab_size"] == 50 and t["samples"][0]["label"] in (0, 1)
    r = preview(DatasetSpec(name="reverse"))["tokens"]
    assert r["samples"][0]["target"] == r["samples"][0]["tokens"][::-1] and r["samples"][0]["label"] is None
    m = preview(DatasetSpec(name="shapes", options={"target": "mask", "resolution": 16, "size": 200}))["images"]
    assert np.array(m["samples"][0]["mask"]).shape == (1, 16, 16) and {s["label"] for s in m["samples"]} == {0, 1, 2, 3}
    for answer in (p, t, r, m):
        json.dumps(answer)


def test_objectives_equal_torch_losses() -> None:
    gen = torch.Generator().manual_seed(0)
    logits, mask = torch.randn(3, 1, 4, 4, generator=gen), (torch.rand(3, 1, 4, 4, generator=gen) > 0.5).float()
    seg = Objective("segmentation", 1, "Conv2d")
    assert torch.allclose(seg.loss(logits, mask), F.binary_cross_entropy_with_logits(logits, mask))
    assert seg.accuracy(logits, mask) == pytest.approx(((logits >= 0) == (mask > 0.5)).float().mean().item())
    sig = Objective("segmentation", 1, "Sigmoid")
    assert torch.allclose(sig.loss(torch.sigmoid(logits), mask), F.binary_cross_entropy(torch.sigmoid(logits), mask),
                          atol=1e-5)
    scores, tokens = torch.randn(3, 5, 7, generator=gen), torch.randint(7, (3, 5), generator=gen)
    tok = Objective("token_classification", 5, "TokenLinear")
    assert torch.allclose(tok.loss(scores, tokens), F.cross_entropy(scores.reshape(15, 7), tokens.reshape(15)))
    assert torch.allclose(tok.loss(scores, tokens), F.cross_entropy(scores.transpose(1, 2), tokens))
    assert tok.accuracy(scores, tokens) == pytest.approx((scores.argmax(-1) == tokens).float().mean().item())
    assert torch.allclose(tok.probabilities(scores).sum(-1), torch.ones(3, 5))
    soft = Objective("token_classification", 5, "Softmax")
    assert torch.allclose(soft.loss(torch.softmax(scores, -1), tokens), tok.loss(scores, tokens), atol=1e-5)
    out, target = torch.randn(3, 6, 4, generator=gen), torch.randn(3, 6, 4, generator=gen)
    reg = Objective("regression", 6, "TokenLinear")
    assert torch.allclose(reg.loss(out, target), F.mse_loss(out, target)) and reg.accuracy(out, target) is None


def graph(*nodes: dict[str, Any]) -> GraphSpec:
    return GraphSpec.model_validate({"nodes": list(nodes), "edges": [
        {"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]})


def test_wrong_output_shapes_are_named() -> None:
    tokens = graph({"id": "in", "type": "Input"},
                   {"id": "emb", "type": "Embedding", "params": {"num_embeddings": 20, "embedding_dim": 8}},
                   {"id": "out", "type": "TokenLinear", "params": {"out_features": 16}})
    report, _ = analyze(tokens, (10,), Task("token_classification", 20))
    [issue] = report.errors
    assert issue.node == "out" and issue.field == "out_features"
    assert "the output has shape [10, 16] but this token_classification dataset needs [10, 20] (one score per " \
           "vocabulary token at each position)" in issue.message
    seq = graph({"id": "in", "type": "Input"}, {"id": "out", "type": "TokenLinear", "params": {"out_features": 3}})
    report, _ = analyze(seq, (6, 4), Task("regression"))
    assert "needs [6, 4] (the target sequence: 4 value(s) at each of 6 steps)" in report.errors[0].message
    img = graph({"id": "in", "type": "Input"},
                {"id": "out", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 1}})
    report, _ = analyze(img, (1, 16, 16), Task("segmentation", 1))
    assert report.errors[0].field == "out_channels" and "needs [1, 16, 16] (one logit per pixel" in \
        report.errors[0].message
    vector = graph({"id": "in", "type": "Input"}, {"id": "out", "type": "Linear", "params": {"out_features": 2}})
    report, _ = analyze(vector, (2,), Task("regression"))
    assert "needs [1] (1 value: the prediction)" in report.errors[0].message


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t["dataset"]], ids=lambda t: t["id"])
def test_every_template_validates_against_its_dataset(template: dict[str, Any]) -> None:
    assert template["dataset"] is not None
    d = load_dataset(DatasetSpec.model_validate(template["dataset"]))
    assert list(d.input_shape) == template["input"]["shape"]
    report, plan = analyze(GraphSpec.model_validate(template["graph"]), d.input_shape, Task(d.task, d.num_classes))
    assert report.valid and plan is not None, report.errors
    assert d.task == template["task"]["kind"]
    if "num_classes" in template["task"]:
        assert d.num_classes == template["task"]["num_classes"]


# template id -> (dataset size, steps, batch size, learning rate): small enough that the whole file stays quick
TRAINING = {
    "perceptron": (400, 150, 16, 0.05), "mlp": (300, 150, 16, 0.03), "lenet5": (300, 60, 16, 0.003),
    "vgg_block": (300, 60, 16, 0.003), "resnet_block": (200, 40, 16, 0.003), "unet": (200, 60, 16, 0.01),
    "conv_autoencoder": (200, 80, 16, 0.01), "segnet_autoencoder": (200, 60, 16, 0.01), "vae": (300, 150, 16, 0.01),
    "seq2seq_lstm": (400, 200, 32, 0.01), "transformer_classifier": (600, 200, 32, 0.003),
    "tiny_vit": (300, 100, 16, 0.003), "transformer_seq2seq": (400, 150, 32, 0.003),
}


@pytest.mark.slow
@pytest.mark.parametrize("template", [t for t in TEMPLATES if t["dataset"]], ids=lambda t: t["id"])
def test_every_template_learns_on_its_dataset(template: dict[str, Any]) -> None:
    torch.set_num_threads(2)
    size, steps, batch, lr = TRAINING[template["id"]]
    dataset = {"name": template["dataset"]["name"], "options": {**template["dataset"]["options"], "size": size}}
    spec = ExperimentCreate.model_validate({"graph": template["graph"], "dataset": dataset, "training": {
        "seed": 0, "device": "cpu", "lr": lr, "batch_size": batch, "epochs": 10_000, "max_steps": steps}})
    trainer = Trainer(spec, steps)
    first = trainer.evaluate()
    while not trainer.done:
        trainer.train_step()
    row = trainer.measure(evaluate=True)  # train_loss: the mean batch loss since the last epoch's end
    assert row.step == steps and row.train_loss is not None and np.isfinite(row.train_loss)
    assert row.train_loss < 0.9 * first.train_loss, (first, row)
    if template["id"] == "perceptron":
        assert row.accuracy is not None and row.accuracy >= 0.9
