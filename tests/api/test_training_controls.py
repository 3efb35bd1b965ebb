"""Training controls through the REST API of a real server: catalogs, 422s, live settings with history,
divergence, time limits, transfer, compare and race, and resuming a run after the server was killed."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from tests.api.helpers import FOREVER_EPOCHS, act, body, create, get, issue_for, metrics, mlp, wait_for, wait_status
from tests.server import ServerProcess


def test_optimizers_and_schedules_describe_their_parameters(client: httpx.Client) -> None:
    optimizers = {o["name"]: o for o in client.get("/api/optimizers").json()}
    assert set(optimizers) == {"sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam", "adamw"}
    beta1 = optimizers["adam"]["params_schema"]["properties"]["beta1"]
    assert beta1["default"] == 0.9 and beta1["description"] and all(o["description"] for o in optimizers.values())
    assert optimizers["nesterov"]["params_schema"]["properties"]["nesterov"]["default"] is True
    schedules = {s["name"]: s for s in client.get("/api/schedules").json()}
    assert set(schedules) == {"constant", "step", "exponential", "cosine", "plateau"}
    assert schedules["step"]["params_schema"]["properties"]["gamma"]["exclusiveMinimum"] == 0


def test_bad_training_controls_are_422_naming_the_field_and_node(client: httpx.Client) -> None:
    cases = [({"optimizer": "sgd", "optimizer_params": {"momentum": 2}}, "training.optimizer_params.momentum", None),
             ({"optimizer": "adam", "optimizer_params": {"nesterov": True}}, "training.optimizer_params.nesterov",
              None),
             ({"schedule": "step", "schedule_params": {"gamma": 0}}, "training.schedule_params.gamma", None),
             ({"init_overrides": {"ghost": {"scheme": "zeros"}}}, "training.init_overrides", "ghost"),
             ({"frozen": ["fc1", "nope"]}, "training.frozen", "nope"),
             ({"frozen": ["fc1", "out"]}, "training.frozen", None),
             ({"patience": 3}, "training.patience", None),
             ({"init_from": "000000000000"}, "training.init_from", None),
             ({"finetune_lr": 0.1}, "training.finetune_lr", None)]
    for training, field, node in cases:
        response = client.post("/api/experiments", json=body(**training))
        assert response.status_code == 422, (training, response.text)
        assert issue_for(response.json()["detail"], field, node)["message"]
    assert client.get("/api/experiments").json() == []


def test_same_seed_same_metrics_with_the_learning_rate_streamed(client: httpx.Client) -> None:
    ids = [create(client, epochs=1, optimizer="nesterov", lr=0.1, schedule="exponential",
                  schedule_params={"gamma": 0.99}, eval_every_steps=1)["id"] for _ in range(2)]
    for experiment_id in ids:
        act(client, experiment_id, "start")
    for experiment_id in ids:
        wait_status(client, experiment_id, "finished")
    first, second = (metrics(client, i) for i in ids)
    assert first == second and len(first) == 25
    assert first[0]["lr"] == 0.1 and abs(first[-1]["lr"] - 0.1 * 0.99**24) < 1e-9


def test_settings_changed_while_paused_are_applied_and_recorded(client: httpx.Client) -> None:
    experiment = create(client, epochs=FOREVER_EPOCHS, optimizer="momentum")
    eid = experiment["id"]
    try:
        act(client, eid, "step")
        wait_for(client, eid, lambda e: e["status"] == "paused" and e["step"] == 1, "paused after one step")
        response = client.patch(f"/api/experiments/{eid}/settings", json={"lr": 0.5, "momentum": 0.5})
        assert response.status_code == 200, response.text
        changed = wait_for(client, eid, lambda e: e["history"], "recorded")
        assert changed["history"] == [{"step": 1, "changes": {"lr": 0.5, "momentum": 0.5}}]
        act(client, eid, "step")
        wait_for(client, eid, lambda e: e["step"] == 2, "stepped")
        assert [r["lr"] for r in metrics(client, eid)] == [0.03, 0.5]
        assert client.patch(f"/api/experiments/{eid}/settings", json={"optimizer": "sgd"}).status_code == 422
        assert client.patch(f"/api/experiments/{eid}/settings", json={}).status_code == 422
        assert client.patch(f"/api/experiments/{eid}/settings", json={"lr": -1}).status_code == 422
    finally:
        client.post(f"/api/experiments/{eid}/stop")
    wait_status(client, eid, "stopped")
    assert client.patch(f"/api/experiments/{eid}/settings", json={"lr": 0.1}).status_code == 409
    adam = create(client)
    detail = client.patch(f"/api/experiments/{adam['id']}/settings", json={"momentum": 0.9}).json()["detail"]
    assert "adam has no momentum" in issue_for(detail, "momentum")["message"]
    assert client.patch(f"/api/experiments/{adam['id']}/settings", json={"lr": 0.2}).json()["training"]["lr"] == 0.2
    assert client.patch("/api/experiments/nothere/settings", json={"lr": 0.2}).status_code == 404


def test_divergence_fails_naming_the_node(client: httpx.Client) -> None:
    experiment = create(client, epochs=20, optimizer="sgd", lr=1000, graph=mlp((8,), activation="ReLU"),
                        dataset={"name": "plane", "options": {"seed": 0}})
    act(client, experiment["id"], "start")
    failed = wait_status(client, experiment["id"], "failed", "finished")
    assert failed["status"] == "failed"
    assert failed["error_node"] in ("fc1", "act1", "out"), failed["error"]
    assert f"node '{failed['error_node']}'" in failed["error"]
    assert "lower the learning rate (now 1000)" in failed["error"]


def test_time_limit_stops_the_run(client: httpx.Client) -> None:
    experiment = create(client, epochs=FOREVER_EPOCHS, max_seconds=0.3)
    act(client, experiment["id"], "start")
    stopped = wait_status(client, experiment["id"], "stopped", "failed", "finished")
    assert stopped["status"] == "stopped" and "time limit of 0.3 s" in stopped["error"]


def test_transfer_and_early_stopping_report_warnings(client: httpx.Client) -> None:
    source = create(client, epochs=1, graph=mlp((8,)))
    act(client, source["id"], "start")
    wait_status(client, source["id"], "finished")
    target = create(client, epochs=30, graph=mlp((8, 4)), init_from=source["id"], frozen=["fc1"],
                    finetune_lr=0.001, validation_ratio=0.2, patience=1, lr=0.3)
    act(client, target["id"], "start")
    done = wait_status(client, target["id"], "finished")
    assert any(w.startswith("out.weight: shape [1, 8] in the source") for w in done["warnings"])
    assert any("early stopping" in w or "restored" in w for w in done["warnings"]), done["warnings"]
    assert metrics(client, target["id"])[-1]["val_loss"] is not None


def test_race_then_compare(client: httpx.Client) -> None:
    response = client.post("/api/experiments/race", json={
        "name": "optimizers", "graph": mlp(), "dataset": {"name": "circle", "options": {"seed": 0}},
        "training": {"epochs": 1, "seed": 5, "device": "cpu", "lr": 0.05, "eval_every_steps": 1},
        "optimizers": ["sgd", "adam"],
        "variants": [{"label": "fast adam", "training": {"optimizer": "adam", "lr": 0.1}}], "start": True})
    assert response.status_code == 201, response.text
    race = response.json()
    assert len(race["ids"]) == 3 and all(e["race_id"] == race["race_id"] for e in race["experiments"])
    for experiment_id in race["ids"]:
        finished = wait_status(client, experiment_id, "finished")
        assert finished["training"]["seed"] == 5 and finished["race_id"] == race["race_id"]
    compared = client.get("/api/experiments/compare", params={"ids": ",".join(race["ids"]), "max_points": 10})
    assert compared.status_code == 200, compared.text
    result = compared.json()
    assert [e["id"] for e in result["experiments"]] == race["ids"]
    sgd, adam, fast = race["ids"]
    assert result["diff"]["training.optimizer"] == {sgd: "sgd", adam: "adam", fast: "adam"}
    assert result["diff"]["training.lr"] == {sgd: 0.05, adam: 0.05, fast: 0.1}
    assert "training.seed" not in result["diff"] and "training.epochs" not in result["diff"]
    rows = result["metrics"][sgd]
    assert len(rows) == 10 and rows[0]["step"] == 1 and rows[-1]["step"] == 25
    assert client.get("/api/experiments/compare", params={"ids": f"{sgd},missing"}).status_code == 404
    assert client.get("/api/experiments/compare", params={"ids": ","}).status_code == 422
    bad = client.post("/api/experiments/race", json={"graph": mlp(), "optimizers": ["sgd"],
                                                     "variants": [{"training": {"lr": -1}}]})
    assert bad.status_code == 422 and issue_for(bad.json()["detail"], "variants.1.training.lr")
    assert client.post("/api/experiments/race", json={"graph": mlp()}).status_code == 422


def test_a_killed_server_resumes_the_run_from_its_checkpoint(tmp_path: Path) -> None:
    headers = {"X-Neurona-Token": f"resume-{uuid.uuid4().hex}"}
    settings = {"optimizer": "adam", "checkpoint_every": 1, "max_steps": 600, "schedule": "cosine",
                "eval_every_steps": 1}  # a row every step, to compare with the uninterrupted run
    server = ServerProcess(tmp_path / "data").start()
    try:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            run = create(client, epochs=FOREVER_EPOCHS, name="killed", **settings)
            act(client, run["id"], "start")
            wait_for(client, run["id"], lambda e: e["step"] > 60, "past two checkpoints")
        server.kill()
    finally:
        server.kill()
    restarted = ServerProcess(tmp_path / "data").start()
    try:
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=30) as client:
            interrupted = get(client, run["id"])
            assert interrupted["status"] == "interrupted" and 60 < interrupted["step"] < 600, interrupted
            resumed = act(client, run["id"], "resume")
            assert resumed["status"] in ("queued", "running") and resumed["step"] % 25 == 0
            assert wait_status(client, run["id"], "finished")["step"] == 600
            reference = create(client, epochs=FOREVER_EPOCHS, name="uninterrupted", **settings)
            act(client, reference["id"], "start")
            wait_status(client, reference["id"], "finished")
            rows = metrics(client, run["id"])
            assert [r["step"] for r in rows] == list(range(1, 601))
            assert rows == metrics(client, reference["id"]), "the resumed run equals one never interrupted"
            never = create(client, epochs=1)
            assert client.post(f"/api/experiments/{never['id']}/resume").status_code == 409
    finally:
        restarted.stop()
