"""ONNX files match onnxruntime: one case of every layer type and the templates with distinct structure; a network
that cannot be exported is refused with a message naming its node."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from neurona.export import OnnxUnavailable, prepare
from neurona.export.onnx import _export, onnx_bytes
from neurona.layers import LAYERS
from neurona.spec import ExperimentCreate
from tests.api.helpers import body
from tests.export.cases import Case, layer_cases, template_cases

STRUCTURES = ("unet", "vae", "seq2seq_lstm", "transformer_seq2seq")  # skips, sampling, recurrence, cross-attention


def export_and_compare(cases: list[Case]) -> None:
    """Export the cases as one module (one input and one output each) and compare onnxruntime with PyTorch.

    One export for all of them: the exporter's fixed cost is paid once rather than per layer."""
    together = Together([c.model for c in cases]).eval()
    inputs = tuple(c.example for c in cases)
    names = [f"x{i}" for i in range(len(cases))]
    data = _export(together, (inputs,), names, outputs=len(cases))
    with torch.no_grad():
        torch.manual_seed(0)
        expected = together(inputs)
    got = run_onnx_all(data, {name: x.numpy() for name, x in zip(names, inputs, strict=True)})
    for case, out, want in zip(cases, got, expected, strict=True):
        np.testing.assert_allclose(out, want.numpy(), rtol=1e-4, atol=1e-5, err_msg=case.name)


class Together(nn.Module):
    def __init__(self, models: list[nn.Module]):
        super().__init__()
        self.models = nn.ModuleList(models)

    def forward(self, inputs: tuple[torch.Tensor, ...]) -> tuple[torch.Tensor, ...]:
        return tuple(model(x) for model, x in zip(self.models, inputs, strict=True))


def run_onnx_all(data: bytes, inputs: dict[str, np.ndarray]) -> list[np.ndarray]:
    import onnxruntime

    session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
    return [np.asarray(out) for out in session.run(None, inputs)]


def samples_in_eval(case: Case) -> bool:
    """Sampling with sample_in_eval draws noise in evaluation, which onnxruntime draws differently."""
    return any(getattr(n.params, "sample_in_eval", False) for n in case.rendering.layers)


def test_every_layer_type_exports_and_matches_onnxruntime() -> None:
    cases = [c for c in layer_cases(per_layer=2) if not samples_in_eval(c)]
    first = {c.name.rsplit("_", 1)[0]: c for c in reversed(cases)}  # one case per layer type
    assert "Sampling" in first and len(first) == len(LAYERS)
    export_and_compare(list(first.values()))


def test_templates_with_distinct_structures_export_and_match_onnxruntime() -> None:
    export_and_compare([c for c in template_cases() if c.name in STRUCTURES])


class DataDependent(nn.Module):
    """Python control flow on a tensor's value: what torch.export cannot trace."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x if x.sum().item() > 0 else -x


def test_a_layer_that_cannot_be_exported_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    program = prepare(ExperimentCreate.model_validate(body()))
    built = program.model

    def with_bad_layer(state: object = None) -> nn.Module:
        model = built(None)
        model.layers["act1"] = DataDependent()
        return model

    monkeypatch.setattr(program, "model", with_bad_layer)
    with pytest.raises(OnnxUnavailable, match=r"^act1: Tanh cannot be exported to ONNX"):
        onnx_bytes(program, None)
