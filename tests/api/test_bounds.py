"""Bounded, strict requests and the memory check of every pass, through the real server."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.helpers import body, create, get, issue_for
from tests.reliability.bombs import BOMBS


def test_a_settings_change_on_a_new_experiment_reaches_the_optimizer(client: httpx.Client) -> None:
    experiment = create(client)["id"]
    response = client.patch(f"/api/experiments/{experiment}/settings", json={"weight_decay": 0.01, "lr": 0.1})
    assert response.status_code == 200, response.text
    training = get(client, experiment)["training"]
    assert training["optimizer_params"]["weight_decay"] == 0.01 and training["lr"] == 0.1
    assert "weight_decay" not in training


@pytest.mark.parametrize("query", [{"after_step": 2**63}, {"after_step": -1}, {"limit": 0}])
@pytest.mark.both_stores
def test_integer_query_parameters_are_bounded(client: httpx.Client, query: dict[str, int]) -> None:
    experiment = create(client)["id"]
    assert client.get(f"/api/experiments/{experiment}/metrics", params=query).status_code == 422


@pytest.mark.parametrize(("training", "field"), [({"epochs": True}, "training.epochs"),
                                                 ({"batch_size": 1.0}, "training.batch_size"),
                                                 ({"restore_best": 1}, "training.restore_best")])
def test_no_lax_coercion(client: httpx.Client, training: dict[str, object], field: str) -> None:
    response = client.post("/api/experiments", json=body(**training))
    assert response.status_code == 422
    assert "must be" in issue_for(response.json()["detail"], field)["message"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused(client: httpx.Client, number: str) -> None:
    text = json.dumps(body(lr=12345.5)).replace("12345.5", number)  # json.dumps cannot write these itself
    response = client.post("/api/experiments", content=text, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "finite" in issue_for(response.json()["detail"], "training.lr")["message"]


def test_a_body_over_the_limit_is_refused_with_413(client: httpx.Client) -> None:
    response = client.post("/api/experiments", json=body(name="x" * 3 * 2**20))
    assert response.status_code == 413
    assert "NEURONA_MAX_BODY_KB" in response.json()["detail"]


@pytest.mark.parametrize(("name", "graph", "dataset", "batch_size", "says"), BOMBS, ids=[b[0] for b in BOMBS])
def test_memory_bombs_are_refused_at_start(client: httpx.Client, name: str, graph: dict[str, object],
                                           dataset: dict[str, object], batch_size: int, says: str) -> None:
    experiment = create(client, graph=graph, dataset=dataset, batch_size=batch_size)["id"]
    response = client.post(f"/api/experiments/{experiment}/start")
    assert response.status_code == 409, response.text
    detail = response.json()["detail"]
    assert says in detail and "NEURONA_MAX_ACTIVATION_MB" in detail and "make the model smaller" in detail
    assert get(client, experiment)["status"] == "created"


def test_the_list_is_paged(client: httpx.Client) -> None:
    ids = [create(client, name=f"page {i}")["id"] for i in range(5)]
    first = client.get("/api/experiments", params={"limit": 2})
    assert first.headers["X-Total-Count"] == "5"
    second = client.get("/api/experiments", params={"limit": 2, "offset": 2})
    listed = [e["id"] for e in first.json() + second.json()]
    assert listed == ids[::-1][:4]
    assert "graph" not in first.json()[0] or first.json()[0]["graph"] is None
