"""The template gallery endpoint, image datasets over HTTP, and the server's size limits: too large a model still
validates and saves (with its counts), and is refused only when it is started."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.helpers import act, body, create, get, mlp, stop_quietly, wait_status


def test_templates_list_the_gallery_with_their_datasets(client: httpx.Client) -> None:
    response = client.get("/api/templates")
    assert response.status_code == 200
    templates = {t["id"]: t for t in response.json()}
    course = {"perceptron", "lenet5", "vgg_block", "resnet_block", "conv_autoencoder", "vae", "tiny_vit"}
    assert course <= set(templates)
    for t in templates.values():
        assert {"id", "title", "description", "input", "task", "graph", "dataset"} <= set(t)
        assert t["graph"]["nodes"] and t["input"]["shape"]
    assert templates["lenet5"]["dataset"] == {"name": "digits", "options": {"resolution": 28}}
    assert templates["lenet5"]["input"] == {"shape": [1, 28, 28], "kind": "image", "vocab_size": None}
    assert templates["resnet_block"]["dataset"]["name"] == "shapes"
    assert templates["unet"]["dataset"] == {"name": "shapes", "options": {"target": "mask", "resolution": 16}}
    assert "TemplateInfo" in client.get("/openapi.json").json()["components"]["schemas"]


def test_every_paired_template_validates_against_its_dataset(client: httpx.Client) -> None:
    for t in client.get("/api/templates").json():
        if t["dataset"] is None:
            continue
        report = client.post("/api/specs/validate", json={"graph": t["graph"], "dataset": t["dataset"]}).json()
        assert report["valid"], (t["id"], report["errors"])
        assert report["input_shape"] == t["input"]["shape"]


def test_image_dataset_preview_and_catalog(client: httpx.Client) -> None:
    kinds = {d["name"]: d["kind"] for d in client.get("/api/datasets").json()}
    assert kinds["digits"] == kinds["shapes"] == "images" and kinds["circle"] == "points2d"
    preview = client.post("/api/datasets/digits/preview", json={"size": 200})
    assert preview.status_code == 200, preview.text
    images = preview.json()["images"]
    assert images["shape"] == [1, 8, 8] and len(images["samples"]) == 30
    assert client.post("/api/datasets/digits/preview", json={"size": 5}).status_code == 422
    points = client.post("/api/datasets/circle/preview", json={}).json()
    assert points["kind"] == "points2d" and len(points["train"]["x"]) == 250 and points["extent"]


def test_validation_reports_activation_bytes(client: httpx.Client) -> None:
    report = client.post("/api/specs/validate", json={"graph": mlp()}).json()
    assert report["valid"]
    assert report["activation_bytes"] == 4 * (2 + 8 + 8 + 1)  # Input, fc1, act1, out: one example, float32


def big_activations() -> dict[str, Any]:
    """About 164 KB of activations per example; the batch is the whole training set of 2500 points (a larger
    batch_size is clamped to it): 801 MB for forward and backward."""
    return body(graph=mlp(hidden=(20000, 1000)), dataset={"name": "circle", "options": {"size": 5000}},
                batch_size=65536)


def test_too_much_activation_memory_saves_but_does_not_start(client: httpx.Client) -> None:
    spec = big_activations()
    report = client.post("/api/specs/validate", json={"graph": spec["graph"]}).json()
    assert report["valid"] and report["total_params"] == 20_062_001 and report["activation_bytes"] == 168_012
    response = client.post("/api/experiments", json=spec)
    assert response.status_code == 201, response.text
    experiment = response.json()
    for action in ("start", "step"):
        refused = client.post(f"/api/experiments/{experiment['id']}/{action}")
        assert refused.status_code == 409
        message = refused.json()["detail"]
        assert "the model needs about 801 MB of activations for training at batch 2500 (the whole training set)" \
            in message, message
        assert "this server allows 512 MB (NEURONA_MAX_ACTIVATION_MB); lower batch_size or make the model smaller" \
            in message
    assert get(client, experiment["id"])["status"] == "created"


def test_too_many_parameters_saves_but_does_not_start(client: httpx.Client) -> None:
    graph = mlp(hidden=(8000, 8000))  # 64 million weights in the middle layer
    report = client.post("/api/specs/validate", json={"graph": graph}).json()
    assert report["valid"] and report["total_params"] > 50_000_000 and report["nodes"]["fc2"]["params"] > 6e7
    experiment = create(client, graph=graph)
    assert experiment["total_params"] == report["total_params"]
    refused = client.post(f"/api/experiments/{experiment['id']}/start")
    assert refused.status_code == 409
    assert f"the model has {report['total_params']:,} parameters; this server allows at most 50,000,000" in \
        refused.json()["detail"]


@pytest.mark.slow
def test_a_cnn_trains_on_digits_through_a_worker(client: httpx.Client) -> None:
    vgg = next(t for t in client.get("/api/templates").json() if t["id"] == "vgg_block")
    experiment = create(client, epochs=1, graph=vgg["graph"], dataset=vgg["dataset"], batch_size=64, lr=0.01)
    try:
        act(client, experiment["id"], "start")
        done = wait_status(client, experiment["id"], "finished", "failed")
        assert done["status"] == "finished", done["error"]
        assert done["last_metrics"]["accuracy"] is not None and done["step"] == 23  # ceil(1438 / 64)
    finally:
        stop_quietly(client, experiment["id"])
