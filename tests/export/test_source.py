"""Exported PyTorch source, imported in a fresh process that cannot import Neurona, with the server model's weights,
gives the server model's outputs: for every gallery template on its dataset and every layer type."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from neurona.export import module_source
from neurona.layers import LAYERS
from tests.export.cases import Case, layer_cases, template_cases

CHECKER = Path(__file__).with_name("check_exported.py")


def run_fresh(cases: list[Case], tmp_path: Path) -> dict[str, torch.Tensor]:
    """Write each case's module, weights and inputs, run them all in one fresh interpreter, return the outputs."""
    jobs = []
    for case in cases:
        folder = tmp_path / case.name
        folder.mkdir()
        (folder / "model.py").write_text(module_source(case.rendering))
        state = {case.rendering.state_key(k): v.contiguous() for k, v in case.model.state_dict().items()}
        save_file(state, folder / "weights.safetensors")
        save_file({"x": case.example.contiguous()}, folder / "inputs.safetensors")
        jobs.append({"module": f"exported_{len(jobs)}", "path": str(folder / "model.py"),
                     "class": case.rendering.class_name, "weights": str(folder / "weights.safetensors"),
                     "inputs": str(folder / "inputs.safetensors"), "out": str(folder / "out.safetensors")})
    (tmp_path / "cases.json").write_text(json.dumps(jobs))
    result = subprocess.run([sys.executable, str(CHECKER), str(tmp_path / "cases.json")], capture_output=True,
                            text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]
    return {case.name: load_file(job["out"])["out"] for case, job in zip(cases, jobs, strict=True)}


def server_output(case: Case) -> torch.Tensor:
    torch.manual_seed(0)
    with torch.no_grad():
        return case.model(case.example)


def test_every_layer_declares_its_source() -> None:
    missing = [name for name, layer in LAYERS.items() if layer.source is None]
    assert not missing, f"declare `source=Source(...)` for {missing}"


@pytest.fixture(scope="module")
def all_cases() -> list[Case]:
    return template_cases() + layer_cases()


def test_exported_code_reproduces_the_server_model(all_cases: list[Case], tmp_path: Path) -> None:
    covered = {c.name.rsplit("_", 1)[0] for c in all_cases} & set(LAYERS)
    assert covered == set(LAYERS) - {"Input"} or covered == set(LAYERS)
    outputs = run_fresh(all_cases, tmp_path)
    for case in all_cases:
        torch.testing.assert_close(outputs[case.name], server_output(case), msg=lambda m, c=case: f"{c.name}: {m}")


def test_source_is_readable(all_cases: list[Case]) -> None:
    """Valid Python with one attribute per node named after its id and a shape comment on every forward line."""
    unet = next(c for c in all_cases if c.name == "unet")
    source = module_source(unet.rendering)
    ast.parse(source)
    forward = source[source.index("    def forward"):source.index("\n\n\nif __name__")]
    steps = [line for line in forward.splitlines()[2:] if "= self." in line]
    assert len(steps) == len(unet.rendering.layers)
    assert all("# (N, " in line for line in steps)
    for node in unet.rendering.layers:
        assert f"        self.{node.id} = " in source
    assert "import neurona" not in source and "from neurona" not in source
