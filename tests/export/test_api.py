"""The export routes and the CLI against a real server and its data directory: every format, the errors, and
`neurona train` giving the API's metrics for the same spec and seed."""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import torch
from safetensors.torch import load

from neurona.export.onnx import run_onnx
from tests.api.helpers import act, body, create, metrics, mlp, wait_status
from tests.conftest import session_client
from tests.server import REPO, ServerProcess

CLI_STEPS = 25  # one epoch of circle: the rows compared between the CLI and the API


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of its own, so the CLI can read its data directory."""
    process = ServerProcess(tmp_path_factory.mktemp("export-data")).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with session_client(server.url) as c:
        yield c


@pytest.fixture(scope="module")
def trained(client: httpx.Client) -> dict:
    """A finished one-epoch run (with the spec it was created from)."""
    spec = body(epochs=1, name="circle net", l2=0.001, schedule="cosine")
    response = client.post("/api/experiments", json=spec)
    assert response.status_code == 201, response.text
    experiment = response.json()
    act(client, experiment["id"], "start")
    wait_status(client, experiment["id"], "finished")
    return {"id": experiment["id"], "spec": spec}


def export(client: httpx.Client, experiment_id: str, fmt: str) -> httpx.Response:
    return client.get(f"/api/experiments/{experiment_id}/export", params={"format": fmt})


def module_from(source: str) -> tuple[type[torch.nn.Module], dict]:
    namespace: dict = {"__name__": "exported"}
    exec(compile(source, "exported.py", "exec"), namespace)
    classes = [v for v in namespace.values() if isinstance(v, type) and issubclass(v, torch.nn.Module)
               and v.__module__ == "exported" and v.__doc__ and "One attribute per node" in v.__doc__]
    return classes[0], namespace


def test_torch_source_of_an_untrained_run(client: httpx.Client) -> None:
    experiment = create(client, name="My Spiral Net!")
    response = export(client, experiment["id"], "torch")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="my_spiral_net.py"'
    assert response.headers["x-neurona-weights"] == "none"
    assert response.headers["content-type"].startswith("text/x-python")
    ast.parse(response.text)
    assert "class MySpiralNet(nn.Module):" in response.text


def test_weights_of_a_run_that_never_trained_are_a_conflict(client: httpx.Client) -> None:
    experiment = create(client)
    response = export(client, experiment["id"], "safetensors")
    assert response.status_code == 409
    assert "no trained weights yet" in response.json()["detail"]


def test_trained_weights_load_into_the_exported_module_and_match_onnx(client: httpx.Client, trained: dict) -> None:
    weights = export(client, trained["id"], "safetensors")
    assert weights.status_code == 200, weights.text
    assert weights.headers["content-disposition"] == 'attachment; filename="circle_net.safetensors"'
    assert weights.headers["x-neurona-weights"] == "trained"
    onnx = export(client, trained["id"], "onnx")
    assert onnx.status_code == 200, onnx.text
    assert onnx.headers["x-neurona-weights"] == "trained"
    network, _ = module_from(export(client, trained["id"], "torch").text)
    model = network().eval()
    model.load_state_dict(load(weights.content), strict=True)
    x = torch.randn(16, 2, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected = model(x).numpy()
    np.testing.assert_allclose(run_onnx(onnx.content, {"x": x.numpy()}), expected, rtol=1e-4, atol=1e-5)


def test_onnx_of_an_untrained_run_holds_its_initial_weights(client: httpx.Client) -> None:
    experiment = create(client)
    response = export(client, experiment["id"], "onnx")
    assert response.status_code == 200, response.text
    assert response.headers["x-neurona-weights"] == "initial"
    assert response.headers["content-disposition"].endswith('.onnx"')


def test_script_bundle_holds_module_trainer_data_and_spec(client: httpx.Client, trained: dict) -> None:
    response = export(client, trained["id"], "script")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == {f"circle_net/{n}" for n in ("model.py", "train.py", "data.npz", "spec.json", "README.txt")}


def test_exported_training_script_prints_the_server_metrics(client: httpx.Client, trained: dict,
                                                            tmp_path: Path) -> None:
    zipfile.ZipFile(io.BytesIO(export(client, trained["id"], "script").content)).extractall(tmp_path)
    runner = ("import runpy, sys; sys.modules['neurona'] = None; sys.path.insert(0, '.'); "  # torch and numpy only
              "sys.argv = ['train.py', '--every', '1']; runpy.run_path('train.py', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", runner], cwd=tmp_path / "circle_net", capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line.split(",") for line in result.stdout.splitlines()[1:] if line[:1].isdigit()]
    server = metrics(client, trained["id"])
    assert len(lines) == len(server) == CLI_STEPS
    for line, row in zip(lines, server, strict=True):
        assert int(line[0]) == row["step"]
        assert float(line[2]) == pytest.approx(row["train_loss"], rel=1e-5)
        assert float(line[3]) == pytest.approx(row["test_loss"], rel=1e-5)
        assert float(line[4]) == pytest.approx(row["accuracy"], rel=1e-5)


def test_cli_train_on_the_exported_spec_prints_the_api_metrics(client: httpx.Client, trained: dict,
                                                               tmp_path: Path) -> None:
    spec = export(client, trained["id"], "spec")
    assert spec.status_code == 200 and spec.headers["content-type"] == "application/json"
    (tmp_path / "spec.json").write_bytes(spec.content)
    result = subprocess.run([sys.executable, "-m", "neurona.cli", "train", str(tmp_path / "spec.json"), "--jsonl",
                             "--no-progress"], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NEURONA_MAX_WORKERS": "2"})
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[:CLI_STEPS] == metrics(client, trained["id"])[:CLI_STEPS]


def test_cli_lists_and_exports_from_the_data_directory(server: ServerProcess, trained: dict, tmp_path: Path) -> None:
    env = {**os.environ, "NEURONA_DATA_DIR": str(server.data_dir)}
    listing = subprocess.run([sys.executable, "-m", "neurona.cli", "list", "--json"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert trained["id"] in {item["id"] for item in json.loads(listing.stdout)}
    out = tmp_path / "w.safetensors"
    exported = subprocess.run([sys.executable, "-m", "neurona.cli", "export", trained["id"], "--format",
                               "safetensors", "-o", str(out)], cwd=REPO, env=env, capture_output=True, text=True,
                              timeout=120)
    assert exported.returncode == 0, exported.stderr
    assert set(load(out.read_bytes())) == {"fc1.weight", "fc1.bias", "out.weight", "out.bias"}
    missing = subprocess.run([sys.executable, "-m", "neurona.cli", "export", "nope"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no experiment 'nope'" in missing.stderr


def test_cli_commands_have_help() -> None:
    for command in ("serve", "train", "export", "list", "openapi"):
        result = subprocess.run([sys.executable, "-m", "neurona.cli", command, "--help"], cwd=REPO,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "usage: neurona " + command in result.stdout


def test_errors_name_what_is_wrong(client: httpx.Client, server: ServerProcess) -> None:
    experiment = create(client)
    bad = export(client, experiment["id"], "keras")
    assert bad.status_code == 422
    item = bad.json()["detail"][0]
    assert item["field"] == "query.format" and "'torch'" in item["message"] and "'keras'" in item["message"]
    assert export(client, "0123456789ab", "torch").status_code == 404
    with session_client(server.url) as stranger:
        assert export(stranger, experiment["id"], "torch").status_code == 404


def test_unsaved_graph_exports_its_source_but_has_no_weights(client: httpx.Client) -> None:
    spec = body(graph=mlp((4,)))
    response = client.post("/api/specs/export", params={"format": "torch"}, json=spec)
    assert response.status_code == 200 and "nn.Linear(2, 4, bias=True)" in response.text
    assert client.post("/api/specs/export", params={"format": "safetensors"}, json=spec).status_code == 409
    broken = body(graph={"nodes": [{"id": "in", "type": "Input"}, {"id": "fc", "type": "Linar"}],
                         "edges": [{"source": "in", "target": "fc"}]})
    refused = client.post("/api/specs/export", json=broken)
    assert refused.status_code == 422 and any(i["node"] == "fc" for i in refused.json()["detail"])


def test_openapi_declares_the_routes_and_formats(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    route = schema["paths"]["/api/experiments/{experiment_id}/export"]["get"]
    assert {"404", "409", "422"} <= set(route["responses"])
    fmt = next(p for p in route["parameters"] if p["name"] == "format")
    assert set(fmt["schema"]["enum"]) == {"torch", "script", "onnx", "safetensors", "spec"}
    assert "post" in schema["paths"]["/api/specs/export"]
