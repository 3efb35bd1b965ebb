"""The template gallery: classic architectures of the course as plain graph specs (JSON-ready dicts).

Each template has an id, a title, a description, the input it expects (`shape` without the batch and `kind`:
vector, image, sequence or tokens with a `vocab_size`), the task it is built for (`kind`: classification with
`num_classes`, segmentation, reconstruction (the target is the input), regression (a target of the output's shape)
or token_classification (one class per position)) and the `graph` in the same format as POST /api/specs/validate,
with editor positions laid out by depth. `dataset` names the dataset (and options) the template trains on as it
is, in the format of an experiment's `dataset`; None for a design-only template (VGG-16), whose Input declares its
shape so it validates without data. `training` holds the training settings it learns with out of the box (the rest
take their defaults), and `target` what those settings reach on the dataset's test split: `metric` (accuracy,
which is higher when better, or test_loss, which is lower) and `value` (None for a design-only template).
tests/unit/test_template_learning.py trains every template that has a target and holds it to that target.
"""

from __future__ import annotations

import copy
import itertools
from collections import defaultdict
from typing import Any

Node = dict[str, Any]
Edge = dict[str, Any]


def _n(node_id: str, layer: str, **params: Any) -> Node:
    return {"id": node_id, "type": layer, "params": params}


def _chain(*ids: str) -> list[Edge]:
    return [{"source": a, "target": b} for a, b in itertools.pairwise(ids)]


def _into(source: str, target: str, port: str) -> Edge:
    return {"source": source, "target": target, "target_port": port}


COLUMNS_PER_BAND = 6  # longer chains wrap like lines of text, so they stay legible on a laptop screen


def _layout(nodes: list[Node], edges: list[Edge]) -> None:
    """Columns by longest path from the input, rows in declaration order: a readable left-to-right picture."""
    depth: dict[str, int] = {n["id"]: 0 for n in nodes}
    for _ in nodes:  # relax until stable; templates are small DAGs
        for e in edges:
            depth[e["target"]] = max(depth[e["target"]], depth[e["source"]] + 1)
    row_of: dict[str, int] = {}
    rows: dict[int, int] = defaultdict(int)
    for n in nodes:
        row_of[n["id"]] = rows[depth[n["id"]]]
        rows[depth[n["id"]]] += 1
    band_rows: dict[int, int] = defaultdict(int)
    for column, count in rows.items():
        band_rows[column // COLUMNS_PER_BAND] = max(band_rows[column // COLUMNS_PER_BAND], count)
    band_top = {band: sum(band_rows[b] * 110.0 + 70.0 for b in range(band)) for band in band_rows}
    for n in nodes:
        band, column = divmod(depth[n["id"]], COLUMNS_PER_BAND)
        n["position"] = {"x": 220.0 * column, "y": band_top[band] + 110.0 * row_of[n["id"]]}


def _template(template_id: str, title: str, description: str, input_: dict[str, Any], task: dict[str, Any],
              nodes: list[Node], edges: list[Edge], output: str, dataset: dict[str, Any] | None,
              training: dict[str, Any], target: dict[str, Any] | None) -> dict[str, Any]:
    _layout(nodes, edges)
    return {"id": template_id, "title": title, "description": description, "input": input_, "task": task,
            "graph": {"nodes": nodes, "edges": edges, "output": output}, "dataset": dataset,
            "training": training, "target": target}


def _adam(lr: float, batch_size: int, epochs: int) -> dict[str, Any]:
    return {"optimizer": "adam", "lr": lr, "batch_size": batch_size, "epochs": epochs}


def _accuracy(value: float) -> dict[str, Any]:
    return {"metric": "accuracy", "value": value}


def _test_loss(value: float) -> dict[str, Any]:
    return {"metric": "test_loss", "value": value}


IMAGE_28 = {"shape": [1, 28, 28], "kind": "image"}
IMAGE_16 = {"shape": [1, 16, 16], "kind": "image"}
IMAGE_8 = {"shape": [1, 8, 8], "kind": "image"}
TEN_CLASSES = {"kind": "classification", "num_classes": 10}
FOUR_CLASSES = {"kind": "classification", "num_classes": 4}
TWO_CLASSES = {"kind": "classification", "num_classes": 2}
RECONSTRUCTION = {"kind": "reconstruction"}
# The datasets the templates train on (data/images.py, data/points2d.py, data/sequences.py, data/tokens.py); default
# options give exactly each template's input shape
DIGITS = {"name": "digits", "options": {}}
DIGITS_28 = {"name": "digits", "options": {"resolution": 28}}
DIGITS_VAE = {"name": "digits", "options": {"target": "vae"}}
SHAPES = {"name": "shapes", "options": {}}
SHAPES_INPUT = {"name": "shapes", "options": {"target": "input"}}
SHAPES_MASK_16 = {"name": "shapes", "options": {"target": "mask", "resolution": 16}}
GAUSSIAN = {"name": "gaussian", "options": {}}
WAVES = {"name": "waves", "options": {"length": 6, "channels": 4}}
MARKERS = {"name": "markers", "options": {"length": 12, "vocab_size": 50}}
REVERSE = {"name": "reverse", "options": {"length": 10, "vocab_size": 20}}


def _conv_relu(prefix: str, channels: int, **extra: Any) -> list[Node]:
    return [_n(prefix, "Conv2d", out_channels=channels, kernel_size=3, padding=1, **extra), _n(f"{prefix}r", "ReLU")]


VGG16_STAGES = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))  # (channels, 3×3 convolutions) per stage


def _vgg16() -> tuple[list[Node], list[Edge]]:
    """Simonyan and Zisserman's configuration D at 3×224×224: 13 convolutions in 5 stages, 3 dense layers."""
    nodes = [_n("in", "Input", shape=[3, 224, 224])]
    for stage, (channels, convs) in enumerate(VGG16_STAGES, 1):
        for k in range(1, convs + 1):
            nodes += _conv_relu(f"c{stage}_{k}", channels)
        nodes.append(_n(f"p{stage}", "MaxPool2d", kernel_size=2))
    nodes += [_n("flat", "Flatten"), _n("fc6", "Linear", out_features=4096), _n("fc6r", "ReLU"),
              _n("drop6", "Dropout"), _n("fc7", "Linear", out_features=4096), _n("fc7r", "ReLU"),
              _n("drop7", "Dropout"), _n("out", "Linear", out_features=1000)]
    return nodes, _chain(*(n["id"] for n in nodes))


TEMPLATES: list[dict[str, Any]] = [
    _template(
        "perceptron", "Perceptron", "One neuron with a step activation: a weighted sum of the inputs, then its sign. "
        "Trains on two Gaussian blobs, which one line separates.",
        {"shape": [2], "kind": "vector"}, TWO_CLASSES,
        [_n("in", "Input"), _n("fc", "Linear", out_features=1), _n("out", "Sign")],
        _chain("in", "fc", "out"), "out", GAUSSIAN,
        {"optimizer": "sgd", "lr": 0.1, "batch_size": 10, "epochs": 4}, _accuracy(0.95)),
    _template(
        "mlp", "Multi-layer perceptron", "Two hidden layers of ReLU neurons: enough to bend the boundary around "
        "any shape.",
        {"shape": [2], "kind": "vector"}, TWO_CLASSES,
        [_n("in", "Input"), _n("fc1", "Linear", out_features=16), _n("act1", "ReLU"),
         _n("fc2", "Linear", out_features=16), _n("act2", "ReLU"), _n("out", "Linear", out_features=2)],
        _chain("in", "fc1", "act1", "fc2", "act2", "out"), "out", {"name": "circle", "options": {}},
        _adam(0.01, 10, 15), _accuracy(0.95)),
    _template(
        "lenet5", "LeNet-5", "LeCun's 1998 digit reader: two convolution + subsampling stages, then three fully "
        "connected layers (61,706 weights). Trains on the digits framed at 28×28, as in MNIST.",
        IMAGE_28, TEN_CLASSES,
        [_n("in", "Input"), _n("c1", "Conv2d", out_channels=6, kernel_size=5, padding=2), _n("a1", "Tanh"),
         _n("s2", "AvgPool2d", kernel_size=2), _n("c3", "Conv2d", out_channels=16, kernel_size=5), _n("a3", "Tanh"),
         _n("s4", "AvgPool2d", kernel_size=2), _n("flat", "Flatten"), _n("f5", "Linear", out_features=120),
         _n("a5", "Tanh"), _n("f6", "Linear", out_features=84), _n("a6", "Tanh"),
         _n("out", "Linear", out_features=10)],
        _chain("in", "c1", "a1", "s2", "c3", "a3", "s4", "flat", "f5", "a5", "f6", "a6", "out"), "out", DIGITS_28,
        _adam(0.002, 32, 10), _accuracy(0.97)),
    _template(
        "vgg_block", "VGG block", "Two 3×3 convolutions with batch norm, then max pooling: the repeated unit of "
        "VGG networks. Trains on the 8×8 handwritten digits.",
        IMAGE_8, TEN_CLASSES,
        [_n("in", "Input"), _n("c1", "Conv2d", out_channels=16, kernel_size=3, padding="same"),
         _n("bn1", "BatchNorm2d"), _n("r1", "ReLU"), _n("c2", "Conv2d", out_channels=16, kernel_size=3, padding=1),
         _n("bn2", "BatchNorm2d"), _n("r2", "ReLU"), _n("pool", "MaxPool2d", kernel_size=2),
         _n("drop", "Dropout2d", p=0.1), _n("flat", "Flatten"), _n("out", "Linear", out_features=10)],
        _chain("in", "c1", "bn1", "r1", "c2", "bn2", "r2", "pool", "drop", "flat", "out"), "out", DIGITS,
        _adam(0.003, 32, 4), _accuracy(0.95)),
    _template(
        "resnet_block", "ResNet basic block", "Two convolutions whose result is added to their input (the skip "
        "connection), so the block only learns a correction. Trains on the 28×28 shapes (4 classes).",
        IMAGE_28, FOUR_CLASSES,
        [_n("in", "Input"), _n("stem", "Conv2d", out_channels=16, kernel_size=3, padding=1, bias=False),
         _n("stem_bn", "BatchNorm2d"), _n("stem_r", "ReLU"),
         _n("c1", "Conv2d", out_channels=16, kernel_size=3, padding=1, bias=False), _n("bn1", "BatchNorm2d"),
         _n("r1", "ReLU"), _n("c2", "Conv2d", out_channels=16, kernel_size=3, padding=1, bias=False),
         _n("bn2", "BatchNorm2d"), _n("add", "Add"), _n("r2", "ReLU"), _n("gap", "GlobalAvgPool"),
         _n("out", "Linear", out_features=4)],
        [*_chain("in", "stem", "stem_bn", "stem_r", "c1", "bn1", "r1", "c2", "bn2"),
         _into("bn2", "add", "a"), _into("stem_r", "add", "b"), *_chain("add", "r2", "gap", "out")], "out", SHAPES,
        _adam(0.003, 32, 3), _accuracy(0.9)),
    _template(
        "unet", "Small UNet", "An encoder that halves the image twice and a decoder that grows it back, joined by "
        "skip connections (Concat) that bring back the fine detail: one mask value per pixel. Segments the 16×16 "
        "shapes.",
        IMAGE_16, {"kind": "segmentation", "num_classes": 1},
        [_n("in", "Input"), *_conv_relu("e1", 8), _n("p1", "MaxPool2d"), *_conv_relu("e2", 16),
         _n("p2", "MaxPool2d"), *_conv_relu("mid", 32), _n("up2", "Upsample", scale_factor=2, mode="bilinear"),
         _n("cat2", "Concat", axis=0), *_conv_relu("d2", 16),
         _n("up1", "ConvTranspose2d", out_channels=8, kernel_size=2, stride=2), _n("cat1", "Concat", axis=0),
         *_conv_relu("d1", 8), _n("out", "Conv2d", out_channels=1, kernel_size=1)],
        [*_chain("in", "e1", "e1r", "p1", "e2", "e2r", "p2", "mid", "midr", "up2"),
         _into("up2", "cat2", "a"), _into("e2r", "cat2", "b"), *_chain("cat2", "d2", "d2r", "up1"),
         _into("up1", "cat1", "a"), _into("e1r", "cat1", "b"), *_chain("cat1", "d1", "d1r", "out")], "out",
        SHAPES_MASK_16, _adam(0.003, 32, 3), _accuracy(0.97)),
    _template(
        "conv_autoencoder", "Convolutional autoencoder", "Strided convolutions squeeze the image into a small code; "
        "transposed convolutions rebuild it. Trained to reproduce its input (the 28×28 shapes).",
        IMAGE_28, RECONSTRUCTION,
        [_n("in", "Input"), _n("e1", "Conv2d", out_channels=8, kernel_size=3, stride=2, padding=1), _n("r1", "ReLU"),
         _n("e2", "Conv2d", out_channels=16, kernel_size=3, stride=2, padding=1), _n("r2", "ReLU"),
         _n("d1", "ConvTranspose2d", out_channels=8, kernel_size=3, stride=2, padding=1, output_padding=1),
         _n("r3", "ReLU"),
         _n("d2", "ConvTranspose2d", out_channels=1, kernel_size=3, stride=2, padding=1, output_padding=1),
         _n("out", "Sigmoid")],
        _chain("in", "e1", "r1", "e2", "r2", "d1", "r3", "d2", "out"), "out", SHAPES_INPUT,
        _adam(0.003, 32, 3), _test_loss(0.012)),
    _template(
        "segnet_autoencoder", "Pool-index autoencoder", "SegNet's trick: the decoder's MaxUnpool2d puts each value "
        "back where its MaxPool2d found the maximum (its skip edge comes from the tensor that was pooled).",
        IMAGE_28, RECONSTRUCTION,
        [_n("in", "Input"), *_conv_relu("c1", 8), _n("p1", "MaxPool2d"), *_conv_relu("c2", 16),
         _n("p2", "MaxPool2d"), *_conv_relu("c3", 16), _n("u2", "MaxUnpool2d"), *_conv_relu("c4", 8),
         _n("u1", "MaxUnpool2d"), _n("c5", "Conv2d", out_channels=1, kernel_size=3, padding=1), _n("out", "Sigmoid")],
        [*_chain("in", "c1", "c1r", "p1", "c2", "c2r", "p2", "c3", "c3r"),
         _into("c3r", "u2", "in"), _into("c2r", "u2", "skip"), *_chain("u2", "c4", "c4r"),
         _into("c4r", "u1", "in"), _into("c1r", "u1", "skip"), *_chain("u1", "c5", "out")], "out", SHAPES_INPUT,
        _adam(0.003, 32, 3), _test_loss(0.012)),
    _template(
        "vae", "Variational autoencoder", "The encoder predicts a mean and a log-variance; Sampling draws a code "
        "from them and the decoder rebuilds the image. It trains on the ELBO: the reconstruction loss plus β times "
        "the KL divergence of the code from N(0, 1) (training.kl_weight), which is reported as it falls; decoding "
        "codes drawn from N(0, 1) then gives new digits.",
        IMAGE_8, {"kind": "vae"},
        [_n("in", "Input"), _n("flat", "Flatten"), _n("h", "Linear", out_features=64), _n("hr", "ReLU"),
         _n("mean", "Linear", out_features=4), _n("log_var", "Linear", out_features=4), _n("z", "Sampling"),
         _n("d1", "Linear", out_features=64), _n("d1r", "ReLU"), _n("d2", "Linear", out_features=64),
         _n("img", "Reshape", shape=[1, 8, 8]), _n("out", "Sigmoid")],
        [*_chain("in", "flat", "h", "hr", "mean"), *_chain("hr", "log_var"), _into("mean", "z", "mean"),
         _into("log_var", "z", "log_var"), *_chain("z", "d1", "d1r", "d2", "img", "out")], "out", DIGITS_VAE,
        # Binary cross-entropy suits pixels in [0, 1]; beside the KL term, mean squared error is too weak a pull on
        # the reconstruction and the decoder draws one average blur from every prior code.
        {**_adam(0.003, 32, 10), "loss": "binary_cross_entropy"}, _test_loss(0.41)),  # the ELBO: rec. + β × KL
    _template(
        "vgg16", "VGG-16 (design only)", "The 2014 ImageNet network at its real 3×224×224 input: 13 3×3 "
        "convolutions in 5 stages and 3 dense layers, 138,357,544 weights. The Input declares its shape, so it "
        "validates without a dataset: read the weights and activation memory in the report. Too large to train "
        "here.", {"shape": [3, 224, 224], "kind": "image"}, {"kind": "classification", "num_classes": 1000},
        *_vgg16(), "out", None, {}, None),
    _template(
        "seq2seq_lstm", "Sequence-to-sequence LSTM", "An encoder LSTM reads the whole sequence into one state; a "
        "decoder LSTM unrolls that state into the output sequence: here the next 6 steps of 4 waves.",
        {"shape": [6, 4], "kind": "sequence"}, {"kind": "regression"},
        [_n("in", "Input"), _n("enc", "LSTM", hidden_size=16, output="last"), _n("rep", "Repeat", times=6),
         _n("dec", "LSTM", hidden_size=16, output="sequence"), _n("out", "TokenLinear", out_features=4)],
        _chain("in", "enc", "rep", "dec", "out"), "out", WAVES,
        _adam(0.01, 32, 40), _test_loss(0.14)),
    _template(
        "transformer_classifier", "Transformer encoder classifier", "Token embeddings plus positions, one "
        "self-attention block, then the mean over positions feeds a classifier: which marker token is in the majority.",
        {"shape": [12], "kind": "tokens", "vocab_size": 50}, TWO_CLASSES,
        [_n("in", "Input"), _n("emb", "Embedding", num_embeddings=50, embedding_dim=16),
         _n("pos", "PositionalEncoding", kind="sinusoidal", max_len=64),
         _n("enc", "TransformerEncoderBlock", num_heads=2, mlp_dim=32), _n("pool", "SequencePool", mode="mean"),
         _n("out", "Linear", out_features=2)],
        _chain("in", "emb", "pos", "enc", "pool", "out"), "out", MARKERS,
        _adam(0.003, 32, 4), _accuracy(0.95)),
    _template(
        "tiny_vit", "Tiny vision transformer", "The image cut into 4×4 patches becomes a sequence of tokens after a "
        "class token; attention mixes them and the class token's final state is classified.",
        IMAGE_8, TEN_CLASSES,
        [_n("in", "Input"), _n("patch", "PatchEmbed", patch_size=4, embed_dim=16, class_token=True),
         _n("pos", "PositionalEncoding", kind="learned", max_len=5),
         _n("enc", "TransformerEncoderBlock", num_heads=2, mlp_dim=32), _n("norm", "LayerNorm"),
         _n("cls", "SequencePool", mode="first"), _n("out", "Linear", out_features=10)],
        _chain("in", "patch", "pos", "enc", "norm", "cls", "out"), "out", DIGITS,
        _adam(0.003, 32, 15), _accuracy(0.9)),
    _template(
        "transformer_seq2seq", "Transformer encoder–decoder", "The encoder reads the tokens; the decoder, masked so "
        "it cannot look ahead, attends to the encoder's output (memory) and predicts a token at every position: "
        "here the input reversed.",
        {"shape": [10], "kind": "tokens", "vocab_size": 20}, {"kind": "token_classification", "num_classes": 20},
        [_n("in", "Input"), _n("emb", "Embedding", num_embeddings=20, embedding_dim=16),
         _n("pos", "PositionalEncoding", max_len=64), _n("enc", "TransformerEncoderBlock", num_heads=2, mlp_dim=32),
         _n("dec", "TransformerDecoderBlock", num_heads=2, mlp_dim=32, causal=True),
         _n("out", "TokenLinear", out_features=20)],
        [*_chain("in", "emb", "pos", "enc"), _into("pos", "dec", "in"), _into("enc", "dec", "memory"),
         *_chain("dec", "out")], "out", REVERSE,
        _adam(0.005, 32, 8), _accuracy(0.95)),
]


def template(template_id: str) -> dict[str, Any]:
    """A fresh copy of one template, so callers may edit it."""
    for t in TEMPLATES:
        if t["id"] == template_id:
            return copy.deepcopy(t)
    raise KeyError(template_id)
