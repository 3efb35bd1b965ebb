"""ONNX export with `torch.onnx.export`, checked with onnxruntime before it is handed out.

The file is only offered when onnxruntime, run on a few real test inputs, gives the server model's outputs within
`RTOL`/`ATOL`. When a layer cannot be exported, each node is exported on its own to find the first that fails, so
the message names it.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from ..layers import Shape
from .program import Program

RTOL, ATOL = 1e-4, 1e-5
OPSET = 18


class OnnxUnavailable(RuntimeError):
    """The network cannot become a verified ONNX file; the message names the node and says why."""


def _export(module: nn.Module, args: tuple[torch.Tensor, ...], names: Sequence[str], outputs: int = 1) -> bytes:
    """ONNX bytes of `module` called with `args` (named `names`), the batch axis of every input dynamic."""
    batch = torch.export.Dim("batch", min=1, max=4096)
    dynamic = _batch_axes(args, batch)  # by position: the forward's own argument names do not matter
    output_names = ["output"] if outputs == 1 else [f"output{i}" for i in range(outputs)]
    with warnings.catch_warnings(), _quiet():
        warnings.simplefilter("ignore")
        program = torch.onnx.export(module, args, input_names=list(names), output_names=output_names,
                                    dynamic_shapes=dynamic, opset_version=OPSET, dynamo=True, verbose=False,
                                    report=False)
    buffer = io.BytesIO()
    program.save(buffer)  # type: ignore[union-attr, arg-type]  # save writes to a binary file object too
    return buffer.getvalue()


def _batch_axes(args: Any, batch: Any) -> Any:
    """The structure of `args` with each tensor replaced by {0: batch} (tuples of tensors are nested the same)."""
    if isinstance(args, torch.Tensor):
        return {0: batch}
    return tuple(_batch_axes(a, batch) for a in args)


class _quiet:
    """The exporter logs every pass (and warnings about constant folding); a server log should not carry that."""

    LOGGERS = ("torch.onnx", "onnxscript", "onnx_ir")

    def __enter__(self) -> None:
        self.levels = [logging.getLogger(name).level for name in self.LOGGERS]
        for name in self.LOGGERS:
            logging.getLogger(name).setLevel(logging.ERROR)

    def __exit__(self, *_exc: object) -> None:
        for name, level in zip(self.LOGGERS, self.levels, strict=True):
            logging.getLogger(name).setLevel(level)


def run_onnx(model_bytes: bytes, inputs: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime

    session = onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, inputs)[0])


def onnx_bytes(program: Program, state: dict[str, torch.Tensor] | None) -> bytes:
    """The verified ONNX file of the server's model (`state`, or the run's initial weights when None)."""
    model = program.model(state)
    example = program.example
    try:
        data = _export(model, (example,), ["x"])
    except Exception as err:  # torch.onnx raises many kinds; each becomes the culprit node's message
        raise OnnxUnavailable(_culprit(program, model) or f"ONNX export failed: {_first_line(err)}") from None
    with torch.no_grad():
        expected = model(example).numpy()
    got = run_onnx(data, {"x": example.numpy()})
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=RTOL, atol=ATOL):
        worst = float(np.max(np.abs(got - expected))) if got.shape == expected.shape else float("nan")
        raise OnnxUnavailable(f"the ONNX model does not reproduce the PyTorch outputs (largest difference {worst:.3g});"
                              " export the PyTorch code instead")
    return data


def _culprit(program: Program, model: nn.Module) -> str | None:
    """The first node, in execution order, whose module cannot be exported on its own."""
    shapes: dict[str, Shape] = program.rendering.shapes()
    dtype = torch.long if program.rendering.tokens else torch.float32
    for node in program.rendering.layers:
        inputs = tuple(_sample(shapes[s], dtype if s == program.rendering.plan.input_id else torch.float32)
                       for s in node.sources)
        try:
            _export(model.layers[node.id], inputs, [f"in{i}" for i in range(len(inputs))])  # type: ignore[index, arg-type]
        except Exception as err:
            return (f"{node.id}: {node.layer.name} cannot be exported to ONNX ({_first_line(err)}); export the "
                    "PyTorch code instead, or replace this layer")
    return None


def _sample(shape: Shape, dtype: torch.dtype) -> torch.Tensor:
    return torch.zeros(2, *shape, dtype=dtype) if dtype == torch.long else torch.randn(2, *shape)


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0][:300] if text else type(err).__name__
