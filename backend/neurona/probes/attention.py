"""Attention weights per head of any node that attends, for the pinned sequences; pre-softmax scores on request.

The weights are PyTorch's own: the node's `nn.MultiheadAttention` is called again with `need_weights=True,
average_attn_weights=False` on the query, key and value it received in the pinned samples' forward pass (in eval
mode, so without dropout), captured by a forward pre-hook removed right after. Nothing about training changes.
Positions are labelled the way a student reads them: token datasets by the symbols of the input tokens, vision
transformers as the class token and patches (row, column), anything else by position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import torch
from pydantic import Field

from ..i18n.messages import say
from ..layers.attention import Attention, PatchEmbed
from ..stream.frames import pack_float16
from .capture import evaluating
from .context import ProbeContext, Subject
from .registry import AppliesTo, Frame, ProbeOptions, ProbeType, register
from .watch import Watch, WatchProblem

# Per attending layer type: its attentions by name, each the submodule holding it ("" for the node's own module)
# and the input port its keys come from (queries come from port 0).
ATTENDING: dict[str, dict[str, tuple[str, int]]] = {
    "MultiHeadAttention": {"self": ("", 1)},
    "TransformerEncoderBlock": {"self": ("attention", 0)},
    "TransformerDecoderBlock": {"self": ("self_attention", 0), "cross": ("cross_attention", 1)},
}


class AttentionOptions(ProbeOptions):
    attention: Literal["self", "cross"] = Field("self", description="Which attention of the node: self, or cross "
                                                "(a decoder block's attention to the encoder's memory).")
    scores: bool = Field(False, description="Send the scores Q·Kᵀ/√d before the softmax instead of the weights "
                         "(hidden keys of a causal mask are −∞).")


@dataclass(frozen=True)
class Patches:
    """Where a vision transformer's tokens come from: a rows × cols grid of patch × patch pixels."""

    rows: int
    cols: int
    patch: int
    class_token: bool

    def labels(self) -> list[str]:
        grid = [f"{r + 1},{c + 1}" for r in range(self.rows) for c in range(self.cols)]
        return ["CLS", *grid] if self.class_token else grid

    def as_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "cols": self.cols, "patch": self.patch, "class_token": self.class_token}


def chosen_attention(ctx: ProbeContext, node: str, which: str) -> tuple[Attention, int]:
    path, key_port = ATTENDING[ctx.subject.nodes[node].layer][which]
    attention = ctx.node_module(node).get_submodule(path)
    assert isinstance(attention, Attention)
    return attention, key_port


def check_attention(subject: Subject, node: str | None, opts: ProbeOptions) -> WatchProblem | None:
    assert node is not None and isinstance(opts, AttentionOptions)
    held = ATTENDING[subject.nodes[node].layer]
    if opts.attention in held:
        return None
    return WatchProblem(say("no_such_attention", node=node, attention=opts.attention, held=", ".join(held)),
                        "options.attention")


def _sources(ctx: ProbeContext) -> dict[str, tuple[str, ...]]:
    return {node: tuple(sources) for node, sources in ctx.model.steps}


def _origin(ctx: ProbeContext, node: str) -> str:
    """The first node up the first-input chain that says what positions are: a PatchEmbed or the Input."""
    sources = _sources(ctx)
    while node in sources and not isinstance(ctx.model.layers[node], PatchEmbed):
        node = sources[node][0]
    return node


def position_labels(ctx: ProbeContext, source: str, length: int, samples: tuple[int, ...]) -> list[list[str]]:
    """Per sample, a label for each of `length` positions of the sequence coming out of node `source`."""
    origin = _origin(ctx, source)
    patches = patches_of(ctx, origin)
    if patches is not None and len(patches.labels()) == length:
        return [patches.labels() for _ in samples]
    tokens = ctx.data.x_test[list(samples)]
    if origin == ctx.model.input_id and ctx.data.kind.tokens and tokens.shape[-1] == length:
        symbols = ctx.data.symbols
        return [[symbols[t] if t < len(symbols) else str(t) for t in row] for row in tokens.tolist()]
    return [[str(i) for i in range(length)] for _ in samples]


def patches_of(ctx: ProbeContext, origin: str) -> Patches | None:
    module = ctx.model.layers[origin] if origin in ctx.model.layers else None  # noqa: SIM401  (a ModuleDict)
    if not isinstance(module, PatchEmbed):
        return None
    side = module.project.kernel_size[0]
    _, height, width = ctx.data.x_test.shape[1:]
    return Patches(height // side, width // side, side, module.class_token is not None)


def attention_inputs(ctx: ProbeContext, attention: Attention, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """The (query, key, value) the attention received when the model ran on `x`."""
    seen: list[tuple[torch.Tensor, ...]] = []
    handle = attention.register_forward_pre_hook(lambda _m, args: seen.append(tuple(a.detach() for a in args)))
    try:
        with evaluating(ctx.model):
            ctx.model(x)
    finally:
        handle.remove()
    return seen[-1]


def head_weights(attention: Attention, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
    """(S, H, Q, K) attention weights per head, as nn.MultiheadAttention computes them."""
    with torch.no_grad():
        _, weights = attention.mha(query, key, value, attn_mask=attention.mask(query, key), need_weights=True,
                                   average_attn_weights=False)
    return weights


def head_scores(attention: Attention, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
    """(S, H, Q, K) scores Q·Kᵀ/√d per head before the softmax, from the module's own projections."""
    mha = attention.mha
    dim, heads = mha.embed_dim, mha.num_heads
    if mha.in_proj_weight is not None:
        w_q, w_k = mha.in_proj_weight[:dim], mha.in_proj_weight[dim: 2 * dim]
    else:
        w_q, w_k = mha.q_proj_weight, mha.k_proj_weight
    b_q, b_k = (mha.in_proj_bias[:dim], mha.in_proj_bias[dim: 2 * dim]) if mha.in_proj_bias is not None else (None,
                                                                                                             None)
    with torch.no_grad():
        q = torch.nn.functional.linear(query, w_q, b_q)
        k = torch.nn.functional.linear(key, w_k, b_k)
        per_head = dim // heads
        q = q.unflatten(-1, (heads, per_head)).transpose(1, 2)  # (S, H, Q, d)
        k = k.unflatten(-1, (heads, per_head)).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(per_head)
        mask = attention.mask(query, key)
        return scores.masked_fill(mask, -math.inf) if mask is not None else scores


def attention_probe(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    assert watch.node is not None
    opts = AttentionOptions.model_validate(watch.options)
    attention, key_port = chosen_attention(ctx, watch.node, opts.attention)
    query, key, value = attention_inputs(ctx, attention, ctx.test_inputs(watch.samples))
    values = head_scores(attention, query, key) if opts.scores else head_weights(attention, query, key, value)
    sources = _sources(ctx)[watch.node]
    query_source, key_source = sources[0], sources[min(key_port, len(sources) - 1)]
    patches = patches_of(ctx, _origin(ctx, query_source))
    held = list(ATTENDING[ctx.subject.nodes[watch.node].layer])
    return [pack_float16(
        "attention", values.float().cpu().numpy(), samples=list(watch.samples), attention=opts.attention,
        attentions=held, scores=opts.scores, heads=attention.mha.num_heads, causal=attention.causal,
        query_labels=position_labels(ctx, query_source, query.shape[1], watch.samples),
        key_labels=position_labels(ctx, key_source, key.shape[1], watch.samples),
        patches=patches.as_json() if patches is not None else None, input_node=ctx.model.input_id)]


register(ProbeType(
    name="attention", title="Attention",
    description="How much each position attends to every other, per head, for the pinned sequences: a heatmap "
                "per head with the tokens on both axes (queries down, keys across), or the scores before the "
                "softmax. On a vision transformer the class token's attention over the patches lies on the image.",
    scope="node", compute=attention_probe, dtypes=("float16",), options=AttentionOptions,
    applies_to=AppliesTo(layers=tuple(ATTENDING)), uses_samples=True, check=check_attention))
