"""Short links through the real server: stored in SQLite, opened from another session and after a restart, the
same workspace given the same link, and every refusal a 4xx that names its field or its limit."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from neurona.lessons.catalog import LESSONS
from tests.api.helpers import mlp
from tests.api.upload_files import upload
from tests.conftest import session_client
from tests.server import ServerProcess


def workspace(**changes: Any) -> dict[str, Any]:
    """What the page sends: a graph, a data set with options, training with its seed, the open lesson and panels."""
    return {"version": 1, "graph": mlp((6,)), "dataset": {"name": "spiral", "options": {"noise": 10}},
            "training": {"optimizer": "sgd", "lr": 0.3, "seed": 4321, "batch_size": 16},
            "lesson": {"id": "cnn", "step": 1}, "views": ["training"], "selected": "fc1",
            "show_test_data": True, **changes}


def issue_fields(response: httpx.Response) -> list[str | None]:
    assert response.status_code == 422, response.text
    return [item["field"] for item in response.json()["detail"]]


@pytest.mark.both_stores
def test_a_link_opens_the_same_workspace_in_another_session(client: httpx.Client, live_server: str) -> None:
    made = client.post("/api/links", json=workspace())
    assert made.status_code == 201, made.text
    link = made.json()
    assert link["path"] == f"/s/{link['id']}" and 4 <= len(link["id"]) <= 16
    with session_client(live_server) as other:
        opened = other.get(f"/api/links/{link['id']}")
        assert opened.status_code == 200
        shared = opened.json()["workspace"]
        # the training settings come back complete, so the other browser runs exactly the same settings
        assert shared["training"]["seed"] == 4321 and shared["training"]["lr"] == 0.3
        assert shared["training"]["epochs"] == 100 and "optimizer_params" in shared["training"]
        assert shared["graph"] == link["workspace"]["graph"] and shared["graph"]["nodes"][1]["id"] == "fc1"
        assert shared["dataset"] == {"name": "spiral", "options": {"noise": 10}}
        assert shared["lesson"] == {"id": "cnn", "step": 1} and shared["views"] == ["training"]
        assert shared["selected"] == "fc1" and shared["show_test_data"] is True
        page = other.get(f"/s/{link['id']}", params={"present": "1", "hide": "palette"}, follow_redirects=False)
        assert page.status_code == 307
        assert page.headers["location"] == f"/?link={link['id']}&present=1&hide=palette"


@pytest.mark.both_stores
def test_the_same_workspace_gets_the_same_link(client: httpx.Client, live_server: str) -> None:
    first = client.post("/api/links", json=workspace(selected="out"))
    assert first.status_code == 201
    with session_client(live_server) as other:
        again = other.post("/api/links", json=workspace(selected="out"))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    changed = client.post("/api/links", json=workspace(selected="out", training={"seed": 5}))
    assert changed.status_code == 201 and changed.json()["id"] != first.json()["id"]


@pytest.mark.both_stores
def test_unknown_and_malformed_ids(client: httpx.Client) -> None:
    missing = client.get("/api/links/nOsUcHlInK")
    assert missing.status_code == 404 and "nOsUcHlInK" in missing.json()["detail"]
    assert client.get("/api/links/" + "x" * 40).status_code == 422
    assert client.get("/api/links/bad.id").status_code == 422
    page = client.get("/s/bad.id", follow_redirects=False)  # the page, not a JSON error, tells a browser
    assert page.status_code == 307 and page.headers["location"] == "/?link=bad.id"


@pytest.mark.parametrize(("changes", "field"), [
    ({"graph": {"nodes": [{"id": "1bad", "type": "Input"}]}}, "graph.nodes.0.id"),
    ({"training": {"lr": -1}}, "training.lr"),
    ({"training": {"optimizer_params": {"betas": 3}}}, "training.optimizer_params.betas"),
    ({"dataset": {"name": "circel", "options": {}}}, "dataset.name"),
    ({"dataset": {"name": "spiral", "options": {"noise": 5000}}}, "dataset.options.noise"),
    ({"lesson": {"id": "no-such-lesson", "step": 0}}, "lesson.id"),
    ({"lesson": {"id": "cnn", "step": len(LESSONS["cnn"].steps)}}, "lesson.step"),
    ({"selected": "ghost"}, "selected"),
    ({"views": ["everything"]}, "views.0"),
    ({"version": 2}, "version"),
    ({"colour": "red"}, "colour"),
])
def test_an_invalid_workspace_is_a_422_naming_the_field(client: httpx.Client, changes: dict[str, Any],
                                                        field: str) -> None:
    fields = issue_fields(client.post("/api/links", json=workspace(**changes)))
    assert field in fields, fields


def test_an_upload_cannot_be_shared(client: httpx.Client) -> None:
    csv = "x1,x2,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20))
    uploaded = upload(client, "csv", "points.csv", csv.encode(), target="label")
    assert uploaded.status_code == 201, uploaded.text
    answer = client.post("/api/links", json=workspace(dataset={"name": uploaded.json()["dataset"], "options": {}}))
    assert issue_fields(answer) == ["dataset.name"]
    assert "upload" in answer.json()["detail"][0]["message"]


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server with tiny link limits (2 KB, 3 an hour), on its own data directory."""
    server = ServerProcess(tmp_path_factory.mktemp("links"), NEURONA_MAX_LINK_KB="2",
                           NEURONA_MAX_LINKS_PER_HOUR="3", NEURONA_MAX_WORKERS="1").start()
    yield server
    server.stop()


def test_size_and_rate_limits_and_links_outlive_a_restart(small_server: ServerProcess) -> None:
    headers = {"X-Neurona-Token": f"links-{uuid.uuid4().hex}"}
    with httpx.Client(base_url=small_server.url, headers=headers, timeout=30) as client:
        big = client.post("/api/links", json=workspace(graph=mlp((4,) * 12)))
        assert big.status_code == 413 and "NEURONA_MAX_LINK_KB" in big.json()["detail"]
        small = [workspace(lesson=None, views=[], selected=None, training={"seed": s}) for s in range(4)]
        made = [client.post("/api/links", json=w) for w in small[:3]]
        assert [r.status_code for r in made] == [201, 201, 201]
        refused = client.post("/api/links", json=small[3])
        assert refused.status_code == 429 and refused.headers["retry-after"] == "3600"
        assert "NEURONA_MAX_LINKS_PER_HOUR" in refused.json()["detail"]
        assert client.post("/api/links", json=small[0]).status_code == 200, "an existing link is still answered"
    small_server.stop()
    small_server.start()
    with session_client(small_server.url) as stranger:
        for answer, sent in zip(made, small[:3], strict=True):
            opened = stranger.get(f"/api/links/{answer.json()['id']}")
            assert opened.status_code == 200
            assert opened.json()["workspace"]["training"]["seed"] == sent["training"]["seed"]


def test_an_older_database_gains_the_links_table(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect, text

    from neurona.store.db import Store

    url = f"sqlite:///{tmp_path / 'old.db'}"
    Store(url).engine.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE links"))  # a file from before links existed
    assert "links" not in inspect(engine).get_table_names()
    store = Store(url)
    row = store.links.create("someone", {"version": 1})
    assert store.links.get(row.id) is not None and store.links.find({"version": 1}).id == row.id
