"""The dataset registry: generation, splitting, features, the boundary grid, errors and the JSON it serves."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from neurona.data import (
    DATASETS,
    FEATURES,
    DatasetSpec,
    DatasetType,
    LoadedDataset,
    Points2DOptions,
    compute_features,
    dataset_catalog,
    load_dataset,
    parse_options,
    preview,
    register,
)
from neurona.data.points2d import multi_gaussian_surface
from neurona.errors import SpecError

POINTS = [n for n, d in DATASETS.items() if d.kind == "points2d"]  # the image sets: tests/unit/test_image_datasets.py
CLASSIFICATION = [n for n in POINTS if DATASETS[n].task == "classification"]
REGRESSION = [n for n in POINTS if DATASETS[n].task == "regression"]


def load(name: str, **options: Any) -> LoadedDataset:
    return load_dataset(DatasetSpec(name=name, options=options))


def spec_issues(name: str, options: dict[str, Any]) -> list[tuple[str | None, str]]:
    with pytest.raises(SpecError) as caught:
        load_dataset(DatasetSpec(name=name, options=options))
    return [(issue.field, issue.message) for issue in caught.value.issues]


def test_the_declared_datasets() -> None:
    assert set(CLASSIFICATION) == {"circle", "xor", "gaussian", "spiral", "moons"}
    assert set(REGRESSION) == {"plane", "multi-gaussian"}
    assert all(DATASETS[n].num_classes == 2 for n in CLASSIFICATION)
    assert all(DATASETS[n].num_classes == 0 for n in REGRESSION)


@pytest.mark.parametrize("name", POINTS)
def test_same_seed_same_data_other_seed_other_data(name: str) -> None:
    a, b, other = load(name, seed=3, noise=10), load(name, seed=3, noise=10), load(name, seed=4, noise=10)
    for field in ("raw_train", "raw_test", "labels_train", "labels_test"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_test, b.y_test)
    assert not np.allclose(a.raw_train, other.raw_train)
    # the points themselves change with the seed, not just which of them land in the test set
    all_a = np.sort(np.concatenate([a.raw_train, a.raw_test]), axis=0)
    all_other = np.sort(np.concatenate([other.raw_train, other.raw_test]), axis=0)
    assert not np.allclose(all_a, all_other)


@pytest.mark.parametrize("name", POINTS)
def test_noise_changes_the_data(name: str) -> None:
    clean, noisy = load(name, noise=0), load(name, noise=50)
    changed = not np.array_equal(clean.raw_train, noisy.raw_train) or not np.array_equal(
        clean.labels_train, noisy.labels_train)
    assert changed


@pytest.mark.parametrize(("size", "ratio"), [(50, 0.1), (501, 0.5), (1000, 0.3), (777, 0.9)])
def test_size_and_split_ratio(size: int, ratio: float) -> None:
    d = load("circle", size=size, test_ratio=ratio)
    assert len(d.raw_test) == round(size * ratio)
    assert len(d.raw_train) + len(d.raw_test) == size
    assert len(d.x_train) == len(d.y_train) == len(d.labels_train) == len(d.raw_train)
    train_points = {tuple(p) for p in d.raw_train.tolist()}
    assert not any(tuple(p) in train_points for p in d.raw_test.tolist())  # no point is in both


def test_split_is_shuffled_across_classes() -> None:
    d = load("gaussian", size=400)  # generators emit points grouped by class
    assert 0.35 < d.labels_test.mean() < 0.65
    assert 0.35 < d.labels_train[:50].mean() < 0.65


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_shapes_and_dtypes(name: str) -> None:
    d = load(name, size=300, test_ratio=0.2)
    assert d.x_train.dtype == torch.float32 and d.x_train.shape == (240, 2)
    assert d.x_test.shape == (60, 2)
    assert d.y_train.dtype == torch.int64 and d.y_train.shape == (240,)
    assert d.labels_train.dtype == np.int64 and d.raw_train.dtype == np.float32
    assert set(np.unique(np.concatenate([d.labels_train, d.labels_test]))) == {0, 1}
    assert d.input_shape == (2,) and d.task == "classification" and d.num_classes == 2


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_shapes_and_range(name: str) -> None:
    d = load(name, size=300, test_ratio=0.2)
    assert d.y_train.dtype == torch.float32 and d.y_train.shape == (240, 1)
    assert d.y_test.shape == (60, 1) and d.labels_train.dtype == np.float32
    assert d.task == "regression" and d.num_classes == 0
    assert float(d.y_train.abs().max()) <= 1.05
    assert float(d.y_train.std()) > 0.2  # a surface worth fitting, not a flat one


def test_regression_targets_follow_their_surface_and_noise() -> None:
    plane = load("plane", noise=0)
    assert np.allclose(plane.labels_train, plane.raw_train.sum(axis=1) / 12, atol=1e-6)
    bumps = load("multi-gaussian", noise=0)
    assert np.allclose(bumps.labels_train, multi_gaussian_surface(bumps.raw_train.astype(np.float64)), atol=1e-5)
    noisy = load("plane", noise=20)
    error = noisy.labels_train - noisy.raw_train.sum(axis=1) / 12
    assert 0.01 < np.abs(error).max() <= 0.2 + 1e-6  # uniform in ±noise_fraction


@pytest.mark.parametrize("name", POINTS)
@pytest.mark.parametrize("noise", [0, 50])
def test_points_stay_in_the_plane(name: str, noise: float) -> None:
    d = load(name, noise=noise, size=2000)
    assert d.extent == (-6.0, 6.0, -6.0, 6.0)
    assert np.abs(np.concatenate([d.raw_train, d.raw_test])).max() <= 6.0


def test_circle_and_xor_leave_a_margin_at_noise_0() -> None:
    c = load("circle", size=2000)
    radius = np.linalg.norm(np.concatenate([c.raw_train, c.raw_test]), axis=1)
    labels = np.concatenate([c.labels_train, c.labels_test])
    assert radius[labels == 1].max() < 2.5 < 3.5 < radius[labels == 0].min()  # class 1 is the inner disc
    x = load("xor", size=2000)
    assert np.abs(x.raw_train).min() >= 0.3 - 1e-6
    assert np.array_equal(x.labels_train, (x.raw_train[:, 0] * x.raw_train[:, 1] > 0).astype(np.int64))


def _mlp_train_accuracy(d: LoadedDataset) -> float:
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16), torch.nn.Tanh(),
                                torch.nn.Linear(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    for _ in range(400):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(d.x_train)[:, 0], d.y_train.float())
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return ((model(d.x_train)[:, 0] > 0).long() == d.y_train).float().mean().item()


@pytest.mark.slow
@pytest.mark.parametrize("name", CLASSIFICATION)
def test_noise_0_is_separable_by_a_small_mlp(name: str) -> None:
    assert _mlp_train_accuracy(load(name, noise=0, size=300)) >= 0.97


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_noise_50_mixes_the_classes(name: str) -> None:
    # 1-nearest-neighbour accuracy: near perfect when the classes are apart, clearly not when noise mixes them
    clean, noisy = load(name, noise=0), load(name, noise=50)
    assert _nearest_neighbour_accuracy(clean) >= 0.97
    assert _nearest_neighbour_accuracy(noisy) < 0.93


def _nearest_neighbour_accuracy(d: LoadedDataset) -> float:
    dist = ((d.raw_test[:, None, :] - d.raw_train[None, :, :]) ** 2).sum(axis=2)
    return float((d.labels_train[dist.argmin(axis=1)] == d.labels_test).mean())


def test_feature_columns_follow_canonical_order_and_values() -> None:
    d = load("xor", features=["sin_x2", "x1*x2", "x1", "x2^2"])
    assert d.features == ["x1", "x2^2", "x1*x2", "sin_x2"]
    assert d.input_shape == (4,) and d.x_train.shape[1] == 4
    x1, x2 = torch.from_numpy(d.raw_train[:, 0]), torch.from_numpy(d.raw_train[:, 1])
    assert torch.equal(d.x_train[:, 0], x1)
    assert torch.allclose(d.x_train[:, 1], x2 * x2)
    assert torch.allclose(d.x_train[:, 2], x1 * x2)
    assert torch.allclose(d.x_train[:, 3], torch.sin(x2))


@settings(max_examples=40, deadline=None)
@given(chosen=st.lists(st.sampled_from(FEATURES), min_size=1, unique=True),
       points=st.lists(st.tuples(st.floats(-6, 6), st.floats(-6, 6)), min_size=1, max_size=20))
def test_compute_features_any_selection(chosen: list[str], points: list[tuple[float, float]]) -> None:
    pts = np.array(points, dtype=np.float32)
    out = compute_features(pts, chosen)
    order = [f for f in FEATURES if f in chosen]
    assert out.dtype == np.float32 and out.shape == (len(pts), len(order))
    x1, x2 = pts[:, 0], pts[:, 1]
    expected = {"x1": x1, "x2": x2, "x1^2": x1**2, "x2^2": x2**2, "x1*x2": x1 * x2,
                "sin_x1": np.sin(x1), "sin_x2": np.sin(x2)}
    for column, name in enumerate(order):
        assert np.allclose(out[:, column], expected[name], atol=1e-5), name


def test_grid_row_0_is_the_top_and_column_0_the_left() -> None:
    d = load("circle")
    grid = d.grid(4).reshape(4, 4, 2)  # [row, column, (x1, x2)]
    step = 12 / 4
    centres = -6 + step * (np.arange(4) + 0.5)
    assert np.allclose(grid[0, :, 0], centres)  # columns go left → right, smallest x1 first
    assert np.allclose(grid[:, 0, 1], centres[::-1])  # rows go top → bottom, largest x2 first
    assert np.all(grid[:, :, 1] == grid[:, :1, 1])  # a row shares its x2
    assert grid.dtype == np.float32


def test_featurize_a_grid() -> None:
    d = load("circle", features=["x1", "x1^2", "x2^2"])
    inputs = d.featurize(d.grid(8))
    assert inputs.shape == (64, 3) and inputs.dtype == torch.float32
    top_left = d.grid(8)[0]
    assert torch.allclose(inputs[0], torch.tensor([top_left[0], top_left[0] ** 2, top_left[1] ** 2]))


@pytest.mark.parametrize(("options", "field", "says"), [
    ({"noise": 80}, "dataset.options.noise", "noise must be between 0 and 50 (got 80)"),
    ({"size": 10}, "dataset.options.size", "between 50 and 5000"),
    ({"test_ratio": 0.95}, "dataset.options.test_ratio", "between 0.1 and 0.9"),
    ({"seed": -1}, "dataset.options.seed", "seed must be between"),
    ({"size": "many"}, "dataset.options.size", "whole number"),
    ({"noise": float("nan")}, "dataset.options.noise", "finite"),
    ({"features": []}, "dataset.options.features", "at least 1"),
    ({"features": ["x1", "x2", "x1"]}, "dataset.options.features", "x1 more than once"),
    ({"features": ["x1", "x3"]}, "dataset.options.features", "features[1] must be one of"),
    ({"colour": "red"}, "dataset.options.colour", "known options: size, noise, test_ratio, seed, features"),
])
def test_invalid_options_name_the_field(options: dict[str, Any], field: str, says: str) -> None:
    issues = spec_issues("circle", options)
    assert len(issues) == 1
    assert issues[0][0] == field
    assert says in issues[0][1]


def test_every_invalid_option_is_reported() -> None:
    issues = spec_issues("spiral", {"noise": -1, "size": 99999, "extra": 1})
    assert {field for field, _ in issues} == {"dataset.options.noise", "dataset.options.size",
                                               "dataset.options.extra"}


def test_unknown_dataset_lists_the_names() -> None:
    issues = spec_issues("circel", {})
    assert len(issues) == 1
    field, message = issues[0]
    assert field == "dataset.name"
    assert "'circel'" in message and "did you mean 'circle'" in message
    assert all(name in message for name in DATASETS)


def test_dataset_spec_defaults_and_strictness() -> None:
    assert DatasetSpec().name == "circle" and DatasetSpec().options == {}
    with pytest.raises(ValidationError):
        DatasetSpec.model_validate({"name": "circle", "opts": {}})


def test_parse_options_fills_defaults() -> None:
    opts = parse_options(DatasetSpec(name="moons", options={"noise": 5}))
    assert isinstance(opts, Points2DOptions)
    assert (opts.size, opts.noise, opts.test_ratio, opts.seed, opts.features) == (500, 5.0, 0.5, 0, ["x1", "x2"])
    assert Points2DOptions().features is not Points2DOptions().features  # no shared mutable default


def test_catalog_is_json_with_defaults_and_bounds() -> None:
    catalog = json.loads(json.dumps(dataset_catalog()))
    assert [entry["name"] for entry in catalog] == list(DATASETS)
    for entry in (e for e in catalog if e["name"] in POINTS):
        assert {"name", "title", "description", "task", "num_classes", "kind", "options_schema"} <= set(entry)
        assert entry["kind"] == "points2d" and entry["title"] and entry["description"]
        props = entry["options_schema"]["properties"]
        assert set(props) == {"size", "noise", "test_ratio", "seed", "features"}
        assert all(prop.get("description") for prop in props.values())
        assert (props["size"]["default"], props["size"]["minimum"], props["size"]["maximum"]) == (500, 50, 5000)
        assert (props["noise"]["default"], props["noise"]["minimum"], props["noise"]["maximum"]) == (0, 0, 50)
        assert (props["test_ratio"]["minimum"], props["test_ratio"]["maximum"]) == (0.1, 0.9)
        assert props["features"]["default"] == ["x1", "x2"]
        assert props["features"]["items"]["enum"] == list(FEATURES)
        assert props["features"]["minItems"] == 1 and props["features"]["uniqueItems"] is True
        assert entry["options_schema"]["additionalProperties"] is False


@pytest.mark.parametrize("name", ["circle", "plane"])
def test_preview_is_json_of_the_raw_points(name: str) -> None:
    spec = DatasetSpec(name=name, options={"size": 60, "test_ratio": 0.25, "features": ["x1^2"]})
    body = json.loads(json.dumps(preview(spec)))
    d = load_dataset(spec)
    assert body["task"] == d.task and body["num_classes"] == d.num_classes
    assert body["extent"] == [-6, 6, -6, 6]
    assert len(body["train"]["x"]) == len(body["train"]["y"]) == 45 and len(body["test"]["x"]) == 15
    assert all(len(point) == 2 for point in body["train"]["x"])  # raw points, whatever the features
    assert np.allclose(body["test"]["x"], d.raw_test, atol=5e-5)
    values = [v for point in body["train"]["x"] for v in point]
    assert all(round(v, 4) == v for v in values)
    if d.task == "classification":
        assert all(isinstance(y, int) for y in body["train"]["y"])
    else:
        assert all(isinstance(y, float) and round(y, 4) == y for y in body["train"]["y"])


def test_a_dataset_name_is_declared_once() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        register(DATASETS["circle"])
    bad = DatasetType(name="bad", title="Bad", description="", task="regression", num_classes=2, kind="points2d",
                      options_model=Points2DOptions, generate=DATASETS["plane"].generate,
                      input_shape=DATASETS["plane"].input_shape)
    with pytest.raises(ValueError, match="num_classes"):
        register(bad)
    assert "bad" not in DATASETS
