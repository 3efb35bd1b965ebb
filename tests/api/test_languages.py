"""The catalog endpoints answer in the request's language: Spanish with `Accept-Language: es`, else English."""

from __future__ import annotations

from typing import Any

import httpx

from neurona.data.registry import DATASETS
from neurona.layers.registry import LAYERS


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def test_layers_and_their_form_labels_in_spanish(client: httpx.Client) -> None:
    answer = client.get("/api/layers", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert answer.headers["content-language"] == "es"
    assert "Accept-Language" in answer.headers["vary"]
    conv = _by(answer.json(), "type")["Conv2d"]
    assert conv["description"].startswith("Desliza filtros aprendidos sobre una imagen")
    kernel = conv["params_schema"]["properties"]["kernel_size"]
    assert kernel["title"] == "Tamaño del núcleo"
    assert kernel["description"].startswith("Lado de cada filtro")
    assert conv["title"] == "Conv2d"  # the PyTorch name a student types in code stays


def test_datasets_and_their_options_in_spanish(client: httpx.Client) -> None:
    circle = _by(client.get("/api/datasets", headers={"Accept-Language": "es"}).json(), "name")["circle"]
    assert circle["title"] == "Círculo"
    assert circle["description"].startswith("Un disco (clase 1)")
    noise = circle["options_schema"]["properties"]["noise"]
    assert noise["title"] == "Ruido"
    assert "TensorFlow Playground" in noise["description"]


def test_the_template_gallery_in_spanish(client: httpx.Client) -> None:
    spanish = _by(client.get("/api/templates", headers={"Accept-Language": "es"}).json(), "id")
    english = _by(client.get("/api/templates").json(), "id")
    assert spanish["mlp"]["title"] == "Perceptrón multicapa" and english["mlp"]["title"] == "Multi-layer perceptron"
    assert "divergencia KL" in spanish["vae"]["description"]
    assert spanish["vae"]["graph"] == english["vae"]["graph"], "only the words change"


def test_english_without_the_header_or_for_another_language(client: httpx.Client) -> None:
    for headers in ({}, {"Accept-Language": "fr-FR, de;q=0.8"}, {"Accept-Language": "es;q=0"}):
        answer = client.get("/api/layers", headers=headers)
        assert answer.headers["content-language"] == "en"
        assert _by(answer.json(), "type")["Conv2d"]["description"] == LAYERS["Conv2d"].description
    circle = _by(client.get("/api/datasets").json(), "name")["circle"]
    assert circle["title"] == DATASETS["circle"].title


def test_training_and_inside_catalogs_in_spanish(client: httpx.Client) -> None:
    spanish = {"Accept-Language": "es"}
    momentum = _by(client.get("/api/optimizers", headers=spanish).json(), "name")["momentum"]
    assert momentum["title"] == "SGD con momento"
    assert momentum["params_schema"]["properties"]["weight_decay"]["title"] == "Decaimiento de pesos"
    cosine = _by(client.get("/api/schedules", headers=spanish).json(), "name")["cosine"]
    assert cosine["params_schema"]["properties"]["t_max"]["title"] == "Duración (pasos)"
    task = _by(client.get("/api/tasks", headers=spanish).json(), "name")["classification"]
    assert task["title"] == "Clasificación"
    assert _by(task["losses"], "name")["cross_entropy"]["title"] == "Entropía cruzada"
    assert _by(task["metrics"], "name")["accuracy"]["title"] == "Exactitud"
    probe = _by(client.get("/api/probes", headers=spanish).json(), "name")["confusion"]
    assert probe["title"] == "Matriz de confusión"
    conv = _by(client.get("/api/explainers", headers=spanish).json(), "name")["conv_size"]
    assert conv["input_schema"]["properties"]["padding"]["title"] == "Relleno (padding)"


def test_validation_messages_in_spanish(client: httpx.Client) -> None:
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "fc", "type": "Lineer"},
                       {"id": "out", "type": "Linear", "params": {"out_features": 3}}],
             "edges": [{"source": "in", "target": "out"}]}
    body = {"graph": graph, "dataset": {"name": "circle"}}
    report = client.post("/api/specs/validate", json=body, headers={"Accept-Language": "es"}).json()
    messages = [e["message"] for e in report["errors"]]
    assert "fc: tipo de capa desconocido 'Lineer'; ¿querías decir Linear?" in messages
    assert ("out: la salida tiene forma [3], pero este conjunto de datos de clasificación necesita 1 unidad o 2 "
            "unidades (dos clases)") in messages
    english = [e["message"] for e in client.post("/api/specs/validate", json=body).json()["errors"]]
    assert "fc: unknown layer type 'Lineer'; did you mean Linear?" in english


def test_request_errors_in_spanish(client: httpx.Client) -> None:
    body = {"graph": {"nodes": [{"id": "in", "type": "Input"}], "edges": []}, "dataset": {"name": "circle"},
            "training": {"lr": -1}}
    answer = client.post("/api/experiments", json=body, headers={"Accept-Language": "es"})
    assert answer.status_code == 422
    assert answer.headers["content-language"] == "es"
    [issue] = answer.json()["detail"]
    assert issue["field"] == "training.lr"
    assert issue["message"] == "training.lr debe ser > 0.0 (recibido: -1)"
