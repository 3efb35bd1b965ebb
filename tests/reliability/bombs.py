"""Models small in parameters whose activations would take the server's memory: each passes a check that counts
only the training batch, and must be refused at start by one that counts every pass."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

DIGITS_28 = {"name": "digits", "options": {"resolution": 28, "size": 200}}
CIRCLE = {"name": "circle", "options": {"size": 100}}


def _chain(*nodes: tuple[str, str, dict[str, Any]], output: str) -> dict[str, Any]:
    ids = [n[0] for n in nodes]
    return {"nodes": [{"id": i, "type": t, "params": p} for i, t, p in nodes],
            "edges": [{"source": a, "target": b} for a, b in pairwise(ids)], "output": output}


# (name, graph, dataset, batch_size, the pass the refusal must name)
BOMBS: list[tuple[str, dict[str, Any], dict[str, Any], int, str]] = [
    ("wide conv (evaluation pass)", _chain(
        ("in", "Input", {}), ("c1", "Conv2d", {"out_channels": 4096, "kernel_size": 31, "padding": "same"}),
        ("c2", "Conv2d", {"out_channels": 1, "kernel_size": 31, "padding": "same"}), ("flat", "Flatten", {}),
        ("out", "Linear", {"out_features": 10}), output="out"), DIGITS_28, 10, "measuring the loss"),
    ("ViT patch 1, 64 heads (attention maps)", _chain(
        ("in", "Input", {}), ("patch", "PatchEmbed", {"patch_size": 1, "embed_dim": 64}),
        ("enc", "TransformerEncoderBlock", {"num_heads": 64, "mlp_dim": 64}),
        ("cls", "SequencePool", {"mode": "first"}), ("out", "Linear", {"out_features": 10}), output="out"),
        DIGITS_28, 64, "training at batch 64"),
    ("Repeat 4096 × Repeat 2048 (evaluation pass)", _chain(
        ("in", "Input", {}), ("r1", "Repeat", {"times": 4096}), ("r2", "Repeat", {"times": 2048}),
        ("flat", "Flatten", {}), ("out", "Linear", {"out_features": 1}), output="out"), CIRCLE, 1,
        "of activations for"),
    ("Repeat 4096 × Repeat 8 (fits training and evaluation, not the boundary)", _chain(
        ("in", "Input", {}), ("r1", "Repeat", {"times": 4096}), ("r2", "Repeat", {"times": 8}),
        ("flat", "Flatten", {}), ("out", "Linear", {"out_features": 1}), output="out"),
        {"name": "circle", "options": {"size": 500}}, 10, "decision boundary (48×48 points)"),
]
