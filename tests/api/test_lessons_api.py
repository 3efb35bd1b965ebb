"""Lessons and explainers through the real server: both languages, typed answers, 404s and 422s that name the
field, and every preset of the course trained for a few steps by a worker."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from neurona.lessons.catalog import LESSONS, PRESETS
from tests.api.helpers import act, stop_quietly, wait_status


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_lesson_loads_in_both_languages(client: httpx.Client, lang: str) -> None:
    listed = client.get("/api/lessons", params={"lang": lang})
    assert listed.status_code == 200
    summaries = listed.json()
    assert [s["id"] for s in summaries] == sorted(LESSONS, key=lambda i: LESSONS[i].class_number)
    assert {s["class_number"] for s in summaries} == set(range(1, 8))
    for s in summaries:
        lesson = client.get(f"/api/lessons/{s['id']}", params={"lang": lang}).json()
        assert lesson["lang"] == lang and lesson["languages"] == ["es", "en"]
        assert len(lesson["steps"]) == s["step_count"] and lesson["title"] == getattr(LESSONS[s["id"]].title, lang)


def test_accept_language_picks_the_texts_and_lang_overrides_it(client: httpx.Client) -> None:
    spanish = client.get("/api/lessons/cnn", headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.8"}).json()
    assert spanish["lang"] == "es" and spanish["title"] == "Redes convolucionales"
    weighted = client.get("/api/lessons", headers={"Accept-Language": "fr, en;q=0.5, es;q=0.7"}).json()
    assert weighted[0]["lang"] == "es"
    english = client.get("/api/lessons/cnn", params={"lang": "en"}, headers={"Accept-Language": "es"}).json()
    assert english["title"] == "Convolutional networks"
    assert client.get("/api/lessons", headers={"Accept-Language": "de"}).json()[0]["lang"] == "en"
    bad = client.get("/api/lessons", params={"lang": "fr"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "query.lang"


def test_an_unknown_lesson_or_explainer_is_a_404_that_lists_them(client: httpx.Client) -> None:
    missing = client.get("/api/lessons/nope")
    assert missing.status_code == 404 and "perceptron" in missing.json()["detail"]
    unknown = client.post("/api/explainers/nope", json={})
    assert unknown.status_code == 404 and "softmax" in unknown.json()["detail"]


def test_explainers_are_listed_with_their_form_schemas_and_answer(client: httpx.Client) -> None:
    listed = {e["name"]: e for e in client.get("/api/explainers", params={"lang": "es"}).json()}
    assert listed["conv_size"]["title"] == "Tamaño de salida de una convolución"
    assert listed["softmax"]["input_schema"]["properties"]["temperature"]["minimum"] == 0.05
    for name in listed:
        answer = client.post(f"/api/explainers/{name}", json={})
        assert answer.status_code == 200, (name, answer.text)
    conv = client.post("/api/explainers/conv_size", json={"height": 32, "width": 32, "kernel_size": 3,
                                                           "padding": 1, "stride": 2})
    assert conv.json()["output_shape"] == [6, 16, 16]
    paths = client.get("/openapi.json").json()["paths"]
    schema = paths["/api/explainers/softmax"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/SoftmaxResult")


@pytest.mark.parametrize(("name", "body", "field", "words"), [
    ("softmax", {"scores": [1.0]}, "scores", "at least 2"),
    ("softmax", {"temperature": 0}, "temperature", "≥ 0.05"),
    ("conv_size", {"height": 3, "width": 3, "kernel_size": 5}, "kernel_size", "larger than"),
    ("conv_size", {"padding": "valid"}, "padding", '"same"'),
    ("cross_entropy", {"labels": [0, 1], "models": [{"name": "A", "probabilities": [[0.5, 0.6], [1, 0]]}]},
     "models.0.probabilities.0", "sums to 1.100"),
    ("cross_entropy", {"labels": [0], "models": [{"name": "A", "probabilities": [[0.5, 0.5], [1, 0]]}]},
     "models.0.probabilities", "one row per label"),
    ("dice", {"prediction": [[1, 2]], "target": [[1, 0]]}, "prediction.0.1", "≤ 1"),
    ("dice", {"prediction": [[0, 0]], "target": [[0, 0]]}, "smooth", "0/0"),
    ("bpe", {"corpus": "a", "merges": 3}, "corpus", "at least 2"),
    ("batch_norm", {"batches": [[1.0]]}, "batches.0", "at least 2"),
    ("dropout", {"p": 1.0}, "p", "≤ 0.95"),
    ("param_count", {"template": "alexnet"}, "template", "must be one of"),
    ("positional_encoding", {"length": 500}, "length", "≤ 128"),
])
def test_bad_explainer_input_is_a_422_naming_the_field(client: httpx.Client, name: str, body: dict[str, Any],
                                                        field: str, words: str) -> None:
    answer = client.post(f"/api/explainers/{name}", json=body)
    assert answer.status_code == 422, answer.text
    item = next((i for i in answer.json()["detail"] if i["field"] == field), None)
    assert item is not None and words in item["message"], answer.text


def _distinct_presets() -> list[tuple[str, dict[str, Any]]]:
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for (lesson, step), preset in PRESETS.items():
        key = json.dumps([preset.graph, preset.dataset], sort_keys=True)
        seen.setdefault(key, (f"{lesson}-{step}", preset.model_dump()))
    return list(seen.values())


@pytest.mark.slow
@pytest.mark.parametrize(("where", "preset"), _distinct_presets(), ids=[w for w, _ in _distinct_presets()])
def test_every_preset_trains_a_few_steps(client: httpx.Client, where: str, preset: dict[str, Any]) -> None:
    training = {**preset["training"], "max_steps": 3, "epochs": 1, "device": "cpu"}
    created = client.post("/api/experiments", json={"name": where, "graph": preset["graph"],
                                                    "dataset": preset["dataset"], "training": training})
    assert created.status_code == 201, created.text
    experiment = created.json()
    try:
        act(client, experiment["id"], "start")
        done = wait_status(client, experiment["id"], "finished", "failed", timeout=120)
        assert done["status"] == "finished", done["error"]
        assert done["step"] >= 1 and done["last_metrics"]["train_loss"] is not None
    finally:
        stop_quietly(client, experiment["id"])
