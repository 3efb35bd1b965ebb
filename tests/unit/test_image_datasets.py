"""The image datasets (digits, shapes): seeded, shaped [C, H, W] in [0, 1], previewable, and trainable by the same
Trainer as the 2-D sets (no decision boundary: that is a capability of the points2d kind)."""

from __future__ import annotations

import itertools
import json
import queue
from typing import Any

import numpy as np
import pytest

from neurona.data import DATASETS, KINDS, DatasetSpec, LoadedDataset, dataset_catalog, load_dataset, preview
from neurona.errors import SpecError
from neurona.gallery import TEMPLATES
from neurona.probes.check import resolve
from neurona.probes.watch import WatchMessage, WatchProblem
from neurona.spec import ExperimentCreate
from neurona.train.trainer import Trainer
from neurona.train.worker import Job, _Run


def load(name: str, **options: Any) -> LoadedDataset:
    return load_dataset(DatasetSpec(name=name, options=options))


def chain(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"nodes": list(nodes),
            "edges": [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]}


def small_cnn(classes: int = 10) -> dict[str, Any]:
    return chain({"id": "in", "type": "Input"},
                 {"id": "c1", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 3, "padding": 1}},
                 {"id": "r1", "type": "ReLU"}, {"id": "p1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
                 {"id": "flat", "type": "Flatten"},
                 {"id": "out", "type": "Linear", "params": {"out_features": classes}})


@pytest.mark.parametrize(("name", "options", "shape", "classes"), [
    ("digits", {}, (1, 8, 8), 10),
    ("digits", {"resolution": 28}, (1, 28, 28), 10),
    ("shapes", {}, (1, 28, 28), 4),
])
def test_shapes_range_and_split(name: str, options: dict[str, Any], shape: tuple[int, ...], classes: int) -> None:
    d = load(name, **options)
    assert d.kind.name == "images" and not d.plane and d.features == []
    assert d.input_shape == shape and tuple(d.x_train.shape[1:]) == shape and tuple(d.x_test.shape[1:]) == shape
    assert d.task == "classification" and d.num_classes == classes and len(d.class_names) == classes
    x = np.concatenate([d.x_train.numpy(), d.x_test.numpy()])
    assert x.dtype == np.float32 and x.min() >= 0.0 and x.max() <= 1.0 and x.max() > 0.9
    y = np.concatenate([d.labels_train, d.labels_test])
    assert set(y.tolist()) == set(range(classes)) and d.y_train.dtype.is_floating_point is False
    opts = DATASETS[name].options_model.model_validate(options)
    assert len(d.x_train) + len(d.x_test) == opts.size
    assert len(d.x_test) == round(opts.size * opts.test_ratio)


@pytest.mark.parametrize("name", ["digits", "shapes"])
def test_same_options_same_images_other_seed_other_images(name: str) -> None:
    a, b = load(name, size=300, noise=5), load(name, size=300, noise=5)
    assert np.array_equal(a.raw_train, b.raw_train) and np.array_equal(a.labels_test, b.labels_test)
    other = load(name, size=300, noise=5, seed=1)
    assert not np.array_equal(a.raw_train, other.raw_train)


@pytest.mark.parametrize("name", ["digits", "shapes"])
def test_noise_changes_pixels_within_range(name: str) -> None:
    clean, noisy = load(name, size=200), load(name, size=200, noise=20)
    assert np.array_equal(clean.labels_train, noisy.labels_train)
    assert not np.array_equal(clean.raw_train, noisy.raw_train)
    assert noisy.raw_train.min() >= 0.0 and noisy.raw_train.max() <= 1.0


def test_digits_are_scikit_learns_scaled_to_unit_range() -> None:
    from sklearn.datasets import load_digits

    ref = load_digits()
    d = load("digits")
    assert len(d.raw_train) + len(d.raw_test) == len(ref.images) == 1797
    every = np.sort(np.concatenate([d.raw_train, d.raw_test]).reshape(1797, -1), axis=0)
    assert np.allclose(every, np.sort(ref.images.reshape(1797, -1) / 16.0, axis=0))
    big = load("digits", resolution=28)
    assert np.array_equal(big.raw_train[:, :, 2:26:3, 2:26:3], d.raw_train)  # each pixel a 3×3 block
    assert big.raw_train[:, :, :2].max() == 0 and big.raw_train[:, :, 26:].max() == 0  # the MNIST-like frame


def test_shapes_are_balanced_and_inside_the_frame() -> None:
    d = load("shapes", size=400)
    counts = np.bincount(np.concatenate([d.labels_train, d.labels_test]))
    assert counts.tolist() == [100, 100, 100, 100]
    edges = np.concatenate([d.raw_train[..., 0, :], d.raw_train[..., -1, :], d.raw_train[..., :, 0],
                            d.raw_train[..., :, -1]], axis=-1)
    assert edges.max() == 0  # a 1-pixel margin: every shape is whole
    assert (d.raw_train.reshape(len(d.raw_train), -1) > 0).sum(axis=1).min() > 30  # nothing empty


def test_reconstruction_target_is_the_input() -> None:
    d = load("shapes", size=200, target="input")
    assert d.task == "reconstruction" and d.num_classes == 0
    assert d.y_train is d.x_train and d.y_test is d.x_test


def test_options_are_checked_with_bounds() -> None:
    with pytest.raises(SpecError) as err:
        load("digits", size=5000)
    assert "between 100 and 1797" in err.value.issues[0].message
    with pytest.raises(SpecError):
        load("shapes", features=["x1"])


def test_catalog_and_kinds() -> None:
    entries = {e["name"]: e for e in json.loads(json.dumps(dataset_catalog()))}
    for name in ("digits", "shapes"):
        entry = entries[name]
        assert entry["kind"] == "images" and entry["task"] == "classification"
        props = entry["options_schema"]["properties"]
        assert {"size", "noise", "test_ratio", "seed", "target"} <= set(props)
        assert all(p.get("description") and "default" in p for p in props.values())
    assert KINDS["points2d"].plane and not KINDS["images"].plane
    assert load("circle").plane


def test_preview_images_are_uint8_with_labels() -> None:
    body = json.loads(json.dumps(preview(DatasetSpec(name="shapes", options={"size": 200}))))
    assert body["kind"] == "images" and body["num_classes"] == 4 and "train" not in body
    images = body["images"]
    assert images["shape"] == [1, 28, 28] and images["class_names"] == ["circle", "square", "triangle", "cross"]
    assert images["train_size"] + images["test_size"] == 200
    assert [s["label"] for s in images["samples"]] == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    pixels = np.array([s["pixels"] for s in images["samples"]])
    assert pixels.shape == (12, 1, 28, 28) and pixels.min() >= 0 and pixels.max() <= 255
    points = preview(DatasetSpec(name="circle"))
    assert points["kind"] == "points2d" and {"train", "test", "extent"} <= set(points)


def spec(graph: dict[str, Any], dataset: dict[str, Any], **training: Any) -> ExperimentCreate:
    return ExperimentCreate.model_validate({"graph": graph, "dataset": dataset,
                                            "training": {"seed": 0, "device": "cpu", **training}})


@pytest.mark.slow
def test_a_small_cnn_learns_digits() -> None:
    trainer = Trainer(spec(small_cnn(), {"name": "digits"}, lr=0.01, batch_size=32, epochs=3), 10**6)
    while not trainer.done:
        trainer.train_step()  # measured once at the end, as the worker measures on a budget
    row = trainer.measure(evaluate=True)
    assert row.accuracy is not None and row.accuracy > 0.8, row  # how fast: bench/ (make bench)


@pytest.mark.slow
def test_an_autoencoder_reconstructs_shapes() -> None:
    template = next(t for t in TEMPLATES if t["id"] == "conv_autoencoder")
    trainer = Trainer(spec(template["graph"], {"name": "shapes", "options": {"size": 400, "target": "input"}},
                           lr=0.01, batch_size=32, epochs=2), 10**6)
    first = trainer.evaluate()
    while not trainer.done:
        row = trainer.step()
    assert row.accuracy is None and row.test_loss < 0.7 * first.test_loss


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t["dataset"]], ids=lambda t: t["id"])
def test_paired_templates_train_on_their_dataset(template: dict[str, Any]) -> None:
    dataset = {"name": template["dataset"]["name"],
               "options": {**template["dataset"]["options"], "size": 200}}
    trainer = Trainer(spec(template["graph"], dataset, batch_size=16, epochs=1), 10**6)
    assert list(trainer.data.input_shape) == template["input"]["shape"]
    assert np.isfinite(trainer.step().train_loss)


BOUNDARY = WatchMessage(type="watch", probe="boundary")


def boundary_events(trainer: Trainer) -> list[Any]:
    """What a worker emits when a client watches the boundary of a freshly built trainer."""
    events: queue.Queue[Any] = queue.Queue()
    job = Job(experiment_id="x", owner="o", spec={}, max_steps=10, resolution=8, probe_hz=10)
    run = _Run(job, None, events, 0)
    watch = resolve(BOUNDARY, run.context(trainer).subject)
    run.watch(trainer, [watch.model_dump()])
    return [events.get_nowait() for _ in range(events.qsize())]


def test_the_boundary_is_probed_only_over_a_plane() -> None:
    images = Trainer(spec(small_cnn(), {"name": "digits", "options": {"size": 200}}), 10)
    with pytest.raises(WatchProblem):
        resolve(BOUNDARY, _Run(Job("x", "o", {}, 10, 8, 10), None, queue.Queue(), 0).context(images).subject)
    linear = chain({"id": "in", "type": "Input"}, {"id": "out", "type": "Linear", "params": {"out_features": 1}})
    [frame] = boundary_events(Trainer(spec(linear, {"name": "circle"}), 10))
    assert frame.kind == "boundary" and frame.header["shape"] == [1, 8, 8] and frame.data
