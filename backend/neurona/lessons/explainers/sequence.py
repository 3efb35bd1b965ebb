"""Sinusoidal positional encodings as a matrix, from the PositionalEncoding layer's own table (layers/sequence.py)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ...layers.sequence import sinusoids
from ..models import t
from .registry import Explainer, ExplainerInput, explainer


class PositionalInput(ExplainerInput):
    length: int = Field(16, ge=1, le=128, description="Positions (rows).")
    dim: int = Field(32, ge=2, le=128, description="Features per position (columns).")


class PositionalResult(BaseModel):
    matrix: list[list[float]] = Field(description="length × dim: PE[pos, 2i] = sin(pos/10000^(2i/d)), "
                                      "PE[pos, 2i+1] = cos(pos/10000^(2i/d))")
    wavelengths: list[float] = Field(description="2π·10000^(2i/d) for every sin/cos pair: short to long")
    steps: list[str]


def positional(body: PositionalInput) -> PositionalResult:
    table = sinusoids(body.length, body.dim)
    pairs = (body.dim + 1) // 2
    wavelengths = [2 * 3.141592653589793 * 10000 ** (2 * i / body.dim) for i in range(pairs)]
    pos = min(1, body.length - 1)
    steps = [f"PE[{pos}, 0] = sin({pos}/10000^0) = {float(table[pos, 0]):.3f}",
             f"PE[{pos}, 1] = cos({pos}/10000^0) = {float(table[pos, 1]):.3f}"]
    return PositionalResult(matrix=table.tolist(), wavelengths=wavelengths, steps=steps)


explainer(Explainer(
    name="positional_encoding", title=t("Codificación posicional sinusoidal", "Sinusoidal positional encoding"),
    description=t("Cada posición recibe senos y cosenos de longitudes de onda crecientes.",
                  "Every position gets sines and cosines of growing wavelengths."),
    input=PositionalInput, output=PositionalResult, compute=positional, view="matrix"))
