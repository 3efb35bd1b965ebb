"""Problems and refusals in the request's language: a shape error names its node and field, a 404 what is missing,
a 409 why the run cannot do it now; Spanish with `Accept-Language: es`, English without the header."""

from __future__ import annotations

from typing import Any

import httpx

from .helpers import act, create, mlp

SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}


def _image_graph(conv: dict[str, Any], pool: dict[str, Any] | None = None, channels: int = 1) -> dict[str, Any]:
    """Input channels×5×5 (declared: no dataset) → Conv2d → MaxPool2d."""
    return {"nodes": [{"id": "in", "type": "Input", "params": {"shape": [channels, 5, 5]}},
                      {"id": "conv", "type": "Conv2d", "params": conv},
                      {"id": "pool", "type": "MaxPool2d", "params": pool or {"kernel_size": 1}}],
            "edges": [{"source": "in", "target": "conv"}, {"source": "conv", "target": "pool"}]}


def _validate(client: httpx.Client, graph: dict[str, Any], headers: dict[str, str] | None = None
              ) -> dict[str, Any]:
    answer = client.post("/api/specs/validate", json={"graph": graph, "dataset": None}, headers=headers or {})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_shape_error_names_node_field_and_problem_in_both_languages(client: httpx.Client) -> None:
    graph = _image_graph({"out_channels": 4, "kernel_size": 7})
    [spanish] = _validate(client, graph, SPANISH)["errors"]
    assert (spanish["node"], spanish["field"]) == ("conv", "kernel_size")
    assert spanish["message"] == "conv: el núcleo 7 es mayor que su entrada con relleno de 5×5; baja kernel_size o " \
        "añade padding"
    [english] = _validate(client, graph)["errors"]
    assert (english["node"], english["field"]) == ("conv", "kernel_size")
    assert english["message"] == "conv: kernel 7 is larger than its padded 5×5 input; lower kernel_size or add padding"


def test_shape_errors_built_of_phrases_are_spanish_down_to_their_parts(client: httpx.Client) -> None:
    graph = _image_graph({"out_channels": 6, "kernel_size": 3, "groups": 4}, channels=4)
    [issue] = _validate(client, graph, SPANISH)["errors"]
    assert issue["field"] == "groups"
    assert issue["message"] == "conv: los 6 canales de salida no son divisibles entre groups 4; elige un groups que " \
        "divida a 4 y a 6 (1 siempre sirve)"
    flat = {"nodes": [{"id": "in", "type": "Input", "params": {"shape": [1, 5, 5]}},
                      {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
                      {"id": "seq", "type": "LSTM", "params": {"hidden_size": 4}}],
            "edges": [{"source": "in", "target": "fc"}, {"source": "fc", "target": "seq"}]}
    messages = [e["message"] for e in _validate(client, flat, SPANISH)["errors"]]
    assert "fc: Linear espera un vector plano pero recibe un tensor 3-D [1, 5, 5]; añade un Flatten antes" in messages


def test_the_inspector_arithmetic_in_both_languages(client: httpx.Client) -> None:
    graph = _image_graph({"out_channels": 4, "kernel_size": 3, "padding": "same"}, {"kernel_size": 2})
    spanish = _validate(client, graph, SPANISH)["nodes"]
    english = _validate(client, graph)["nodes"]
    assert spanish["conv"]["explain"] == ['H: padding "same" conserva 5', 'W: padding "same" conserva 5',
                                          "C: 1 → 4 (out_channels)"]
    assert english["conv"]["explain"][0] == 'H: padding "same" keeps 5'
    assert spanish["pool"]["explain"] == english["pool"]["explain"] == ["H: ⌊(5 + 2·0 − 2)/2⌋ + 1 = 2",
                                                                        "W: ⌊(5 + 2·0 − 2)/2⌋ + 1 = 2"]
    sized = client.post("/api/explainers/conv_size", json={"padding": "same", "height": 9, "width": 9},
                        headers=SPANISH)
    assert sized.status_code == 200 and sized.json()["steps"][0] == 'H: padding "same" conserva 9'


def test_not_found_in_both_languages(client: httpx.Client) -> None:
    cases = [("/api/experiments/nope", "no se encuentra el experimento 'nope'", "experiment 'nope' not found"),
             ("/api/links/zzzzzzzz", "no hay ningún enlace 'zzzzzzzz'; comprueba que la dirección se copió entera",
              "no link 'zzzzzzzz'; check that the address was copied whole")]
    for path, spanish, english in cases:
        answer = client.get(path, headers=SPANISH)
        assert answer.status_code == 404 and answer.json() == {"detail": spanish}
        assert answer.headers["content-language"] == "es"
        assert client.get(path).json() == {"detail": english}
    lesson = client.get("/api/lessons/nope", headers=SPANISH)
    assert lesson.status_code == 404
    assert lesson.json()["detail"].startswith("no hay ninguna lección 'nope'; GET /api/lessons las lista: ")


def test_conflicts_in_both_languages(client: httpx.Client) -> None:
    run = create(client)
    act(client, run["id"], "stop")
    refused = client.post(f"/api/experiments/{run['id']}/start", headers=SPANISH)
    assert refused.status_code == 409
    assert refused.json() == {"detail": f"no se puede iniciar el experimento '{run['id']}': se detuvo; crea un "
                                        "experimento nuevo para volver a entrenar"}
    english = client.post(f"/api/experiments/{run['id']}/pause")
    assert english.status_code == 409
    assert english.json() == {"detail": f"cannot pause experiment '{run['id']}': it was stopped; create a new "
                                        "experiment to train again"}


def test_a_run_too_large_to_start_is_refused_in_spanish(client: httpx.Client) -> None:
    run = create(client, graph=mlp(hidden=(8000, 8000)))  # saved: the size is checked when it starts
    refused = client.post(f"/api/experiments/{run['id']}/start", headers=SPANISH)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (f"no se puede iniciar el experimento '{run['id']}': el modelo tiene "
                                        f"{run['total_params']} parámetros; este servidor admite como mucho 50000000; "
                                        "haz el modelo más pequeño")


def test_a_body_over_the_limit_is_refused_in_spanish(client: httpx.Client) -> None:
    answer = client.post("/api/specs/validate", content=b" " * (2049 * 1024),
                         headers={**SPANISH, "Content-Type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["detail"] == ("el cuerpo de la petición de 2049 KB es mayor de lo que acepta este servidor "
                                       "(2048 KB, NEURONA_MAX_BODY_KB); envía una petición más pequeña")


def test_an_expression_problem_in_both_languages(client: httpx.Client) -> None:
    body = {"expression": "log(a) + 2b", "values": {"a": 1, "b": 2}}
    [spanish] = client.post("/api/explorer/backprop", json=body, headers=SPANISH).json()["detail"]
    assert spanish["column"] == 11 and spanish["field"] == "expression"
    assert spanish["message"] == "columna 11: 'b' aparece sin operador delante; escribe * entre los dos (2*a, no 2a)"
    [english] = client.post("/api/explorer/backprop", json=body).json()["detail"]
    assert english["message"] == "column 11: 'b' follows without an operator; write * between the two (2*a, not 2a)"
    negative = client.post("/api/explorer/backprop", json={"expression": "log(a)", "values": {"a": -1}},
                           headers=SPANISH).json()["detail"][0]["message"]
    assert negative == "columna 1: log necesita un número positivo, pero su argumento es -1; elige valores que lo " \
        "hagan > 0 (en log(a))"


def test_a_body_that_is_not_json_in_spanish(client: httpx.Client) -> None:
    answer = client.post("/api/experiments", content=b"{not json", headers={**SPANISH, "Content-Type":
                                                                           "application/json"})
    [issue] = answer.json()["detail"]
    assert answer.status_code == 422 and issue["field"] == "body"
    assert issue["message"].startswith("el cuerpo de la petición no es JSON válido (")
    assert issue["message"].endswith("); envía un objeto JSON como describe docs/protocol.md")
    binary = client.post("/api/experiments", content=b"\xff\xfe{", headers={**SPANISH, "Content-Type":
                                                                           "application/json"})
    assert binary.status_code == 422
    assert binary.json()["detail"][0]["message"].startswith("el cuerpo de la petición no es JSON válido")
