"""Attention and transformer layers. Sequences are length × features without the batch.

Every module here that attends keeps its last attention weights (batch × heads × queries × keys, detached) in
`last_attention` (decoder blocks also `last_cross_attention`), so a probe can read them after a forward pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import torch
from pydantic import Field
from torch import nn

from ..i18n.messages import Said, say
from .registry import LayerParams, LayerType, Shape, ShapeError, Source, register
from .rules import divisors, expect_channels, size
from .sequence import expect_sequence


def _check_heads(dim: int, heads: int) -> None:
    if dim % heads:
        choices = ", ".join(map(str, [1, *divisors(dim, 4)]))
        raise ShapeError(say("heads_indivisible", dim=dim, heads=heads, choices=choices), "num_heads")


class Attention(nn.Module):
    """Multi-head attention (batch-first) that remembers its last weights."""

    def __init__(self, dim: int, heads: int, kdim: int, vdim: int, dropout: float, bias: bool, causal: bool):
        super().__init__()
        self.mha = nn.MultiheadAttention(dim, heads, dropout=dropout, bias=bias, kdim=kdim, vdim=vdim,
                                         batch_first=True)
        self.causal = causal
        self.last_attention: torch.Tensor | None = None

    def mask(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor | None:
        """True hides a key: with `causal`, query i sees keys 0..i."""
        if not self.causal:
            return None
        return torch.ones(query.shape[1], key.shape[1], dtype=torch.bool, device=query.device).triu(1)

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        out, weights = self.mha(query, key, value, attn_mask=self.mask(query, key), need_weights=True,
                                average_attn_weights=False)
        self.last_attention = weights.detach()
        return out


class HeadsParams(LayerParams):
    num_heads: int = Field(2, ge=1, le=64, description="Parallel attention heads; each works on "
                           "features / num_heads of the embedding, which must divide evenly.")
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="Dropout on the attention weights while training.")


class AttentionParams(HeadsParams):
    causal: bool = Field(False, description="Each position attends only to itself and earlier ones, as when "
                         "generating text left to right.")
    bias: bool = Field(True, description="Add learned biases to the query, key, value and output projections.")


def _attention_shape(p: AttentionParams, inputs: Sequence[Shape]) -> Shape:
    query, key, value = inputs
    for port, shape in zip(("query", "key", "value"), inputs, strict=True):
        expect_sequence(say("port_of", layer="MultiHeadAttention", port=port), shape)
    if key[0] != value[0]:
        raise ShapeError(say("key_value_lengths", keys=key[0], values=value[0]))
    _check_heads(query[1], p.num_heads)
    return query


def _attention_scratch(heads: int, queries: int, keys: int, dim: int) -> int:
    """Scores and softmax weights (heads × queries × keys each), kept for the backward pass and the probe, and the
    query, key, value and mixed projections."""
    return 2 * heads * queries * keys + 4 * queries * dim


register(LayerType(
    name="MultiHeadAttention", category="attention", params=AttentionParams, ports=("query", "key", "value"),
    description="Each query position takes a weighted mix of the values, weighted by how well its query matches "
                "each key. Connect one node to all three ports for self-attention.",
    infer=_attention_shape,
    scratch=lambda p, s: _attention_scratch(p.num_heads, s[0][0], s[1][0], s[0][1]),
    build=lambda p, s: Attention(s[0][1], p.num_heads, s[1][1], s[2][1], p.dropout, p.bias, p.causal),
    source=Source("Attention({{ s[0][1] }}, {{ p.num_heads }}, kdim={{ s[1][1] }}, vdim={{ s[2][1] }}, "
                  "dropout={{ p.dropout }}, bias={{ p.bias }}, causal={{ p.causal }})", (Attention,)),
))


# -- transformer blocks ------------------------------------------------------------------------------------------
class Residual(nn.Module):
    """x + f(x), with a LayerNorm before f (pre-norm) or after the sum (post-norm, the original transformer)."""

    def __init__(self, dim: int, pre: bool, dropout: float):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.pre = pre
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, f: Callable[[torch.Tensor], torch.Tensor]) -> torch.Tensor:
        if self.pre:
            return x + self.drop(f(self.norm(x)))
        return self.norm(x + self.drop(f(x)))


class BlockParams(HeadsParams):
    mlp_dim: int = Field(64, ge=1, le=16384, description="Hidden width of the feed-forward MLP after attention "
                         "(often 4 × the features).")
    activation: Literal["gelu", "relu"] = Field("gelu", description="Activation inside the MLP.")
    norm: Literal["pre", "post"] = Field("pre", description="pre: LayerNorm before attention and MLP (trains "
                                         "stably); post: LayerNorm after each residual sum (the original design).")


class EncoderBlockParams(BlockParams):
    causal: bool = Field(False, description="Each position attends only to itself and earlier ones "
                         "(a decoder-only, GPT-style block).")


class DecoderBlockParams(BlockParams):
    causal: bool = Field(True, description="Self-attention sees only earlier positions, so the decoder cannot "
                         "peek at the tokens it must predict.")


def _mlp(dim: int, hidden: int, activation: str, dropout: float) -> nn.Sequential:
    act = nn.GELU() if activation == "gelu" else nn.ReLU()
    return nn.Sequential(nn.Linear(dim, hidden), act, nn.Dropout(dropout), nn.Linear(hidden, dim))


class EncoderBlock(nn.Module):
    def __init__(self, dim: int, num_heads: int, mlp_dim: int, activation: str, dropout: float, norm: str,
                 causal: bool):
        super().__init__()
        pre = norm == "pre"
        self.attention = Attention(dim, num_heads, dim, dim, dropout, True, causal)
        self.mlp = _mlp(dim, mlp_dim, activation, dropout)
        self.around_attention, self.around_mlp = Residual(dim, pre, dropout), Residual(dim, pre, dropout)

    @property
    def last_attention(self) -> torch.Tensor | None:
        return self.attention.last_attention

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.around_attention(x, lambda h: self.attention(h, h, h))
        return self.around_mlp(x, self.mlp)


class DecoderBlock(nn.Module):
    def __init__(self, dim: int, memory_dim: int, num_heads: int, mlp_dim: int, activation: str, dropout: float,
                 norm: str, causal: bool):
        super().__init__()
        pre = norm == "pre"
        self.self_attention = Attention(dim, num_heads, dim, dim, dropout, True, causal)
        self.cross_attention = Attention(dim, num_heads, memory_dim, memory_dim, dropout, True, False)
        self.mlp = _mlp(dim, mlp_dim, activation, dropout)
        self.around_self, self.around_cross, self.around_mlp = (Residual(dim, pre, dropout) for _ in range(3))

    @property
    def last_attention(self) -> torch.Tensor | None:
        return self.self_attention.last_attention

    @property
    def last_cross_attention(self) -> torch.Tensor | None:
        return self.cross_attention.last_attention

    def forward(self, x: torch.Tensor, memory: torch.Tensor) -> torch.Tensor:
        x = self.around_self(x, lambda h: self.self_attention(h, h, h))
        x = self.around_cross(x, lambda h: self.cross_attention(h, memory, memory))
        return self.around_mlp(x, self.mlp)


def _encoder_shape(p: EncoderBlockParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_sequence("TransformerEncoderBlock", shape)
    _check_heads(shape[1], p.num_heads)
    return shape


def _decoder_shape(p: DecoderBlockParams, inputs: Sequence[Shape]) -> Shape:
    shape, memory = inputs
    expect_sequence("TransformerDecoderBlock", shape)
    expect_sequence(say("port_of", layer="TransformerDecoderBlock", port="memory"), memory,
                    say("hint_encoder_output"))
    _check_heads(shape[1], p.num_heads)
    return shape


def _block_scratch(p: BlockParams, shape: Shape) -> int:
    """The MLP's hidden units before and after the activation, and the norms and residual sums around them."""
    length, dim = shape
    return 2 * length * p.mlp_dim + 4 * length * dim


register(LayerType(
    name="TransformerEncoderBlock", category="attention", params=EncoderBlockParams,
    description="Self-attention then a feed-forward MLP, each wrapped in a residual connection and LayerNorm. "
                "Keeps the shape (length × features), so blocks stack.",
    infer=_encoder_shape,
    scratch=lambda p, s: _attention_scratch(p.num_heads, s[0][0], s[0][0], s[0][1]) + _block_scratch(p, s[0]),
    build=lambda p, s: EncoderBlock(s[0][1], p.num_heads, p.mlp_dim, p.activation, p.dropout, p.norm, p.causal),
    source=Source("EncoderBlock({{ s[0][1] }}, num_heads={{ p.num_heads }}, mlp_dim={{ p.mlp_dim }}, "
                  "activation={{ p.activation | py }}, dropout={{ p.dropout }}, norm={{ p.norm | py }}, "
                  "causal={{ p.causal }})", (Attention, Residual, _mlp, EncoderBlock)),
))
register(LayerType(
    name="TransformerDecoderBlock", category="attention", params=DecoderBlockParams, ports=("in", "memory"),
    description="Masked self-attention, then cross-attention to the encoder's output (memory), then an MLP; each "
                "with a residual connection and LayerNorm.",
    infer=_decoder_shape,
    scratch=lambda p, s: (_attention_scratch(p.num_heads, s[0][0], s[0][0], s[0][1])
                          + _attention_scratch(p.num_heads, s[0][0], s[1][0], s[0][1]) + _block_scratch(p, s[0])),
    build=lambda p, s: DecoderBlock(s[0][1], s[1][1], p.num_heads, p.mlp_dim, p.activation, p.dropout, p.norm,
                                    p.causal),
    source=Source("DecoderBlock({{ s[0][1] }}, {{ s[1][1] }}, num_heads={{ p.num_heads }}, mlp_dim={{ p.mlp_dim }}, "
                  "activation={{ p.activation | py }}, dropout={{ p.dropout }}, norm={{ p.norm | py }}, "
                  "causal={{ p.causal }})", (Attention, Residual, _mlp, DecoderBlock)),
))


# -- vision transformer ------------------------------------------------------------------------------------------
class PatchEmbed(nn.Module):
    def __init__(self, channels: int, dim: int, patch: int, class_token: bool):
        super().__init__()
        self.project = nn.Conv2d(channels, dim, patch, stride=patch)  # one linear map per patch, no overlap
        if class_token:
            self.class_token = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        else:
            self.register_parameter("class_token", None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.project(x).flatten(2).transpose(1, 2)
        if self.class_token is None:
            return tokens
        return torch.cat((self.class_token.expand(x.shape[0], -1, -1), tokens), dim=1)


class PatchEmbedParams(LayerParams):
    patch_size: int = Field(4, ge=1, le=64, description="Side of each square patch; the image's height and "
                            "width must be multiples of it.")
    embed_dim: int = Field(32, ge=1, le=4096, description="Length of each patch's vector: the transformer's width.")
    class_token: bool = Field(True, description="Prepend a learned class token whose final state summarises the "
                              "image (read it with SequencePool mode first).")


def _patch_count(p: PatchEmbedParams, shape: Shape) -> int:
    _c, h, w = shape
    return (h // p.patch_size) * (w // p.patch_size)


def _patch_shape(p: PatchEmbedParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_channels("PatchEmbed", shape)
    _c, h, w = shape
    if h % p.patch_size or w % p.patch_size:
        common = [d for d in divisors(h, 99) if w % d == 0][:4]
        hint = say("for_example", choices=", ".join(map(str, common))) if common else say("only_one_divides")
        raise ShapeError(say("patches_do_not_fit", size=size((h, w)), patch=p.patch_size, height=h, width=w,
                             hint=hint), "patch_size")
    return (_patch_count(p, shape) + int(p.class_token), p.embed_dim)


def _patch_explain(p: PatchEmbedParams, inputs: Sequence[Shape]) -> list[str | Said]:
    _c, h, w = inputs[0]
    n = _patch_count(p, inputs[0])
    line = say("explain_patches", height=h, width=w, patch=p.patch_size, count=n)
    tokens = say("explain_class_token", patches=line, total=n + 1) if p.class_token else line
    return [tokens, say("explain_features", dim=p.embed_dim)]


register(LayerType(
    name="PatchEmbed", category="attention", params=PatchEmbedParams,
    description="Cuts an image into square patches and maps each to a vector (C×H×W → patches × embed_dim), "
                "optionally after a class token: the input of a vision transformer.",
    infer=_patch_shape, explain=_patch_explain,
    build=lambda p, s: PatchEmbed(s[0][0], p.embed_dim, p.patch_size, p.class_token),
    source=Source("PatchEmbed({{ s[0][0] }}, {{ p.embed_dim }}, patch={{ p.patch_size }}, "
                  "class_token={{ p.class_token }})", (PatchEmbed,)),
))
