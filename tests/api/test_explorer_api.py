"""The explorer's REST routes through the real server: graphs, gradients and 422s that point at a column."""

from __future__ import annotations

import httpx
import pytest


def test_backprop_answers_the_graph_with_values_gradients_and_the_order(client: httpx.Client) -> None:
    response = client.post("/api/explorer/backprop",
                           json={"expression": "(a*b + c) * relu(a)", "values": {"a": 2, "b": -3, "c": 10}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["output"] == 8.0 and body["variables"] == ["a", "b", "c"]
    nodes = {n["id"]: n for n in body["nodes"]}
    assert body["schedule"][0] == body["output_id"] and nodes[body["output_id"]]["grad"] == 1.0
    a = next(n for n in body["nodes"] if n["label"] == "a")
    assert a["grad"] == -2.0 and a["column"] == 2  # b·relu(a) + (ab + c)·1 = -6 + 4
    uses = [e["contribution"] for n in body["nodes"] for e in n["inputs"] if e["source"] == a["id"]]
    assert sorted(uses) == [-6.0, 4.0]
    relu = next(n for n in body["nodes"] if n["op"] == "relu")
    assert relu["inputs"] == [{"source": a["id"], "rule": "1 if x > 0 else 0", "local_grad": 1.0,
                               "contribution": 4.0}]


def test_parse_lists_the_variables_in_order(client: httpx.Client) -> None:
    response = client.post("/api/explorer/parse", json={"expression": "tanh(w1*x1 + w2*x2 + b) + w1"})
    assert response.status_code == 200, response.text
    assert response.json()["variables"] == ["w1", "x1", "w2", "x2", "b"]


@pytest.mark.parametrize(("body", "column", "field", "words"), [
    ({"expression": "2a + b", "values": {"a": 1, "b": 1}}, 2, "expression", "write *"),
    ({"expression": "foo(a)", "values": {"a": 1}}, 1, "expression", "not a known function"),
    ({"expression": "(a + b", "values": {"a": 1, "b": 1}}, 7, "expression", "')' is missing"),
    ({"expression": "a * b", "values": {"a": 1}}, 5, "values.b", "'b' has no value"),
    ({"expression": "log(a)", "values": {"a": -1}}, 1, "expression", "log needs a positive number"),
    ({"expression": "a / (b - 2)", "values": {"a": 1, "b": 2}}, 3, "expression", "division by zero"),
    ({"expression": "a" * 501, "values": {}}, 501, "expression", "longer than 500"),
])
def test_bad_expressions_answer_422_with_the_column(
        client: httpx.Client, body: dict, column: int, field: str, words: str) -> None:
    response = client.post("/api/explorer/backprop", json=body)
    assert response.status_code == 422, response.text
    [issue] = response.json()["detail"]
    assert issue["column"] == column and issue["field"] == field
    assert words in issue["message"]


def test_malformed_requests_answer_422_naming_the_field(client: httpx.Client) -> None:
    response = client.post("/api/explorer/backprop", json={"expression": "a", "values": {"a": "two"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "values.a"
    response = client.post("/api/explorer/backprop", content=b'{"expression": "a", "values": {"a": NaN}}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "values.a"
    response = client.post("/api/explorer/parse", json={"expression": "a", "extra": 1})
    assert response.status_code == 422 and "not a known field" in response.json()["detail"][0]["message"]


def test_the_schema_documents_the_routes(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    backprop = paths["/api/explorer/backprop"]["post"]
    assert backprop["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("BackpropResult")
    answers = backprop["responses"]["422"]["content"]["application/json"]["schema"]["anyOf"]
    assert any(a["$ref"].endswith("ExpressionErrorList") for a in answers)
