"""The REST contract of docs/protocol.md against a real server: catalog, validation, the experiment lifecycle,
errors (exact status codes, never a 500), sessions, deletion and the queue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from neurona.tasks import TASKS
from tests.api.helpers import (
    FOREVER_EPOCHS,
    act,
    body,
    create,
    get,
    issue_for,
    metrics,
    mlp,
    stop_quietly,
    wait_for,
    wait_status,
)
from tests.conftest import session_client

STEPS_PER_EPOCH = 25  # circle: 500 points, half for training, batches of 10


@pytest.fixture
def cleanup(client: httpx.Client) -> Iterator[list[str]]:
    """Ids of runs to stop after the test, whatever happened, so no run holds a worker for the next test."""
    ids: list[str] = []
    yield ids
    for experiment_id in ids:
        stop_quietly(client, experiment_id)


def long_run(client: httpx.Client, cleanup: list[str], name: str = "long") -> dict:
    experiment = create(client, epochs=FOREVER_EPOCHS, name=name)
    cleanup.append(experiment["id"])
    return experiment


# -- server and catalog --------------------------------------------------------------------------------------------
def test_healthz(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok" and health["version"] and health["device"] in ("cpu", "cuda", "mps")
    assert health["workers"] == 2


def test_layers_describe_their_parameters(client: httpx.Client) -> None:
    response = client.get("/api/layers")
    assert response.status_code == 200
    layers = {layer["type"]: layer for layer in response.json()}
    assert {"Input", "Linear", "Flatten", "Dropout", "ReLU", "Tanh", "Sigmoid", "Softmax"} <= set(layers)
    assert {layer["category"] for layer in layers.values()} >= {"io", "core", "activation"}
    assert layers["Input"]["ports"] == [] and layers["Linear"]["ports"] == ["in"]
    out_features = layers["Linear"]["params_schema"]["properties"]["out_features"]
    assert (out_features["default"], out_features["minimum"], out_features["maximum"]) == (8, 1, 65536)
    assert out_features["description"]
    dropout = layers["Dropout"]["params_schema"]["properties"]["p"]
    assert dropout["default"] == 0.5 and dropout["minimum"] == 0 and dropout["exclusiveMaximum"] == 1
    assert all(layer["description"] for layer in layers.values())


def test_datasets_describe_their_options(client: httpx.Client) -> None:
    response = client.get("/api/datasets")
    assert response.status_code == 200
    datasets = {d["name"]: d for d in response.json()}
    circle = datasets["circle"]
    assert (circle["task"], circle["num_classes"], circle["kind"]) == ("classification", 2, "points2d")
    options = circle["options_schema"]["properties"]
    assert {"size", "noise", "test_ratio", "seed", "features"} <= set(options)
    assert options["size"]["default"] == 500 and options["noise"]["maximum"] == 50
    for d in datasets.values():
        assert d["task"] in TASKS
        assert (d["task"] == "regression") == (d["num_classes"] == 0)
        assert d["input_shape"]


def test_dataset_preview_is_seeded(client: httpx.Client) -> None:
    first = client.post("/api/datasets/circle/preview", json={"size": 100, "seed": 3})
    again = client.post("/api/datasets/circle/preview", json={"size": 100, "seed": 3})
    assert first.status_code == again.status_code == 200
    data = first.json()
    assert data == again.json()
    assert len(data["train"]["x"]) + len(data["test"]["x"]) == 100
    assert set(data["train"]["y"]) <= {0, 1} and data["task"] == "classification"
    unknown = client.post("/api/datasets/circel/preview", json={})
    assert unknown.status_code == 422
    assert "circle" in issue_for(unknown.json()["detail"], "dataset.name")["message"]


# -- validation ----------------------------------------------------------------------------------------------------
def test_validate_a_sound_graph(client: httpx.Client) -> None:
    response = client.post("/api/specs/validate", json={"graph": mlp((8,))})
    assert response.status_code == 200
    report = response.json()
    assert report["valid"] is True and report["errors"] == []
    nodes = report["nodes"]
    assert (nodes["in"]["output_shape"], nodes["in"]["params"]) == ([2], 0)
    assert (nodes["fc1"]["output_shape"], nodes["fc1"]["params"]) == ([8], 24)
    assert (nodes["act1"]["output_shape"], nodes["act1"]["params"]) == ([8], 0)
    assert (nodes["out"]["output_shape"], nodes["out"]["params"]) == ([1], 9)
    assert report["total_params"] == 33 and report["input_shape"] == [2] and report["output_shape"] == [1]


def test_validate_takes_the_input_shape_from_the_dataset_features(client: httpx.Client) -> None:
    dataset = {"name": "circle", "options": {"features": ["x1", "x2", "x1^2", "x2^2"]}}
    report = client.post("/api/specs/validate", json={"graph": mlp((8,)), "dataset": dataset}).json()
    assert report["input_shape"] == [4] and report["nodes"]["fc1"]["params"] == 4 * 8 + 8


def test_validate_reports_every_problem_with_200(client: httpx.Client) -> None:
    graph = mlp((8,), out=3)
    graph["nodes"][1]["params"] = {"out_features": 0}
    graph["nodes"][2]["type"] = "Tanhh"
    response = client.post("/api/specs/validate", json={"graph": graph})
    assert response.status_code == 200
    report = response.json()
    assert report["valid"] is False
    errors = report["errors"]
    assert "≥ 1" in issue_for(errors, "out_features", "fc1")["message"]
    assert "did you mean Tanh" in issue_for(errors, "type", "act1")["message"]
    assert report["nodes"]["in"]["output_shape"] == [2]
    assert "fc1" not in report["nodes"] and "out" not in report["nodes"]


def test_validate_output_width_against_the_task(client: httpx.Client) -> None:
    report = client.post("/api/specs/validate", json={"graph": mlp((8,), out=3)}).json()
    assert report["valid"] is False
    assert "classification" in issue_for(report["errors"], "out_features", "out")["message"]
    assert report["nodes"]["out"]["output_shape"] == [3]


# -- lifecycle -----------------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.both_stores
def test_full_lifecycle(client: httpx.Client, cleanup: list[str]) -> None:
    epochs = 120  # long enough (seconds) that the pause surely lands before the end
    created = create(client, epochs=epochs, name="lifecycle")
    cleanup.append(created["id"])
    eid = created["id"]
    assert created["status"] == "created" and created["name"] == "lifecycle"
    assert created["step"] == 0 and created["last_metrics"] is None and created["total_params"] == 33
    assert created["graph"]["output"] == "out" and created["training"]["epochs"] == epochs
    assert created["training"]["optimizer"] == "adam" and created["training"]["lr"] == 0.03  # defaults filled

    started = act(client, eid, "start")
    assert started["status"] in ("queued", "running")
    wait_status(client, eid, "running")

    paused = act(client, eid, "pause")
    assert paused["status"] == "paused"
    before = settle(client, eid)
    assert before["status"] == "paused"
    assert before["step"] < epochs * STEPS_PER_EPOCH, "paused before the end"

    stepped = act(client, eid, "step")
    assert stepped["status"] == "paused"
    after = wait_for(client, eid, lambda e: e["step"] != before["step"], "one step further")
    assert after["step"] == before["step"] + 1, "step trains exactly one batch"
    assert after["status"] == "paused"

    assert act(client, eid, "resume")["status"] == "running"
    done = wait_status(client, eid, "finished")
    total = epochs * STEPS_PER_EPOCH
    assert done["step"] == total and done["epoch"] == epochs and done["device"] == "cpu"
    assert done["error"] is None and done["queue_position"] is None
    assert done["last_metrics"]["step"] == total and done["last_metrics"]["accuracy"] >= 0.9

    rows = metrics(client, eid)
    steps = [r["step"] for r in rows]
    assert steps == sorted(set(steps)) and steps[0] == 1 and steps[-1] == total, "rows in order, each step once"
    assert before["step"] in steps and after["step"] in steps, "pause and step each end on a measured row"
    epochs_seen = [r["epoch"] for r in rows]
    assert epochs_seen == sorted(epochs_seen) and epochs_seen[-1] == epochs
    assert all(r["train_loss"] >= 0 for r in rows)
    evaluated = [r for r in rows if r["test_loss"] is not None]
    assert evaluated and all(r["test_loss"] >= 0 and 0 <= r["accuracy"] <= 1 for r in evaluated)
    assert rows[-1] == done["last_metrics"] and rows[-1] in evaluated, "the end is evaluated"
    assert [r["step"] for r in metrics(client, eid, after_step=steps[-3])] == steps[-2:]

    listed = client.get("/api/experiments").json()
    assert [e["id"] for e in listed] == [eid] and listed[0].get("graph") is None, "lists omit the graph"
    assert listed[0]["status"] == "finished"


def settle(client: httpx.Client, experiment_id: str, quiet: float = 0.3) -> dict:
    """Poll a paused run until its step has not changed for `quiet` seconds (its last metrics arrived)."""
    last = get(client, experiment_id)
    since = time.monotonic()
    deadline = since + 30
    while time.monotonic() - since < quiet:
        assert time.monotonic() < deadline, f"step never settled: {last}"
        time.sleep(0.05)
        now = get(client, experiment_id)
        if now["step"] != last["step"]:
            last, since = now, time.monotonic()
    return last


@pytest.mark.both_stores
def test_step_from_created_starts_paused_after_one_batch(client: httpx.Client, cleanup: list[str]) -> None:
    eid = create(client, epochs=5)["id"]
    cleanup.append(eid)
    assert act(client, eid, "step")["status"] in ("queued", "paused")
    first = wait_for(client, eid, lambda e: e["step"] >= 1, "one step in")
    assert first["status"] == "paused" and first["step"] == 1 and first["device"] == "cpu"
    assert [r["step"] for r in metrics(client, eid)] == [1]
    act(client, eid, "step")
    second = wait_for(client, eid, lambda e: e["step"] >= 2, "two steps in")
    assert second["step"] == 2 and second["status"] == "paused"
    assert act(client, eid, "stop")["status"] == "stopped"


def test_same_seed_same_run(client: httpx.Client) -> None:
    runs = [create(client, epochs=1, name=f"seeded {i}", eval_every_steps=1)["id"] for i in range(2)]
    for eid in runs:
        act(client, eid, "start")
    for eid in runs:
        wait_status(client, eid, "finished")
    first, second = (metrics(client, eid) for eid in runs)
    assert len(first) == STEPS_PER_EPOCH and first == second


@pytest.mark.both_stores
def test_timestamps_keep_their_timezone(client: httpx.Client) -> None:
    created = create(client)
    fetched = get(client, created["id"])
    listed = client.get("/api/experiments").json()[0]
    assert created["created_at"] == fetched["created_at"] == listed["created_at"]
    for stamp in (fetched["created_at"], fetched["updated_at"]):
        assert datetime.fromisoformat(stamp).tzinfo is not None, f"{stamp} has no timezone; browsers read it as local"


# -- errors: 404, 409, 422, never 500 ------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/experiments/{id}"), ("DELETE", "/api/experiments/{id}"),
    ("POST", "/api/experiments/{id}/start"), ("POST", "/api/experiments/{id}/stop"),
    ("GET", "/api/experiments/{id}/metrics"),
])
@pytest.mark.both_stores
def test_unknown_id_is_404(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path.format(id="doesnotexist"))
    assert response.status_code == 404
    assert response.json() == {"detail": "experiment 'doesnotexist' not found"}


@pytest.mark.both_stores
def test_a_nul_in_text_is_stored_alike_never_a_500(client: httpx.Client) -> None:
    """PostgreSQL refuses NUL in text; SQLite would keep it: both store U+FFFD in its place."""
    created = client.post("/api/experiments", json=body(name="nul \x00 here"))
    assert created.status_code == 201, created.text
    assert created.json()["name"] == get(client, created.json()["id"])["name"] == "nul \ufffd here"
    response = client.get("/api/experiments/abc%00def")
    assert response.status_code == 404 and "abc\x00def" in response.json()["detail"]


@pytest.mark.both_stores
def test_illegal_transitions_are_409_with_a_hint(client: httpx.Client, cleanup: list[str]) -> None:
    eid = create(client, epochs=1)["id"]
    cleanup.append(eid)
    for action in ("pause", "resume"):
        response = client.post(f"/api/experiments/{eid}/{action}")
        assert response.status_code == 409, action
        assert action in response.json()["detail"] and "created" in response.json()["detail"]
    act(client, eid, "start")
    twice = client.post(f"/api/experiments/{eid}/start")
    assert twice.status_code == 409 and "cannot start" in twice.json()["detail"]
    wait_status(client, eid, "finished")
    for action in ("resume", "start", "pause", "step", "stop"):
        response = client.post(f"/api/experiments/{eid}/{action}")
        assert response.status_code == 409, action
        detail = response.json()["detail"]
        assert "finished" in detail and "create a new experiment" in detail
    assert get(client, eid)["status"] == "finished"


def test_stopped_run_cannot_be_restarted(client: httpx.Client) -> None:
    eid = create(client)["id"]
    assert act(client, eid, "stop")["status"] == "stopped"
    response = client.post(f"/api/experiments/{eid}/start")
    assert response.status_code == 409 and "stopped" in response.json()["detail"]


def test_unknown_action_is_422(client: httpx.Client) -> None:
    eid = create(client)["id"]
    response = client.post(f"/api/experiments/{eid}/explode")
    assert response.status_code == 422
    item = response.json()["detail"][0]
    assert item["node"] is None and "start" in item["message"] and "explode" in item["message"]
    assert get(client, eid)["status"] == "created"


def test_invalid_graph_is_422_naming_node_and_field(client: httpx.Client) -> None:
    graph = mlp((8,), out=3)
    graph["nodes"][1]["params"]["out_features"] = -2
    response = client.post("/api/experiments", json=body(graph=graph))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert all(set(item) == {"node", "field", "message"} and item["message"] for item in detail)
    issue_for(detail, "out_features", "fc1")
    assert client.get("/api/experiments").json() == [], "nothing is created from an invalid spec"


def test_a_shape_error_reports_only_itself(client: httpx.Client) -> None:
    """An unbuildable graph names its real problem, not side effects of the missing shapes (no frozen-node noise)."""
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "c", "type": "Conv2d", "params": {"kernel_size": 5}}],
             "edges": [{"source": "in", "target": "c"}]}
    response = client.post("/api/experiments", json=body(graph=graph))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [item["node"] for item in detail] == ["c"] and "Reshape" in detail[0]["message"]


def test_invalid_json_says_so(client: httpx.Client) -> None:
    response = client.post("/api/experiments", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["field"] == "body" and "not valid JSON" in item["message"]


def test_output_width_for_the_dataset_is_422(client: httpx.Client) -> None:
    response = client.post("/api/experiments", json=body(graph=mlp((8,), out=3)))
    assert response.status_code == 422
    assert "needs" in issue_for(response.json()["detail"], "out_features", "out")["message"]


@pytest.mark.parametrize(("training", "field"), [
    ({"lr": -1}, "training.lr"),
    ({"lr": 0}, "training.lr"),
    ({"batch_size": 0}, "training.batch_size"),
    ({"epochs": 10**9}, "training.epochs"),
    ({"optimizer": "lbfgs"}, "training.optimizer"),
    ({"momentum": 1.0}, "training.momentum"),
    ({"device": "tpu"}, "training.device"),
    ({"learning_rate": 0.1}, "training.learning_rate"),
])
def test_invalid_training_settings_are_422(client: httpx.Client, training: dict, field: str) -> None:
    response = client.post("/api/experiments", json=body(**training))
    assert response.status_code == 422
    item = issue_for(response.json()["detail"], field)
    assert item["node"] is None and field in item["message"]


def test_unavailable_device_is_422(client: httpx.Client) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    response = client.post("/api/experiments", json=body(device="cuda"))
    assert response.status_code == 422
    assert "auto or cpu" in issue_for(response.json()["detail"], "training.device")["message"]


def test_unknown_dataset_is_422_with_a_suggestion(client: httpx.Client) -> None:
    response = client.post("/api/experiments", json=body(dataset={"name": "cirlce", "options": {}}))
    assert response.status_code == 422
    assert "did you mean 'circle'" in issue_for(response.json()["detail"], "dataset.name")["message"]


@pytest.mark.parametrize(("options", "field", "words"), [
    ({"noise": 99}, "dataset.options.noise", "between 0 and 50"),
    ({"size": 10}, "dataset.options.size", "between 50 and 5000"),
    ({"colour": "red"}, "dataset.options.colour", "not an option"),
    ({"features": ["x1", "x1"]}, "dataset.options.features", "more than once"),
    ({"features": ["x3"]}, "dataset.options.features", "x3"),
])
def test_invalid_dataset_option_is_422(client: httpx.Client, options: dict, field: str, words: str) -> None:
    response = client.post("/api/experiments", json=body(dataset={"name": "circle", "options": options}))
    assert response.status_code == 422
    assert words in issue_for(response.json()["detail"], field)["message"]


@pytest.mark.parametrize("payload", [
    b"{not json", b"[]", b'{"graph": "mlp"}', b'{"graph": {"nodes": {}}}',
    b'{"graph": {"nodes": [{"id": "1bad", "type": "Input"}]}}', b'{"graph": {"nodes": []}, "extra": 1}',
])
def test_malformed_bodies_are_422_not_500(client: httpx.Client, payload: bytes) -> None:
    response = client.post("/api/experiments", content=payload, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert all(item["message"] for item in response.json()["detail"])


def test_bad_query_parameter_is_422(client: httpx.Client) -> None:
    eid = create(client)["id"]
    response = client.get(f"/api/experiments/{eid}/metrics", params={"after_step": -1})
    assert response.status_code == 422
    assert issue_for(response.json()["detail"], "query.after_step")


# -- sessions ------------------------------------------------------------------------------------------------------
@pytest.mark.both_stores
def test_another_session_sees_nothing(client: httpx.Client, live_server: str) -> None:
    eid = create(client)["id"]
    with session_client(live_server) as other:
        for method, path in [("GET", ""), ("POST", "/start"), ("POST", "/stop"), ("DELETE", ""),
                             ("GET", "/metrics")]:
            response = other.request(method, f"/api/experiments/{eid}{path}")
            assert response.status_code == 404, (method, path)
            assert response.json() == {"detail": f"experiment '{eid}' not found"}
        assert other.get("/api/experiments").json() == []
    mine = get(client, eid)
    assert mine["status"] == "created", "the other session's attempts changed nothing"


def test_browser_gets_a_session_cookie(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        first = browser.get("/api/experiments")
        assert first.status_code == 200 and first.json() == []
        cookie = first.cookies.get("neurona_session")
        assert cookie and len(cookie) >= 8
        assert "httponly" in first.headers["set-cookie"].lower()
        created = browser.post("/api/experiments", json=body())
        assert created.status_code == 201
        assert "set-cookie" not in created.headers, "an existing session keeps its cookie"
        assert [e["id"] for e in browser.get("/api/experiments").json()] == [created.json()["id"]]
    with httpx.Client(base_url=live_server, timeout=30) as stranger:
        assert stranger.get("/api/experiments").json() == []
        assert stranger.get(f"/api/experiments/{created.json()['id']}").status_code == 404
    with httpx.Client(base_url=live_server, timeout=30, headers={"X-Neurona-Token": cookie}) as script:
        assert script.get(f"/api/experiments/{created.json()['id']}").status_code == 200, "cookie == token"


@pytest.mark.parametrize("token", ["short", "has space in it", "x" * 129, "semi;colon;token"])
def test_invalid_token_is_422(live_server: str, token: str) -> None:
    response = httpx.get(f"{live_server}/api/experiments", headers={"X-Neurona-Token": token}, timeout=30)
    assert response.status_code == 422
    assert issue_for(response.json()["detail"], "X-Neurona-Token")


@pytest.mark.both_stores
def test_list_is_newest_first(client: httpx.Client) -> None:
    ids = [create(client, name=f"run {i}")["id"] for i in range(3)]
    assert [e["id"] for e in client.get("/api/experiments").json()] == ids[::-1]


# -- deletion ------------------------------------------------------------------------------------------------------
def test_delete_a_created_experiment(client: httpx.Client) -> None:
    eid = create(client)["id"]
    response = client.delete(f"/api/experiments/{eid}")
    assert response.status_code == 204 and response.content == b""
    assert client.get(f"/api/experiments/{eid}").status_code == 404
    assert client.delete(f"/api/experiments/{eid}").status_code == 404


@pytest.mark.both_stores
def test_delete_a_running_experiment_stops_it_and_frees_its_worker(client: httpx.Client,
                                                                   cleanup: list[str]) -> None:
    eid = long_run(client, cleanup, "doomed")["id"]
    act(client, eid, "start")
    wait_for(client, eid, lambda e: e["status"] == "running" and e["step"] > 0, "running with metrics")
    assert client.delete(f"/api/experiments/{eid}").status_code == 204
    assert client.get(f"/api/experiments/{eid}").status_code == 404
    assert client.get(f"/api/experiments/{eid}/metrics").status_code == 404
    assert client.get("/api/experiments").json() == []
    # Both workers are free again: two new long runs both get one.
    others = [long_run(client, cleanup, f"next {i}")["id"] for i in range(2)]
    for other in others:
        act(client, other, "start")
    for other in others:
        wait_status(client, other, "running")


# -- the queue -----------------------------------------------------------------------------------------------------
def occupy_workers(client: httpx.Client, cleanup: list[str]) -> list[str]:
    """Two endless runs that hold both of the server's workers."""
    busy = [long_run(client, cleanup, f"busy {i}")["id"] for i in range(2)]
    for eid in busy:
        act(client, eid, "start")
    for eid in busy:
        wait_status(client, eid, "running")
    return busy


@pytest.mark.both_stores
def test_runs_beyond_the_workers_queue_and_run_when_one_ends(client: httpx.Client, cleanup: list[str]) -> None:
    first, second = occupy_workers(client, cleanup)
    third = long_run(client, cleanup, "third")["id"]
    fourth = long_run(client, cleanup, "fourth")["id"]
    queued = act(client, third, "start")
    assert queued["status"] == "queued" and queued["queue_position"] == 1
    queued = act(client, fourth, "start")
    assert queued["status"] == "queued" and queued["queue_position"] == 2
    assert get(client, third)["queue_position"] == 1

    assert act(client, first, "stop")["status"] == "stopped"
    running = wait_status(client, third, "running")
    assert running["queue_position"] is None
    wait_for(client, fourth, lambda e: e["queue_position"] == 1, "first in the queue")
    assert get(client, fourth)["status"] == "queued"

    assert act(client, fourth, "stop")["status"] == "stopped", "a queued run can be stopped"
    assert get(client, fourth)["queue_position"] is None
    assert get(client, second)["status"] == "running"


def test_pause_and_step_while_queued(client: httpx.Client, cleanup: list[str]) -> None:
    """docs/protocol.md: pause works from queued (the run starts paused); step from queued starts paused too."""
    first, second = occupy_workers(client, cleanup)
    paused, stepped = (long_run(client, cleanup, name)["id"] for name in ("paused", "stepped"))
    act(client, paused, "start")
    act(client, stepped, "start")
    response = client.post(f"/api/experiments/{paused}/pause")
    assert response.status_code == 200, response.text
    response = client.post(f"/api/experiments/{stepped}/step")
    assert response.status_code == 200, response.text

    act(client, first, "stop")
    taken = wait_for(client, paused, lambda e: e["device"] is not None, "taken by a worker")
    assert taken["status"] == "paused" and taken["step"] == 0
    act(client, second, "stop")
    one = wait_for(client, stepped, lambda e: e["step"] >= 1, "one step in")
    assert one["status"] == "paused" and one["step"] == 1

