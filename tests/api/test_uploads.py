"""Uploads through the REST API of a real server: good files train, bad ones get a 4xx naming file and row."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import session_client
from tests.server import ServerProcess

from .helpers import body, create, metrics, wait_status
from .upload_files import iris_csv, story, two_class_images, upload, zip_bomb, zip_bytes

MAX_UPLOAD_MB = 5
MAX_UPLOADS = 3


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("upload-data"), NEURONA_MAX_UPLOAD_MB=str(MAX_UPLOAD_MB),
                           NEURONA_MAX_UPLOADS=str(MAX_UPLOADS), NEURONA_MAX_UNZIPPED_MB="100").start()
    yield server
    server.stop()


@pytest.fixture
def client(upload_server: ServerProcess) -> Iterator[httpx.Client]:
    with session_client(upload_server.url) as c:
        yield c


def mlp(classes: int, flatten: bool = False) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [{"id": "in", "type": "Input", "params": {}}]
    chain = [*(["flat"] if flatten else []), "fc1", "act1", "out"]
    types = {"flat": ("Flatten", {}), "fc1": ("Linear", {"out_features": 32}), "act1": ("ReLU", {}),
             "out": ("Linear", {"out_features": classes})}
    nodes += [{"id": n, "type": types[n][0], "params": types[n][1]} for n in chain]
    edges = [{"source": a, "target": b} for a, b in zip(["in", *chain], chain, strict=False)]
    return {"nodes": nodes, "edges": edges, "output": "out"}


def char_model(vocab: int) -> dict[str, Any]:
    nodes = [{"id": "in", "type": "Input", "params": {}},
             {"id": "emb", "type": "Embedding", "params": {"num_embeddings": vocab, "embedding_dim": 16}},
             {"id": "out", "type": "TokenLinear", "params": {"out_features": vocab}}]
    return {"nodes": nodes, "edges": [{"source": "in", "target": "emb"}, {"source": "emb", "target": "out"}],
            "output": "out"}


def train(client: httpx.Client, dataset: str, graph: dict[str, Any], epochs: int) -> dict[str, Any]:
    experiment = create(client, epochs=epochs, graph=graph, dataset={"name": dataset, "options": {"seed": 0}},
                        lr=0.01, batch_size=16)
    client.post(f"/api/experiments/{experiment['id']}/start").raise_for_status()
    return wait_status(client, experiment["id"], "finished", "failed", timeout=180)


def test_iris_csv_trains(client: httpx.Client) -> None:
    response = upload(client, "csv", "iris.csv", iris_csv(), target="species", task="classification")
    assert response.status_code == 201, response.text
    info = response.json()
    assert (info["task"], info["num_classes"], info["input_shape"], info["size"]) == ("classification", 3, [4], 150)
    assert info["class_names"] == ["setosa", "versicolor", "virginica"]
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    assert listed[info["dataset"]]["kind"] == "table"
    detail = client.get(f"/api/uploads/{info['id']}").json()
    assert detail["preview"]["columns"][-1] == "species" and len(detail["preview"]["rows"]) == 5
    assert client.post(f"/api/datasets/{info['dataset']}/preview", json={}).status_code == 200
    done = train(client, info["dataset"], mlp(3), epochs=40)
    assert done["status"] == "finished", done["error"]
    assert done["last_metrics"]["accuracy"] >= 0.9, done["last_metrics"]


def test_image_zip_trains(client: httpx.Client) -> None:
    response = upload(client, "images", "shapes.zip", zip_bytes(two_class_images()), size=12, color="grayscale")
    assert response.status_code == 201, response.text
    info = response.json()
    assert (info["input_shape"], info["class_names"], info["size"]) == ([1, 12, 12], ["bars", "rings"], 80)
    samples = client.get(f"/api/uploads/{info['id']}").json()["preview"]["samples"]
    assert {s["label"] for s in samples} == {0, 1} and len(samples[0]["pixels"][0]) == 12
    drawn = client.post(f"/api/datasets/{info['dataset']}/preview", json={}).json()["images"]
    assert drawn["class_names"] == ["bars", "rings"] and drawn["shape"] == [1, 12, 12]
    done = train(client, info["dataset"], mlp(2, flatten=True), epochs=30)
    assert done["status"] == "finished", done["error"]
    assert done["last_metrics"]["accuracy"] >= 0.9, done["last_metrics"]


def test_text_trains_a_character_model(client: httpx.Client) -> None:
    response = upload(client, "text", "cuento.txt", story(), length=32)
    assert response.status_code == 201, response.text
    info = response.json()
    assert info["task"] == "token_classification" and info["input_shape"] == [32]
    vocab = info["num_classes"]
    assert client.get(f"/api/uploads/{info['id']}").json()["preview"]["vocabulary"][0] == " "
    tokens = client.post(f"/api/datasets/{info['dataset']}/preview", json={}).json()["tokens"]
    assert tokens["vocab_size"] == vocab and len(tokens["samples"][0]["target"]) == 32
    done = train(client, info["dataset"], char_model(vocab), epochs=3)
    assert done["status"] == "finished", done["error"]
    rows = metrics(client, done["id"])
    assert rows[-1]["train_loss"] < rows[0]["train_loss"] < math.log(vocab) * 1.5


CSV_HEAD = "a,b,label\n"
BAD_FILES = [  # (kind, file name, bytes, options, status, file, row, column, words in the message)
    ("csv", "quote.csv", (CSV_HEAD + '1,2,x\n1,"2,y\n').encode(), {"target": "label"}, 422, "quote.csv", 3, None,
     "not valid CSV"),
    ("csv", "ragged.csv", (CSV_HEAD + "1,2,x\n1,y\n3,4,y\n").encode(), {"target": "label"}, 422, "ragged.csv", 3,
     None, "has 2 values but the header has 3"),
    ("csv", "words.csv", (CSV_HEAD + "1,2,x\n1,2,y\n1,abc,x\n1,2,y\n").encode(), {"target": "label"}, 422,
     "words.csv", 4, "b", "'abc', which is not a number"),
    ("csv", "target.csv", (CSV_HEAD + "1,2,x\n").encode(), {"target": "species"}, 422, "target.csv", 1, "species",
     "no column 'species'"),
    ("csv", "noheader.csv", b"1,2,3\n4,5,6\n", {"target": "3"}, 422, "noheader.csv", 1, None, "header"),
    ("csv", "latin1.csv", (CSV_HEAD + "1,2,x\n").encode() + b"1,2,ni\xf1o\n", {"target": "label"}, 422,
     "latin1.csv", 3, None, "not UTF-8"),
    ("images", "notes.zip", zip_bytes({**two_class_images(3), "bars/readme.png": b"just some text"}), {}, 422,
     "notes.zip/bars/readme.png", None, None, "not a PNG or JPEG"),
    ("images", "nested.zip", zip_bytes({**two_class_images(3), "bars/more/1.png": two_class_images(1)["bars/0.png"]}),
     {}, 422, "nested.zip/bars/more/1.png", None, None, "nested folder"),
    ("images", "escape.zip", zip_bytes({**two_class_images(3), "../evil.png": b"x"}), {}, 422,
     "escape.zip/../evil.png", None, None, "'..'"),
    ("images", "absolute.zip", zip_bytes({**two_class_images(3), "/etc/evil.png": b"x"}), {}, 422,
     "absolute.zip//etc/evil.png", None, None, "absolute path"),
    ("images", "link.zip", zip_bytes(two_class_images(3), links=("bars/link.png",)), {}, 422,
     "link.zip/bars/link.png", None, None, "symbolic link"),
    ("images", "bomb.zip", zip_bomb, {}, 422, "bomb.zip/a/zeros.png", None, None, "zip bomb"),
    ("images", "one.zip", zip_bytes({"bars/0.png": two_class_images(1)["bars/0.png"]}), {}, 422, "one.zip", None,
     None, "at least two folders"),
    ("images", "fake.zip", b"PK but not really a zip", {}, 422, "fake.zip", None, None, "not a zip archive"),
    ("text", "binary.txt", b"hello\nworld\n\xff\xfe\x00", {}, 422, "binary.txt", 3, None, "not UTF-8"),
]


@pytest.mark.parametrize(("kind", "name", "data", "options", "status", "file", "row", "column", "words"), BAD_FILES,
                         ids=[case[1] for case in BAD_FILES])
def test_bad_upload_is_refused_naming_file_and_row(client: httpx.Client, upload_server: ServerProcess, kind: str,
                                                    name: str, data: bytes | Callable[[], bytes],
                                                    options: dict[str, Any], status: int, file: str, row: int | None,
                                                    column: str | None, words: str) -> None:
    response = upload(client, kind, name, data() if callable(data) else data, **options)
    assert response.status_code == status, response.text
    [issue] = response.json()["detail"]
    assert (issue["file"], issue["row"], issue["column"]) == (file, row, column), issue
    assert words in issue["message"] and issue["message"].startswith(name), issue["message"]
    assert client.get("/api/uploads").json()["uploads"] == []
    assert _leftovers(upload_server.data_dir) == []


def test_a_bad_row_is_refused_in_spanish(client: httpx.Client) -> None:
    words = (CSV_HEAD + "1,2,x\n1,abc,y\n").encode()
    response = client.post("/api/uploads", data={"kind": "csv", "options": json.dumps({"target": "label"})},
                           files={"file": ("palabras.csv", words)}, headers={"Accept-Language": "es"})
    assert response.status_code == 422
    assert response.headers["content-language"] == "es"
    [issue] = response.json()["detail"]
    assert (issue["row"], issue["column"]) == (3, "b")
    assert issue["message"] == ("palabras.csv, fila 3, columna 'b': contiene 'abc', que no es un número; las columnas "
                                "de características deben contener números (rellena o quita la fila, o elimina la "
                                "columna)")


def _leftovers(data_dir: Path) -> list[str]:
    """Anything an import left in the staging folder (a failed one must leave nothing)."""
    incoming = data_dir / "uploads" / ".incoming"
    return sorted(p.name for p in incoming.iterdir()) if incoming.is_dir() else []


def test_bad_options_and_kind_are_422(client: httpx.Client) -> None:
    bad_kind = upload(client, "spreadsheet", "a.csv", b"a,b\n1,2\n")
    assert bad_kind.status_code == 422 and bad_kind.json()["detail"][0]["field"] == "kind"
    bad_task = upload(client, "csv", "a.csv", b"a,b\n1,2\n", target="b", task="clustering")
    assert bad_task.status_code == 422 and bad_task.json()["detail"][0]["field"] == "options.task"
    no_file = client.post("/api/uploads", data={"kind": "csv", "options": "{}"}, files={"other": ("x", b"")})
    assert no_file.status_code == 422, no_file.text


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_oversized_upload_is_413_and_memory_stays_flat(client: httpx.Client, upload_server: ServerProcess) -> None:
    assert upload_server.process is not None
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncsv\r\n--{boundary}\r\n"
            f"Content-Disposition: form-data; name=\"file\"; filename=\"huge.csv\"\r\n\r\n").encode()
    block = b"1,2,3\n" * (1 << 16)  # 384 KB

    def chunks() -> Iterator[bytes]:  # sent without a Content-Length: the server must count as it reads
        yield head
        for _ in range(int(12 * MAX_UPLOAD_MB * 2**20 / len(block))):
            yield block
        yield f"\r\n--{boundary}--\r\n".encode()

    before = _rss_kb(upload_server.process.pid)
    response = client.post("/api/uploads", content=chunks(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413, response.text
    assert "NEURONA_MAX_UPLOAD_MB" in response.json()["detail"][0]["message"]
    assert _rss_kb(upload_server.process.pid) - before < 20 * 1024  # 60 MB sent; far less held
    declared = upload(client, "csv", "big.csv", b"0" * ((MAX_UPLOAD_MB + 1) * 2**20), target="a")
    assert declared.status_code == 413 and declared.json()["detail"][0]["field"] == "file"
    assert _leftovers(upload_server.data_dir) == []


def test_uploads_belong_to_their_session_and_can_be_deleted(client: httpx.Client,
                                                            upload_server: ServerProcess) -> None:
    info = upload(client, "csv", "iris.csv", iris_csv(), target="species").json()
    with session_client(upload_server.url) as other:
        assert other.get(f"/api/uploads/{info['id']}").status_code == 404
        assert other.delete(f"/api/uploads/{info['id']}").status_code == 404
        assert other.get("/api/uploads").json()["uploads"] == []
        assert info["dataset"] not in {d["name"] for d in other.get("/api/datasets").json()}
        refused = other.post("/api/experiments", json=body(graph=mlp(3), dataset={"name": info["dataset"]}))
        assert refused.status_code == 422 and "unknown dataset" in refused.text
        preview = other.post(f"/api/datasets/{info['dataset']}/preview", json={})
        assert preview.status_code == 422
    assert client.delete(f"/api/uploads/{info['id']}").status_code == 204
    assert client.get(f"/api/uploads/{info['id']}").status_code == 404
    assert info["dataset"] not in {d["name"] for d in client.get("/api/datasets").json()}
    gone = client.post("/api/experiments", json=body(graph=mlp(3), dataset={"name": info["dataset"]}))
    assert gone.status_code == 422


def test_a_session_keeps_at_most_max_uploads(client: httpx.Client) -> None:
    small = b"a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n"
    for i in range(MAX_UPLOADS):
        assert upload(client, "csv", f"t{i}.csv", small, target="label").status_code == 201
    refused = upload(client, "csv", "one-more.csv", small, target="label")
    assert refused.status_code == 409 and "NEURONA_MAX_UPLOADS" in refused.text


def test_uploads_persist_across_a_restart(client: httpx.Client, upload_server: ServerProcess) -> None:
    info = upload(client, "images", "shapes.zip", zip_bytes(two_class_images(5)), size=8).json()
    upload_server.stop()
    upload_server.start()  # the same data folder and port: the session's token still names its uploads
    assert [u["id"] for u in client.get("/api/uploads").json()["uploads"]] == [info["id"]]
    assert info["dataset"] in {d["name"] for d in client.get("/api/datasets").json()}
    assert client.get(f"/api/uploads/{info['id']}").json()["preview"]["counts"] == {"bars": 5, "rings": 5}
    check = client.post("/api/specs/validate", json={"graph": mlp(2, flatten=True),
                                                     "dataset": {"name": info["dataset"]}})
    assert check.status_code == 200 and check.json()["valid"], check.text
