"""Sequence layers. A sequence is length × features without the batch (batch-first inside PyTorch); token ids
are a 1-D sequence of integers, which Embedding turns into length × embedding_dim."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import torch
from pydantic import Field
from torch import nn

from ..i18n.messages import Said, say
from .registry import BuildFn, InferFn, LayerParams, LayerType, Shape, ShapeError, Source, register
from .rules import expect_rank


def expect_sequence(layer: str | Said, shape: Shape, hint: Said | None = None) -> None:
    expect_rank(layer, shape, (2,), say("layout_features"), hint or say("hint_embedding_first"))


# -- embeddings --------------------------------------------------------------------------------------------------
class Embedding(nn.Module):
    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.table = nn.Embedding(num_embeddings, embedding_dim)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.table(tokens.long())  # token datasets may arrive as floats; ids are whole numbers either way


class EmbeddingParams(LayerParams):
    num_embeddings: int = Field(100, ge=1, le=1_000_000, description="Vocabulary size: token ids run from 0 to "
                                "this minus 1.")
    embedding_dim: int = Field(16, ge=1, le=4096, description="Length of the learned vector for each token.")


register(LayerType(
    name="Embedding", category="sequence", params=EmbeddingParams,
    description="Looks up a learned vector for each token id (length → length × embedding_dim).",
    infer=lambda p, s: (*s[0], p.embedding_dim),
    build=lambda p, _s: Embedding(p.num_embeddings, p.embedding_dim),
    source=Source("Embedding({{ p.num_embeddings }}, {{ p.embedding_dim }})", (Embedding,)),
))


def sinusoids(length: int, dim: int) -> torch.Tensor:
    """The fixed encodings of 'Attention is all you need': sin on even features, cos on odd, at many scales."""
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    rate = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros(length, dim)
    table[:, 0::2] = torch.sin(position * rate)
    table[:, 1::2] = torch.cos(position * rate[: dim // 2])
    return table


class PositionalEncoding(nn.Module):
    def __init__(self, kind: str, max_len: int, dim: int):
        super().__init__()
        self.kind = kind
        if kind == "learned":
            self.table = nn.Parameter(torch.randn(max_len, dim) * 0.02)
        else:  # a buffer: moves with the model but is not trained or counted
            self.register_buffer("table", sinusoids(max_len, dim), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.table[: x.shape[1]]

    def extra_repr(self) -> str:
        return f"kind={self.kind}"


class PositionalEncodingParams(LayerParams):
    kind: Literal["sinusoidal", "learned"] = Field("sinusoidal", description="sinusoidal: fixed waves, no "
                                                   "weights; learned: one trained vector per position.")
    max_len: int = Field(512, ge=1, le=8192, description="Longest sequence it can encode.")


def _positional_shape(p: PositionalEncodingParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_sequence("PositionalEncoding", shape, say("hint_after_embedding"))
    if shape[0] > p.max_len:
        raise ShapeError(say("max_len_short", positions=shape[0], max_len=p.max_len), "max_len")
    return shape


register(LayerType(
    name="PositionalEncoding", category="sequence", params=PositionalEncodingParams,
    description="Adds a vector that depends on each position, so attention (which ignores order) can tell "
                "first from last.",
    infer=_positional_shape, build=lambda p, s: PositionalEncoding(p.kind, p.max_len, s[0][1]),
    source=Source("PositionalEncoding({{ p.kind | py }}, {{ p.max_len }}, {{ s[0][1] }})",
                  (sinusoids, PositionalEncoding)),
))


# -- recurrent ---------------------------------------------------------------------------------------------------
class Recurrent(nn.Module):
    """Runs an RNN/LSTM/GRU and returns the whole output sequence or the final state only (one tensor)."""

    def __init__(self, rnn: nn.RNNBase, last: bool):
        super().__init__()
        self.rnn = rnn
        self.last = last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, state = self.rnn(x)
        if not self.last:
            return out
        h = state[0] if isinstance(state, tuple) else state  # an LSTM's state is (h, c)
        directions = 2 if self.rnn.bidirectional else 1
        # The top layer's final state in each direction: the backward one has read the whole sequence too.
        return torch.cat(list(h[-directions:]), dim=-1)


class RecurrentParams(LayerParams):
    hidden_size: int = Field(32, ge=1, le=4096, description="Size of the hidden state carried from step to step.")
    num_layers: int = Field(1, ge=1, le=8, description="Recurrent layers stacked, each reading the one below.")
    bidirectional: bool = Field(False, description="Also read the sequence backwards; doubles the output features.")
    output: Literal["sequence", "last"] = Field("sequence", description="sequence: the state at every step "
                                                "(length × features); last: the final state only (features).")
    dropout: float = Field(0.0, ge=0.0, lt=1.0, description="Dropout between stacked layers (needs num_layers ≥ 2).")


class RNNParams(RecurrentParams):
    nonlinearity: Literal["tanh", "relu"] = Field("tanh", description="Activation of the hidden state.")


def _recurrent_infer(layer: str) -> InferFn:
    def infer(p: RecurrentParams, inputs: Sequence[Shape]) -> Shape:
        (shape,) = inputs
        expect_sequence(layer, shape)
        if p.dropout and p.num_layers == 1:
            raise ShapeError(say("dropout_needs_layers"), "dropout")
        width = p.hidden_size * (2 if p.bidirectional else 1)
        return (width,) if p.output == "last" else (shape[0], width)
    return infer


def _recurrent_build(kind: type[nn.RNNBase]) -> BuildFn:
    def build(p: RecurrentParams, inputs: Sequence[Shape]) -> nn.Module:
        extra: dict[str, Any] = {"nonlinearity": p.nonlinearity} if isinstance(p, RNNParams) else {}
        rnn = kind(inputs[0][1], p.hidden_size, num_layers=p.num_layers,  # type: ignore[arg-type]
                   bidirectional=p.bidirectional, dropout=p.dropout, batch_first=True, **extra)
        return Recurrent(rnn, p.output == "last")
    return build


def _recurrent_source(name: str, params: type[RecurrentParams]) -> Source:
    extra = ", nonlinearity={{ p.nonlinearity | py }}" if issubclass(params, RNNParams) else ""
    return Source(f"Recurrent(nn.{name}({{{{ s[0][1] }}}}, {{{{ p.hidden_size }}}}, num_layers={{{{ p.num_layers }}}}, "
                  "bidirectional={{ p.bidirectional }}, dropout={{ p.dropout }}, batch_first=True" + extra +
                  "), last={{ p.output == 'last' }})", (Recurrent,))


def _register_recurrent(kind: type[nn.RNNBase], params: type[RecurrentParams], description: str) -> None:
    name = kind.__name__
    register(LayerType(name=name, category="sequence", params=params, description=description,
                       infer=_recurrent_infer(name), build=_recurrent_build(kind),
                       source=_recurrent_source(name, params)))


_register_recurrent(nn.RNN, RNNParams, "The plain recurrent network: a hidden state updated from each step's "
                    "input and the previous state. Forgets quickly over long sequences.")
_register_recurrent(nn.LSTM, RecurrentParams, "Long short-term memory: gates decide what to keep, forget and "
                    "output, so information survives many steps.")
_register_recurrent(nn.GRU, RecurrentParams, "Gated recurrent unit: an LSTM simplified to two gates, often "
                    "just as good with fewer weights.")


# -- per-step heads and pooling ----------------------------------------------------------------------------------
class TokenLinearParams(LayerParams):
    out_features: int = Field(8, ge=1, le=65536, description="Output features at every position.")
    bias: bool = Field(True, description="Add a learned bias to each output feature.")


def _token_linear_shape(p: TokenLinearParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_rank("TokenLinear", shape, (2, 3), say("layout_features"), say("hint_use_linear"))
    return (*shape[:-1], p.out_features)


register(LayerType(
    name="TokenLinear", category="sequence", params=TokenLinearParams,
    description="The same fully connected layer applied at every position (length × F → length × out_features): "
                "the per-token output head of sequence models.",
    infer=_token_linear_shape, build=lambda p, s: nn.Linear(s[0][-1], p.out_features, bias=p.bias),
    source=Source("nn.Linear({{ s[0][-1] }}, {{ p.out_features }}, bias={{ p.bias }})"),
))


class SequencePool(nn.Module):
    def __init__(self, mode: str):
        super().__init__()
        self.mode = mode

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.mode == "first":
            return x[:, 0]
        if self.mode == "last":
            return x[:, -1]
        return x.mean(1) if self.mode == "mean" else x.amax(1)

    def extra_repr(self) -> str:
        return f"mode={self.mode}"


class SequencePoolParams(LayerParams):
    mode: Literal["first", "last", "mean", "max"] = Field("mean", description="first: the class token of a ViT or "
                                                          "BERT; last: the final step; mean/max over all positions.")


def _pool_shape(_p: SequencePoolParams, inputs: Sequence[Shape]) -> Shape:
    (shape,) = inputs
    expect_sequence("SequencePool", shape, say("hint_summarises_sequence"))
    return (shape[1],)


register(LayerType(
    name="SequencePool", category="sequence", params=SequencePoolParams,
    description="Summarises a sequence into one vector (length × F → F), e.g. before a classifier's Linear.",
    infer=_pool_shape, build=lambda p, _s: SequencePool(p.mode),
    source=Source("SequencePool({{ p.mode | py }})", (SequencePool,)),
))
