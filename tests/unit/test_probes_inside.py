"""Attention, the backprop graph and attributions against PyTorch and Captum on the same weights and inputs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import torch
from captum.attr import IntegratedGradients, LayerAttribution, LayerGradCam, Occlusion, Saliency
from scipy.ndimage import binary_dilation

from neurona.gallery import template
from neurona.probes import WatchProblem
from neurona.probes.context import context_of
from neurona.spec import ExperimentCreate
from neurona.train.trainer import Trainer
from tests.api.helpers import body
from tests.unit.test_probes import no_hooks, prefix_output, trainer_for, watch

F16 = 2e-3  # float16 payloads: about three significant digits


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    """These small models train several times faster on one thread than on many when the cores are shared."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def seq2seq() -> Trainer:
    t = template("transformer_seq2seq")
    trainer = trainer_for(t["graph"], t["dataset"])
    for _ in range(3):
        trainer.step()
    return trainer


@pytest.fixture(scope="module")
def vit() -> Trainer:
    t = template("tiny_vit")
    trainer = trainer_for(t["graph"], t["dataset"])
    trainer.step()
    return trainer


def pytorch_attention(trainer: Trainer, node: str, which: str, samples: list[int]) -> torch.Tensor:
    """The weights nn.MultiheadAttention returned (need_weights, per head) in a hook-free forward pass."""
    prefix_output(trainer, node, trainer.data.x_test[samples])
    module = trainer.model.layers[node]
    return (module.last_cross_attention if which == "cross" else module.last_attention).clone()


@pytest.mark.parametrize(("node", "which"), [("enc", "self"), ("dec", "self"), ("dec", "cross")])
def test_attention_weights_are_pytorchs_own_per_head(seq2seq: Trainer, node: str, which: str) -> None:
    header, values = watch(context_of(seq2seq, 24), "attention", node, [0, 4], attention=which)
    expected = pytorch_attention(seq2seq, node, which, [0, 4]).numpy()
    assert header["shape"] == [2, 2, 10, 10] and header["heads"] == 2 and header["attention"] == which
    assert np.abs(values - expected).max() < F16
    assert header["attentions"] == (["self", "cross"] if node == "dec" else ["self"])
    assert header["causal"] == (node == "dec" and which == "self")
    assert no_hooks(seq2seq.model)


def test_token_labels_are_the_datasets_symbols(seq2seq: Trainer) -> None:
    header, _ = watch(context_of(seq2seq, 24), "attention", "dec", [3], attention="cross")
    tokens = seq2seq.data.x_test[3].tolist()
    assert seq2seq.data.symbols[:3] == ("A", "B", "C")
    assert header["query_labels"] == header["key_labels"] == [[seq2seq.data.symbols[t] for t in tokens]]


def test_scores_are_the_weights_before_the_softmax(seq2seq: Trainer) -> None:
    ctx = context_of(seq2seq, 24)
    _, weights = watch(ctx, "attention", "dec", [1])
    header, scores = watch(ctx, "attention", "dec", [1], scores=True)
    assert header["scores"] is True
    hidden = np.triu(np.ones((10, 10), dtype=bool), 1)
    assert np.isneginf(scores[..., hidden]).all() and np.isfinite(scores[..., ~hidden]).all()
    softmax = torch.softmax(torch.from_numpy(scores), dim=-1).numpy()
    assert np.abs(softmax - weights).max() < 5 * F16


def test_vision_transformer_labels_patches_and_the_class_token(vit: Trainer) -> None:
    header, values = watch(context_of(vit, 24), "attention", "enc", [0, 2])
    assert header["patches"] == {"rows": 2, "cols": 2, "patch": 4, "class_token": True}
    assert header["query_labels"][0] == ["CLS", "1,1", "1,2", "2,1", "2,2"] and header["input_node"] == "in"
    assert np.abs(values - pytorch_attention(vit, "enc", "self", [0, 2]).numpy()).max() < F16


def test_cross_attention_of_a_node_without_it_names_the_option(seq2seq: Trainer) -> None:
    with pytest.raises(WatchProblem, match=r"no cross attention.*options\.attention"):
        watch(context_of(seq2seq, 24), "attention", "enc", [0], attention="cross")


# -- the backprop graph ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small() -> Trainer:
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "h", "type": "Linear", "params": {"out_features": 3}},
                       {"id": "act", "type": "Tanh"}, {"id": "out", "type": "Linear", "params": {"out_features": 2}}],
             "edges": [{"source": "in", "target": "h"}, {"source": "h", "target": "act"},
                       {"source": "act", "target": "out"}]}
    trainer = trainer_for(graph, {"name": "moons", "options": {"noise": 0, "seed": 0}})
    trainer.step()
    return trainer


def ops_by_node(header: dict[str, Any]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for op in header["ops"]:
        grouped.setdefault(op["node"], []).append(op["name"])
    return grouped


def test_graph_has_the_expected_operations(small: Trainer) -> None:
    header, values = watch(context_of(small, 24), "graph", None, [0, 1])
    grouped = ops_by_node(header)
    assert sorted(grouped["h"]) == ["addmm", "bias", "t", "weight"]
    assert grouped["act"] == ["tanh"]
    assert sorted(grouped["out"]) == ["addmm", "bias", "t", "weight"]
    assert "nll_loss_forward" in grouped["loss"] and "_log_softmax" in grouped["loss"]
    assert [g["node"] for g in header["groups"]] == ["h", "act", "out", "loss"]
    ids = {op["id"] for op in header["ops"]}
    assert all(i in ids for op in header["ops"] for i in op["inputs"])
    assert values.shape == (2, 0) and header["selected"] is None


def test_graph_gradients_equal_autograd_grad_and_leave_grad_alone(small: Trainer) -> None:
    model, samples = small.model, [0, 1]
    x, y = small.data.x_test[samples], small.data.y_test[samples]
    before = {n: p.grad.clone() for n, p in model.named_parameters()}
    header, _ = watch(context_of(small, 24), "graph", None, samples)
    model.eval()
    hidden = model.layers["h"](x)
    act = model.layers["act"](hidden)
    loss = small.objective.loss(model.layers["out"](act), y)
    params = [model.layers["h"].weight, model.layers["out"].bias]
    g_hidden, g_act, g_weight, g_bias = torch.autograd.grad(loss, [hidden, act, *params])
    by_name = {(op["node"], op["name"]): op for op in header["ops"]}
    assert by_name[("act", "tanh")]["forward"]["values"] == pytest.approx(act.flatten().tolist(), abs=1e-6)
    for op, grad in [(("h", "addmm"), g_hidden), (("act", "tanh"), g_act), (("h", "weight"), g_weight),
                     (("out", "bias"), g_bias)]:
        assert by_name[op]["grad"]["values"] == pytest.approx(grad.flatten().tolist(), abs=1e-6), op
        assert by_name[op]["grad"]["mean"] == pytest.approx(grad.mean().item(), abs=1e-7)
    assert header["loss"] == pytest.approx(loss.item(), rel=1e-6)
    assert all(torch.equal(p.grad, before[n]) for n, p in model.named_parameters())
    assert no_hooks(model)


def test_a_selected_operation_sends_its_tensors(small: Trainer) -> None:
    ctx = context_of(small, 24)
    header, _ = watch(ctx, "graph", None, [0])
    tanh = next(op for op in header["ops"] if op["name"] == "tanh")
    detail, values = watch(ctx, "graph", None, [0], op=tanh["id"])
    assert detail["selected"] == tanh["id"] and values.shape == (2, 1, 3)
    assert np.abs(values[0].flatten() - tanh["forward"]["values"]).max() < F16
    assert np.abs(values[1].flatten() - tanh["grad"]["values"]).max() < F16
    with pytest.raises(WatchProblem, match=r"options\.op 999"):
        watch(ctx, "graph", None, [0], op=999)


def test_lenet_graph_summaries_are_per_node(lenet_trained: Trainer) -> None:
    header, _ = watch(context_of(lenet_trained, 24), "graph", None, [0])
    grouped = ops_by_node(header)
    assert grouped["c1"] == ["weight", "bias", "convolution"] and grouped["a1"] == ["tanh"]
    conv = next(op for op in header["ops"] if op["node"] == "c1" and op["name"] == "convolution")
    assert conv["shape"] == [1, 6, 28, 28] and "values" not in conv["forward"] and conv["grad"]["std"] > 0


# -- attributions ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lenet_trained() -> Trainer:
    t = template("lenet5")
    trainer = trainer_for(t["graph"], t["dataset"], batch_size=16)
    for _ in range(3):
        trainer.step()
    return trainer


def captum_maps(trainer: Trainer, method: str, x: torch.Tensor, target: list[int]) -> torch.Tensor:
    model = trainer.model.eval()
    x = x.clone().requires_grad_()
    if method == "saliency":
        return Saliency(model).attribute(x, target=target, abs=True).amax(dim=1)
    if method == "integrated_gradients":
        return IntegratedGradients(model).attribute(x, target=target, n_steps=32).sum(dim=1)
    if method == "occlusion":
        return Occlusion(model).attribute(x, sliding_window_shapes=(1, 6, 6), strides=(1, 3, 3), target=target).sum(1)
    cam = LayerGradCam(model, model.layers["s4"]).attribute(x, target=target, relu_attributions=True)
    return LayerAttribution.interpolate(cam, (28, 28), "bilinear")[:, 0]


@pytest.mark.parametrize("method", ["saliency", "integrated_gradients", "occlusion", "grad_cam"])
def test_attributions_equal_captums(lenet_trained: Trainer, method: str) -> None:
    extra = {"window": 6} if method == "occlusion" else {}
    header, values = watch(context_of(lenet_trained, 24), "attribution", None, [0, 2], method=method, **extra)
    x = lenet_trained.data.x_test[[0, 2]]
    with torch.no_grad():
        predicted = lenet_trained.model.eval()(x).argmax(dim=1).tolist()
    assert header["target"] == predicted and header["conv_nodes"] == ["c1", "s2", "c3", "s4"]
    expected = captum_maps(lenet_trained, method, x, predicted).detach().numpy()
    scale = np.abs(expected).max()
    assert values.shape == (2, 28, 28) and np.abs(values - expected).max() <= F16 * scale
    assert no_hooks(lenet_trained.model)


def test_grad_cam_on_a_trained_shapes_classifier_lies_on_the_shape() -> None:
    graph = {"nodes": [{"id": "in", "type": "Input"},
                       {"id": "c1", "type": "Conv2d", "params": {"out_channels": 8, "kernel_size": 3, "padding": 1}},
                       {"id": "r1", "type": "ReLU"}, {"id": "p1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
                       {"id": "c2", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3, "padding": 1}},
                       {"id": "r2", "type": "ReLU"}, {"id": "gap", "type": "GlobalAvgPool"},
                       {"id": "out", "type": "Linear", "params": {"out_features": 4}}],
             "edges": [{"source": a, "target": b} for a, b in
                       [("in", "c1"), ("c1", "r1"), ("r1", "p1"), ("p1", "c2"), ("c2", "r2"), ("r2", "gap"),
                        ("gap", "out")]]}
    spec = body(epochs=100, graph=graph, dataset={"name": "shapes", "options": {"resolution": 16, "size": 800,
                                                                                 "seed": 0}},
                batch_size=32, optimizer="adam", lr=0.01)
    trainer = Trainer(ExperimentCreate.model_validate(spec), max_steps=1000)
    for _ in range(300):  # about 95 % test accuracy
        row = trainer.step()
    assert row.accuracy is not None and row.accuracy > 0.85, row
    samples = list(range(16))
    header, cam = watch(context_of(trainer, 24), "attribution", None, samples, method="grad_cam", layer="c2")
    # Grad-CAM's 8×8 map, upsampled, lies on the shape and its outline (conv features answer to edges): the shape
    # grown by one pixel holds most of the mass, about twice its share of the image.
    shape = np.stack([binary_dilation(image > 0) for image in trainer.data.x_test[samples, 0].numpy()])
    inside = (cam * shape).sum(axis=(1, 2)) / np.maximum(cam.sum(axis=(1, 2)), 1e-12)
    area = shape.mean(axis=(1, 2))
    assert header["layer"] == "c2"
    assert np.median(inside) > 0.5 and np.median(inside / area) > 1.5, (inside, area)
