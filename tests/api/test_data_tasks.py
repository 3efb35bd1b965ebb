"""Tasks, losses and the new datasets over HTTP: the task catalog, the loss setting checked against the dataset's
task, metric maps in the rows, previews of every kind, and design without data (VGG-16 with no dataset)."""

from __future__ import annotations

import httpx

from tests.api.helpers import act, create, issue_for, metrics, wait_status


def test_the_task_catalog_lists_losses_and_metrics(client: httpx.Client) -> None:
    tasks = {t["name"]: t for t in client.get("/api/tasks").json()}
    assert [loss["name"] for loss in tasks["classification"]["losses"]] == ["cross_entropy", "binary_cross_entropy",
                                                                            "hinge"]
    assert [loss["name"] for loss in tasks["regression"]["losses"]] == ["mean_squared_error",
                                                                        "mean_absolute_error", "huber"]
    assert {m["name"] for m in tasks["segmentation"]["metrics"]} == {"accuracy", "dice", "iou"}
    assert tasks["vae"]["kl_term"] and {m["name"] for m in tasks["next_token"]["metrics"]} >= {"perplexity"}


def test_a_loss_the_task_does_not_allow_is_a_422_naming_the_field_and_the_choices(client: httpx.Client) -> None:
    response = client.post("/api/experiments", json={
        "graph": {"nodes": [{"id": "in", "type": "Input"}, {"id": "out", "type": "Linear",
                                                            "params": {"out_features": 1}}],
                  "edges": [{"source": "in", "target": "out"}]},
        "dataset": {"name": "plane"}, "training": {"loss": "hinge"}})
    assert response.status_code == 422
    item = issue_for(response.json()["detail"], "training.loss")
    assert "mean_squared_error, mean_absolute_error, huber" in item["message"]


def test_a_run_reports_its_tasks_metrics_and_trains_with_the_chosen_loss(client: httpx.Client) -> None:
    experiment = create(client, epochs=1, dataset={"name": "plane", "options": {"size": 100}}, loss="huber")
    assert experiment["training"]["loss"] == "huber"
    act(client, experiment["id"], "start")
    wait_status(client, experiment["id"], "finished")
    rows = metrics(client, experiment["id"])
    evaluated = [r for r in rows if r["test_loss"] is not None]  # rows in between carry the training loss only
    assert evaluated and evaluated[-1] == rows[-1], "the end is evaluated"
    assert all(set(r["metrics"]) == {"mae"} for r in evaluated)
    assert all(not r["metrics"] for r in rows if r["test_loss"] is None)
    classified = create(client, epochs=1, dataset={"name": "iris"}, graph={
        "nodes": [{"id": "in", "type": "Input"}, {"id": "out", "type": "Linear", "params": {"out_features": 3}}],
        "edges": [{"source": "in", "target": "out"}]})
    act(client, classified["id"], "start")
    wait_status(client, classified["id"], "finished")
    last = metrics(client, classified["id"])[-1]
    assert set(last["metrics"]) == {"precision", "recall", "f1"} and last["accuracy"] is not None


def test_previews_of_tables_text_and_signals(client: httpx.Client) -> None:
    table = client.post("/api/datasets/wine/preview", json={}).json()
    assert table["kind"] == "table" and len(table["table"]["columns"]) == 13
    text = client.post("/api/datasets/text/preview", json={"tokenizer": "bpe", "vocab_size": 100}).json()
    assert text["task"] == "next_token" and len(text["tokens"]["vocabulary"]) == 100 and text["tokens"]["merges"]
    signals = client.post("/api/datasets/signals/preview", json={"target": "anomalies"}).json()
    assert "anomalies" in signals["sequences"]["samples"][0]


def test_vgg16_validates_with_no_dataset_from_its_declared_input(client: httpx.Client) -> None:
    vgg = next(t for t in client.get("/api/templates").json() if t["id"] == "vgg16")
    assert vgg["dataset"] is None
    report = client.post("/api/specs/validate", json={"graph": vgg["graph"], "dataset": None}).json()
    assert report["valid"], report["errors"]
    assert report["total_params"] == 138_357_544 and report["input_shape"] == [3, 224, 224]
    assert report["output_shape"] == [1000]
    assert report["activation_bytes"] > 4 * 3 * 224 * 224 * 10  # dozens of MB per image, counted per node
    undeclared = {**vgg["graph"], "nodes": [{"id": "in", "type": "Input"}, *vgg["graph"]["nodes"][1:]]}
    missing = client.post("/api/specs/validate", json={"graph": undeclared, "dataset": None}).json()
    assert issue_for(missing["errors"], "shape", "in")["message"].startswith("in: has no shape")


def test_a_dataset_that_does_not_fit_the_declared_input_says_what_to_change(client: httpx.Client) -> None:
    graph = {"nodes": [{"id": "in", "type": "Input", "params": {"shape": [1, 28, 28]}}, {"id": "flat", "type":
             "Flatten"}, {"id": "out", "type": "Linear", "params": {"out_features": 10}}],
             "edges": [{"source": "in", "target": "flat"}, {"source": "flat", "target": "out"}]}
    response = client.post("/api/experiments", json={"graph": graph, "dataset": {"name": "digits"}})
    assert response.status_code == 422
    message = issue_for(response.json()["detail"], "shape", "in")["message"]
    assert "[1, 28, 28]" in message and "[1, 8, 8]" in message and "clear the Input's shape" in message
    ok = client.post("/api/experiments", json={"graph": graph, "dataset": {"name": "digits",
                                                                           "options": {"resolution": 28}}})
    assert ok.status_code == 201, ok.text
