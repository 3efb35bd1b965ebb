"""Every layer type against PyTorch: random valid parameters and input shapes give a module whose real output shape
and parameter count equal the declared rule's, and every invalid combination gives a precise, actionable error."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn

from neurona.i18n import LANGUAGES
from neurona.i18n.messages import render
from neurona.layers import LAYERS, ShapeError
from neurona.layers.registry import CATEGORY_ORDER
from neurona.spec import GraphSpec, analyze

Shape = tuple[int, ...]
BATCH = 2


@dataclass(frozen=True)
class Example:
    """One draw: parameters, input shapes (one per port) and, for token inputs, the vocabulary size."""

    params: dict[str, Any]
    shapes: list[Shape]
    tokens: int = 0


# -- building blocks for the strategies --------------------------------------------------------------------------
small = st.integers(1, 4)
any_shape = st.lists(small, min_size=1, max_size=3).map(tuple)
vector = st.integers(1, 6).map(lambda n: (n,))
sequence = st.tuples(st.integers(1, 5), st.integers(1, 6))
unit = st.floats(0.0, 0.9, allow_nan=False)


def image(channels: st.SearchStrategy[int] = small, least: int = 1) -> st.SearchStrategy[Shape]:
    side = st.integers(least, least + 6)
    return st.tuples(channels, side, side)


def unary(shapes: st.SearchStrategy[Shape] = any_shape, **params: st.SearchStrategy[Any]) -> st.SearchStrategy:
    return st.builds(lambda s, p: Example(p, [s]), shapes, st.fixed_dictionaries(params))


@st.composite
def softmax(draw: st.DrawFn) -> Example:
    shape = draw(any_shape)
    return Example({"dim": draw(st.integers(-len(shape), len(shape) - 1))}, [shape])


@st.composite
def broadcastable(draw: st.DrawFn) -> Example:
    a = draw(any_shape)
    b = tuple(draw(st.sampled_from([n, 1])) for n in a)
    return Example({}, [a, b] if draw(st.booleans()) else [b, a])


@st.composite
def concat(draw: st.DrawFn) -> Example:
    a = draw(any_shape)
    axis = draw(st.integers(-len(a), len(a) - 1))
    b = list(a)
    b[axis] = draw(small)
    return Example({"axis": axis}, [a, tuple(b)])


@st.composite
def conv(draw: st.DrawFn, nd: int) -> Example:
    groups, kernel, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 2))
    same = draw(st.booleans())
    stride = 1 if same else draw(st.integers(1, 3))
    padding = "same" if same else draw(st.integers(0, 2))
    reach = dilation * (kernel - 1) + 1
    least = max(1, reach - 2 * (0 if same else padding))
    spatial = tuple(draw(st.integers(least, least + 5)) for _ in range(nd))
    params = {"out_channels": groups * draw(small), "kernel_size": kernel, "stride": stride, "padding": padding,
              "dilation": dilation, "groups": groups, "bias": draw(st.booleans())}
    return Example(params, [(groups * draw(small), *spatial)])


@st.composite
def conv_transpose(draw: st.DrawFn) -> Example:
    groups, kernel, dilation, stride = (draw(st.integers(1, n)) for n in (2, 4, 2, 3))
    output_padding = draw(st.integers(0, max(stride, dilation) - 1))
    padding = draw(st.integers(0, min(2, (dilation * (kernel - 1) + output_padding) // 2)))
    params = {"out_channels": groups * draw(small), "kernel_size": kernel, "stride": stride, "padding": padding,
              "output_padding": output_padding, "dilation": dilation, "groups": groups, "bias": draw(st.booleans())}
    return Example(params, [(groups * draw(small), draw(st.integers(1, 5)), draw(st.integers(1, 5)))])


@st.composite
def pool_window(draw: st.DrawFn, dilation: bool) -> tuple[dict[str, Any], int]:
    """Pool parameters and the smallest side they fit."""
    kernel = draw(st.integers(1, 3))
    params: dict[str, Any] = {"kernel_size": kernel, "stride": draw(st.none() | st.integers(1, 3)),
                              "padding": draw(st.integers(0, kernel // 2))}
    reach = kernel
    if dilation:
        params["dilation"] = draw(st.integers(1, 2))
        reach = params["dilation"] * (kernel - 1) + 1
    # A dilated window must not sit wholly in the padding (its max would be −∞), so it gets a full-size input.
    return params, reach if params.get("dilation", 1) > 1 else max(1, reach - 2 * params["padding"])


@st.composite
def pool(draw: st.DrawFn, dilation: bool) -> Example:
    params, least = draw(pool_window(dilation))
    return Example(params, [draw(image(least=least))])


@st.composite
def unpool(draw: st.DrawFn) -> Example:
    params, least = draw(pool_window(False))
    skip = draw(image(least=least))
    k, s, p = params["kernel_size"], params["stride"] or params["kernel_size"], params["padding"]
    pooled = tuple((n + 2 * p - k) // s + 1 for n in skip[1:])
    return Example(params, [(skip[0], *pooled), skip])


@st.composite
def layer_norm(draw: st.DrawFn) -> Example:
    shape = draw(any_shape)
    return Example({"axes": draw(st.integers(1, len(shape))), "affine": draw(st.booleans())}, [shape])


@st.composite
def reshape(draw: st.DrawFn) -> Example:
    shape = draw(any_shape)
    total = math.prod(shape)
    d = draw(st.sampled_from([n for n in range(1, total + 1) if total % n == 0]))
    target = draw(st.sampled_from([[total], [d, total // d], [-1, d], [d, -1, 1], [-1]]))
    return Example({"shape": target}, [shape])


@st.composite
def permute(draw: st.DrawFn) -> Example:
    shape = draw(any_shape)
    return Example({"dims": draw(st.permutations(range(len(shape))))}, [shape])


@st.composite
def embedding(draw: st.DrawFn) -> Example:
    vocab = draw(st.integers(1, 20))
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=2).map(tuple))
    return Example({"num_embeddings": vocab, "embedding_dim": draw(st.integers(1, 8))}, [shape], tokens=vocab)


@st.composite
def positional(draw: st.DrawFn) -> Example:
    length, dim = draw(sequence)
    params = {"kind": draw(st.sampled_from(["sinusoidal", "learned"])), "max_len": length + draw(st.integers(0, 4))}
    return Example(params, [(length, dim)])


@st.composite
def recurrent(draw: st.DrawFn, rnn: bool) -> Example:
    layers = draw(st.integers(1, 2))
    params = {"hidden_size": draw(st.integers(1, 6)), "num_layers": layers, "bidirectional": draw(st.booleans()),
              "output": draw(st.sampled_from(["sequence", "last"])), "dropout": 0.3 if layers > 1 else 0.0}
    if rnn:
        params["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    return Example(params, [draw(sequence)])


@st.composite
def heads(draw: st.DrawFn) -> tuple[int, int]:
    """num_heads and an embedding width it divides."""
    n = draw(st.integers(1, 3))
    return n, n * draw(st.integers(1, 4))


@st.composite
def attention(draw: st.DrawFn) -> Example:
    num_heads, dim = draw(heads())
    key_len = draw(st.integers(1, 5))
    params = {"num_heads": num_heads, "causal": draw(st.booleans()), "dropout": draw(st.sampled_from([0.0, 0.1])),
              "bias": draw(st.booleans())}
    shapes = [(draw(st.integers(1, 5)), dim), (key_len, draw(st.integers(1, 6))), (key_len, draw(st.integers(1, 6)))]
    return Example(params, shapes)


@st.composite
def block(draw: st.DrawFn, decoder: bool) -> Example:
    num_heads, dim = draw(heads())
    params = {"num_heads": num_heads, "mlp_dim": draw(st.integers(1, 16)), "causal": draw(st.booleans()),
              "activation": draw(st.sampled_from(["gelu", "relu"])), "norm": draw(st.sampled_from(["pre", "post"])),
              "dropout": draw(st.sampled_from([0.0, 0.1]))}
    shapes = [(draw(st.integers(1, 5)), dim)]
    if decoder:
        shapes.append(draw(sequence))
    return Example(params, shapes)


@st.composite
def patches(draw: st.DrawFn) -> Example:
    patch = draw(st.integers(1, 4))
    shape = (draw(small), patch * draw(st.integers(1, 3)), patch * draw(st.integers(1, 3)))
    params = {"patch_size": patch, "embed_dim": draw(st.integers(1, 8)), "class_token": draw(st.booleans())}
    return Example(params, [shape])


@st.composite
def sampling(draw: st.DrawFn) -> Example:
    shape = draw(any_shape)
    return Example({"sample_in_eval": draw(st.booleans())}, [shape, shape])


BATCHNORM = {"momentum": st.floats(0.01, 1.0), "affine": st.booleans()}

# One entry per layer type: adding a layer means adding its strategy here.
STRATEGIES: dict[str, st.SearchStrategy[Example]] = {
    "Input": unary(),
    "Linear": unary(vector, out_features=st.integers(1, 8), bias=st.booleans()),
    "Flatten": unary(),
    "Dropout": unary(p=unit),
    **{name: unary() for name in ("Sign", "Sigmoid", "Tanh", "ReLU", "GELU", "Identity")},
    "SignLinear": unary(slope=st.floats(0.1, 5.0)),
    "LeakyReLU": unary(negative_slope=st.floats(0.0, 1.0)),
    "Softmax": softmax(),
    "Add": broadcastable(),
    "Multiply": broadcastable(),
    "Concat": concat(),
    "Conv1d": conv(1),
    "Conv2d": conv(2),
    "ConvTranspose2d": conv_transpose(),
    "MaxPool2d": pool(dilation=True),
    "AvgPool2d": pool(dilation=False),
    "GlobalAvgPool": unary(st.one_of(image(), st.tuples(small, small))),
    "Upsample": unary(image(), scale_factor=st.integers(1, 3), mode=st.sampled_from(["nearest", "bilinear"])),
    "MaxUnpool2d": unpool(),
    "BatchNorm1d": unary(st.one_of(vector, st.tuples(small, small)), **BATCHNORM),
    "BatchNorm2d": unary(image(), **BATCHNORM),
    "LayerNorm": layer_norm(),
    "Dropout2d": unary(image(), p=unit),
    "Reshape": reshape(),
    "Permute": permute(),
    "Repeat": unary(times=st.integers(1, 4)),
    "Embedding": embedding(),
    "PositionalEncoding": positional(),
    "RNN": recurrent(rnn=True),
    "LSTM": recurrent(rnn=False),
    "GRU": recurrent(rnn=False),
    "TokenLinear": unary(sequence, out_features=st.integers(1, 6), bias=st.booleans()),
    "SequencePool": unary(sequence, mode=st.sampled_from(["first", "last", "mean", "max"])),
    "MultiHeadAttention": attention(),
    "TransformerEncoderBlock": block(decoder=False),
    "TransformerDecoderBlock": block(decoder=True),
    "PatchEmbed": patches(),
    "Sampling": sampling(),
}


def test_every_layer_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(LAYERS), "add a strategy for each new layer (and drop removed ones)"


def random_inputs(example: Example) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(1)
    if example.tokens:
        return [torch.randint(example.tokens, (BATCH, *s), generator=gen) for s in example.shapes]
    return [torch.randn(BATCH, *s, generator=gen) for s in example.shapes]


@pytest.mark.filterwarnings("ignore:Using padding='same'")
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_matches_torch(name: str) -> None:
    layer = LAYERS[name]

    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(STRATEGIES[name])
    def check(example: Example) -> None:
        params = layer.params.model_validate(example.params)
        shape = layer.infer(params, example.shapes)
        torch.manual_seed(0)
        module = layer.build(params, example.shapes)
        out = module(*random_inputs(example))
        assert tuple(out.shape) == (BATCH, *shape), (example, out.shape)
        assert torch.isfinite(out).all()
        matrices = sum(p.numel() for p in module.parameters() if p.dim() >= 2)
        assert layer.count_params(params, example.shapes) == (sum(p.numel() for p in module.parameters()), matrices)
        if layer.explain is not None:
            lines = layer.explain(params, example.shapes)
            assert lines and all(render(line, lang) for line in lines for lang in LANGUAGES)

    check()


# -- invalid combinations: the message says what is wrong and what to change --------------------------------------
INVALID: list[tuple[str, dict[str, Any], list[Shape], str, str | None]] = [
    ("Linear", {}, [(3, 4, 5)], "Linear takes a flat vector but gets a 3-D tensor [3, 4, 5]; add a Flatten", None),
    ("Conv2d", {"kernel_size": 5}, [(1, 4, 4)],
     "kernel 5 is larger than its padded 4×4 input; lower kernel_size or add padding", "kernel_size"),
    ("Conv2d", {"kernel_size": 3, "dilation": 3}, [(1, 5, 5)], "dilated kernel 7 (kernel 3, dilation 3)",
     "kernel_size"),
    ("Conv2d", {}, [(784,)], "Conv2d takes an image (channels × height × width) but gets a 1-D tensor [784]; "
     "add a Reshape", None),
    ("Conv1d", {}, [(1, 8, 8)], "Conv1d takes a sequence of channels × length but gets a 3-D tensor", None),
    ("Conv2d", {"groups": 2}, [(3, 8, 8)], "input channels 3 are not divisible by groups 2", "groups"),
    ("Conv2d", {"groups": 2, "out_channels": 5}, [(4, 8, 8)], "output channels 5 are not divisible by groups 2",
     "groups"),
    ("Conv2d", {"padding": "same", "stride": 2}, [(1, 8, 8)], 'padding "same" needs stride 1 (got 2)', "padding"),
    ("ConvTranspose2d", {"stride": 2, "output_padding": 2}, [(1, 4, 4)],
     "output_padding 2 must be smaller than stride 2", "output_padding"),
    ("ConvTranspose2d", {"kernel_size": 2, "stride": 1, "padding": 3}, [(1, 1, 1)], "trims away the whole output",
     "padding"),
    ("MaxPool2d", {"kernel_size": 3, "padding": 2}, [(1, 8, 8)], "padding 2 is more than half of kernel_size 3",
     "padding"),
    ("MaxPool2d", {"kernel_size": 3}, [(1, 2, 2)], "kernel 3 is larger than its padded 2×2 input", "kernel_size"),
    ("MaxPool2d", {"kernel_size": 2, "padding": 1, "dilation": 2}, [(1, 1, 1)],
     "a window at the border of the 1×1 input holds only padding; lower padding or dilation", "padding"),
    ("AvgPool2d", {}, [(16,)], "AvgPool2d takes an image", None),
    ("GlobalAvgPool", {}, [(16,)], "it averages each channel, so put it after a convolution", None),
    ("Upsample", {}, [(4, 5)], "Upsample takes an image (channels × height × width) but gets a 2-D tensor", None),
    ("MaxUnpool2d", {}, [(4, 6, 6), (4, 14, 14)], "pooling the 14×14 skip with this window gives 7×7, but in is 6×6",
     "kernel_size"),
    ("MaxUnpool2d", {}, [(8, 7, 7), (4, 14, 14)], "in has 8 channels but skip has 4", None),
    ("Concat", {"axis": 0}, [(4, 8, 8), (4, 16, 16)], "Concat inputs differ on axis 1 (8 vs 16); only the joined "
     "axis 0 may differ", "axis"),
    ("Concat", {"axis": 3}, [(4, 8, 8), (4, 8, 8)], "axis 3 does not exist in 3-D inputs", "axis"),
    ("Concat", {}, [(4, 8, 8), (256,)], "Concat needs inputs with the same number of axes", None),
    ("Add", {}, [(8, 4, 4), (16, 4, 4)], "Add inputs differ on axis 0 (8 vs 16)", None),
    ("Multiply", {}, [(8,), (2, 8)], "Multiply needs inputs with the same number of axes", None),
    ("BatchNorm2d", {}, [(16,)], "BatchNorm2d takes an image", None),
    ("BatchNorm1d", {}, [(3, 4, 5)], "use BatchNorm2d for images", None),
    ("LayerNorm", {"axes": 3}, [(16,)], "axes 3 is more than the 1 axes of its input [16]", "axes"),
    ("Dropout2d", {}, [(16,)], "Dropout2d takes an image", None),
    ("Reshape", {"shape": [1, 27, 28]}, [(784,)],
     "Reshape cannot turn [784] (784 values) into [1, 27, 28] (756 values)", "shape"),
    ("Reshape", {"shape": [-1, 3]}, [(10,)], "do not split into [-1, 3]", "shape"),
    ("Permute", {"dims": [0, 0]}, [(3, 4)], "dims [0, 0] must list each axis of the 2-D input [3, 4] once", "dims"),
    ("Permute", {"dims": [1, 0]}, [(3, 4, 5)], "must list each axis of the 3-D input", "dims"),
    ("PositionalEncoding", {"max_len": 8}, [(10, 4)], "raise max_len to at least 10", "max_len"),
    ("PositionalEncoding", {}, [(16,)], "put it after an Embedding or a PatchEmbed", None),
    ("LSTM", {}, [(1, 8, 8)], "LSTM takes a sequence (length × features) but gets a 3-D tensor", None),
    ("GRU", {"dropout": 0.2}, [(5, 4)], "dropout acts between stacked layers, so it needs num_layers ≥ 2", "dropout"),
    ("TokenLinear", {}, [(16,)], "use Linear for a flat vector", None),
    ("SequencePool", {}, [(16,)], "SequencePool takes a sequence", None),
    ("MultiHeadAttention", {"num_heads": 4}, [(5, 30), (5, 30), (5, 30)],
     "embed_dim 30 is not divisible by num_heads 4; pick num_heads that divides 30 (1, 2, 3, 5, 6)", "num_heads"),
    ("MultiHeadAttention", {}, [(5, 8), (5, 8), (7, 8)], "key has 5 positions but value has 7", None),
    ("MultiHeadAttention", {}, [(8,), (5, 8), (5, 8)], "MultiHeadAttention's query takes a sequence", None),
    ("TransformerEncoderBlock", {"num_heads": 3}, [(5, 16)], "embed_dim 16 is not divisible by num_heads 3",
     "num_heads"),
    ("TransformerDecoderBlock", {}, [(5, 16), (16,)], "connect it to an encoder's output sequence", None),
    ("PatchEmbed", {"patch_size": 5}, [(1, 28, 28)], "the 28×28 image does not split into 5×5 patches; pick a "
     "patch_size that divides both 28 and 28 (e.g. 2, 4, 7, 14)", "patch_size"),
    ("PatchEmbed", {"patch_size": 2}, [(1, 9, 7)], "only 1 divides both", "patch_size"),
    ("Sampling", {}, [(8,), (4,)], "mean is [8] but log_var is [4]", None),
]


@pytest.mark.parametrize(("name", "params", "shapes", "fragment", "field"), INVALID,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(INVALID)])
def test_invalid_combination_is_explained(name: str, params: dict[str, Any], shapes: list[Shape], fragment: str,
                                          field: str | None) -> None:
    layer = LAYERS[name]
    with pytest.raises(ShapeError) as caught:
        layer.infer(layer.params.model_validate(params), shapes)
    assert fragment in str(caught.value)
    assert caught.value.field == field


BAD_PARAMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("Conv2d", {"padding": -1}, "padding", 'must be a whole number from 0 to 32 or "same" (got -1)'),
    ("Conv2d", {"padding": "valid"}, "padding", "(got 'valid')"),
    ("Conv2d", {"kernel_size": 0}, "kernel_size", "≥ 1"),
    ("MaxPool2d", {"stride": 0}, "stride", "≥ 1"),
    ("Reshape", {"shape": [-1, -1]}, "shape", "at most one -1"),
    ("Reshape", {"shape": [0, 4]}, "shape", "sizes ≥ 1"),
    ("PositionalEncoding", {"kind": "rotary"}, "kind", "must be one of"),
    ("LSTM", {"output": "all"}, "output", "must be one of"),
    ("Upsample", {"mode": "bicubic"}, "mode", "must be one of"),
]


@pytest.mark.parametrize(("name", "params", "field", "fragment"), BAD_PARAMS)
def test_bad_parameters_name_their_field(name: str, params: dict[str, Any], field: str, fragment: str) -> None:
    spec = GraphSpec.model_validate({"nodes": [{"id": "in", "type": "Input"}, {"id": "x", "type": name,
                                                                               "params": params}],
                                     "edges": [{"source": "in", "target": "x"}]})
    report, plan = analyze(spec, (1, 8, 8))
    assert plan is None
    found = [e for e in report.errors if e.node == "x" and e.field == field]
    assert found and fragment in found[0].message, report.errors


# -- the catalog: help text everywhere, defaults that validate, categories in palette order -----------------------
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_parameter_has_help_text_and_a_valid_default(name: str) -> None:
    layer = LAYERS[name]
    layer.params()  # the defaults the inspector starts from must validate
    for field_name, info in layer.params.model_fields.items():
        assert info.description, f"{name}.{field_name} needs a description"
    assert layer.description and layer.category in CATEGORY_ORDER


def test_conv_explains_its_arithmetic_in_the_report() -> None:
    spec = GraphSpec.model_validate({
        "nodes": [{"id": "in", "type": "Input"},
                  {"id": "conv", "type": "Conv2d", "params": {"kernel_size": 3, "padding": 1}},
                  {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 2}},
                  {"id": "flat", "type": "Flatten"}],
        "edges": [{"source": "in", "target": "conv"}, {"source": "conv", "target": "pool"},
                  {"source": "pool", "target": "flat"}]})
    report, plan = analyze(spec, (1, 28, 28))
    assert plan is not None, report.errors
    assert report.nodes["conv"].explain == ["H: ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28", "W: ⌊(28 + 2·1 − 3)/1⌋ + 1 = 28",
                                            "C: 1 → 8 (out_channels)"]
    assert report.nodes["pool"].explain == ["H: ⌊(28 + 2·0 − 2)/2⌋ + 1 = 14", "W: ⌊(28 + 2·0 − 2)/2⌋ + 1 = 14"]
    assert report.nodes["flat"].explain is None and report.nodes["flat"].output_shape == [8 * 14 * 14]


def test_a_shape_error_in_a_graph_is_prefixed_with_its_node() -> None:
    spec = GraphSpec.model_validate({
        "nodes": [{"id": "in", "type": "Input"}, {"id": "c1", "type": "Conv2d", "params": {"kernel_size": 5}}],
        "edges": [{"source": "in", "target": "c1"}]})
    report, _plan = analyze(spec, (1, 4, 4))
    (issue,) = report.errors
    assert issue.node == "c1" and issue.field == "kernel_size"
    assert issue.message == "c1: kernel 5 is larger than its padded 4×4 input; lower kernel_size or add padding"


# -- behaviour beyond shapes -------------------------------------------------------------------------------------
def build(name: str, params: dict[str, Any], shapes: Sequence[Shape]) -> nn.Module:
    layer = LAYERS[name]
    torch.manual_seed(0)
    return layer.build(layer.params.model_validate(params), shapes)


def test_max_unpool_puts_values_where_the_pool_found_its_maxima() -> None:
    x = torch.randn(2, 3, 9, 9, generator=torch.Generator().manual_seed(0))
    pooled, indices = nn.functional.max_pool2d(x, 3, 2, 1, return_indices=True)
    expected = nn.functional.max_unpool2d(pooled, indices, 3, 2, 1, output_size=(9, 9))
    unpool = build("MaxUnpool2d", {"kernel_size": 3, "stride": 2, "padding": 1}, [(3, 5, 5), (3, 9, 9)])
    assert torch.equal(unpool(pooled, x), expected)


def test_attention_keeps_its_last_weights_and_masks_the_future() -> None:
    mha = build("MultiHeadAttention", {"num_heads": 2, "causal": True}, [(4, 6)] * 3)
    x = torch.randn(BATCH, 4, 6)
    mha(x, x, x)
    weights = mha.last_attention
    assert weights is not None and weights.shape == (BATCH, 2, 4, 4)
    assert torch.allclose(weights.sum(-1), torch.ones(BATCH, 2, 4))
    assert torch.all(weights.triu(1) == 0), "a causal query must not see later keys"
    decoder = build("TransformerDecoderBlock", {"num_heads": 2}, [(4, 6), (3, 5)])
    decoder(x, torch.randn(BATCH, 3, 5))
    assert decoder.last_attention.shape == (BATCH, 2, 4, 4)
    assert decoder.last_cross_attention.shape == (BATCH, 2, 4, 3)


def test_bidirectional_last_state_joins_both_directions() -> None:
    lstm = build("LSTM", {"hidden_size": 3, "bidirectional": True, "output": "last"}, [(5, 2)])
    x = torch.randn(BATCH, 5, 2)
    sequence_out, _ = lstm.rnn(x)
    last = lstm(x)
    assert torch.allclose(last[:, :3], sequence_out[:, -1, :3]), "forward direction: the final step"
    assert torch.allclose(last[:, 3:], sequence_out[:, 0, 3:]), "backward direction: it ends at the first step"


def test_sampling_draws_in_training_returns_the_mean_in_evaluation_and_reports_kl() -> None:
    sampler = build("Sampling", {}, [(4,), (4,)])
    mean, log_var = torch.zeros(BATCH, 4), torch.zeros(BATCH, 4)
    assert not torch.equal(sampler(mean, log_var), mean)
    assert sampler.kl is not None and float(sampler.kl) == 0.0, "N(0, 1) is at zero KL from itself"
    sampler.eval()
    assert torch.equal(sampler(mean + 1, log_var), mean + 1)


def test_sinusoidal_encoding_has_no_weights_and_learned_has_one_vector_per_position() -> None:
    assert LAYERS["PositionalEncoding"].count_params(LAYERS["PositionalEncoding"].params(), [(5, 6)]) == (0, 0)
    learned = LAYERS["PositionalEncoding"].params(kind="learned", max_len=10)
    assert LAYERS["PositionalEncoding"].count_params(learned, [(5, 6)])[0] == 10 * 6
