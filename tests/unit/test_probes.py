"""Every probe's numbers against direct PyTorch computation on the same weights, and the cost rules: watching
nothing adds no hooks or work, and hooks are gone after each probe."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from neurona.gallery import template
from neurona.probes import PROBES, WatchMessage, WatchProblem
from neurona.probes.check import resolve
from neurona.probes.context import ProbeContext, context_of
from neurona.probes.session import ProbeSession, run_probe
from neurona.spec import ExperimentCreate
from neurona.stream.frames import decode_values, encode_frame
from neurona.train.trainer import Trainer
from tests.api.helpers import body, mlp


def trainer_for(graph: dict[str, Any], dataset: dict[str, Any], **training: Any) -> Trainer:
    spec = ExperimentCreate.model_validate(body(epochs=5, graph=graph, dataset=dataset, **training))
    return Trainer(spec, max_steps=1000)


@pytest.fixture(scope="module")
def lenet() -> Trainer:
    t = template("lenet5")
    trainer = trainer_for(t["graph"], t["dataset"], batch_size=16)
    trainer.step()
    return trainer


@pytest.fixture(scope="module")
def circle() -> Trainer:
    trainer = trainer_for(mlp((6, 4), "Tanh", 1), {"name": "circle", "options": {"noise": 0, "seed": 0}})
    trainer.step()
    return trainer


def watch(ctx: ProbeContext, probe: str, node: str | None = None, samples: list[int] | None = None,
          **options: Any) -> tuple[dict[str, Any], np.ndarray]:
    message = WatchMessage(type="watch", probe=probe, node=node, samples=samples or [0], options=options)
    (header, data), = run_probe(ctx, resolve(message, ctx.subject))
    return header, decode_values(header, data)


def prefix_output(trainer: Trainer, node: str, x: torch.Tensor) -> torch.Tensor:
    """The node's output computed by walking the plan by hand (no hooks)."""
    model = trainer.model
    values = {model.input_id: x}
    with torch.no_grad():
        model.eval()
        for node_id, sources in model.steps:
            values[node_id] = model.layers[node_id](*(values[s] for s in sources))
    return values[node]


def no_hooks(model: torch.nn.Module) -> bool:
    return all(not m._forward_hooks and not m._forward_pre_hooks and not m._backward_hooks for m in model.modules())


def test_conv_feature_maps_match_pytorch_and_leave_no_hooks(lenet: Trainer) -> None:
    ctx = context_of(lenet, 24)
    header, values = watch(ctx, "activations", "c1", [0, 3])
    expected = prefix_output(lenet, "c1", lenet.data.x_test[[0, 3]]).numpy()
    assert header["layout"] == "maps" and header["shape"] == [2, 6, 28, 28] and header["node_shape"] == [6, 28, 28]
    step = (np.array(header["plane_hi"]) - np.array(header["plane_lo"])).max() / 255
    assert np.abs(values - expected).max() <= step / 2 + 1e-6
    assert np.allclose(np.array(header["plane_lo"]).reshape(2, 6), expected.min(axis=(2, 3)), atol=1e-6)
    assert no_hooks(lenet.model)


def test_a_16_channel_28x28_map_fits_in_16_kb() -> None:
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "c", "type": "Conv2d",
                                                      "params": {"out_channels": 16, "kernel_size": 3, "padding": 1}},
                       {"id": "f", "type": "Flatten"}, {"id": "out", "type": "Linear", "params": {"out_features": 10}}],
             "edges": [{"source": "in", "target": "c"}, {"source": "c", "target": "f"},
                       {"source": "f", "target": "out"}],
             "output": "out"}
    trainer = trainer_for(graph, {"name": "digits", "options": {"resolution": 28}})
    (header, data), = run_probe(context_of(trainer, 24), resolve(
        WatchMessage(type="watch", probe="activations", node="c"), context_of(trainer, 24).subject))
    assert header["shape"] == [1, 16, 28, 28]
    assert len(encode_frame({"type": "activations", "seq": 123456, **header}, data)) <= 16 * 1024


def test_vectors_and_the_input_node(lenet: Trainer) -> None:
    ctx = context_of(lenet, 24)
    header, values = watch(ctx, "activations", "f6", [2])
    expected = prefix_output(lenet, "f6", lenet.data.x_test[[2]]).numpy()
    assert header["layout"] == "vector" and header["shape"] == [1, 1, 1, 84]
    assert np.allclose(values.reshape(1, 84), expected, atol=(expected.max() - expected.min()) / 255)
    _, pixels = watch(ctx, "activations", "in", [2])
    assert np.allclose(pixels.reshape(1, 1, 28, 28), lenet.data.x_test[[2]].numpy(), atol=1 / 255)


def test_weights_histogram_and_norms_match_pytorch(lenet: Trainer) -> None:
    ctx = context_of(lenet, 24)
    ctx.grads = True
    header, values = watch(ctx, "weights", "c3", bins=32)
    layer = lenet.model.layers["c3"]
    flat = torch.cat([layer.weight.flatten(), layer.bias.flatten()]).detach()
    grads = torch.cat([layer.weight.grad.flatten(), layer.bias.grad.flatten()])
    lo, hi = header["ranges"][0]
    assert (lo, hi) == pytest.approx((flat.min().item(), flat.max().item()))
    expected = torch.histc(flat, 32, lo, hi) / flat.numel()
    assert np.allclose(values[0], expected.numpy(), atol=1e-3)
    assert np.allclose(values[1], (torch.histc(grads, 32, *header["ranges"][1]) / grads.numel()).numpy(), atol=1e-3)
    assert header["weight_norm"] == pytest.approx(flat.norm().item(), rel=1e-5)
    assert header["grad_norm"] == pytest.approx(grads.norm().item(), rel=1e-5)


def test_update_ratio_is_the_step_taken(circle: Trainer) -> None:
    session = ProbeSession(hz=1000)
    ctx = context_of(circle, 24)
    message = WatchMessage(type="watch", probe="weights", node="fc1")
    session.set([resolve(message, ctx.subject).model_dump()])
    circle.after_backward = lambda: session.after_backward(ctx)
    layer = circle.model.layers["fc1"]
    before = torch.cat([layer.weight.flatten(), layer.bias.flatten()]).detach().clone()
    circle.step()
    circle.after_backward = None
    (header, _), = session.tick(ctx, circle.step_count, force=True)
    after = torch.cat([layer.weight.flatten(), layer.bias.flatten()]).detach()
    assert header["update_ratio"] == pytest.approx(((after - before).norm() / before.norm()).item(), rel=1e-4)


def test_norms_series_in_log10(circle: Trainer) -> None:
    ctx = context_of(circle, 24)
    ctx.grads = True
    header, values = watch(ctx, "norms")
    assert header["nodes"] == ["fc1", "fc2", "out"] and header["rows"] == ["weight", "grad", "update_ratio"]
    fc2 = circle.model.layers["fc2"]
    weight = torch.cat([fc2.weight.flatten(), fc2.bias.flatten()]).norm().item()
    assert 10 ** values[0, 1, -1] == pytest.approx(weight, rel=2e-3)  # float16 log10: ~3 significant digits


def test_weight_image_is_the_matrix_centred_on_zero(lenet: Trainer) -> None:
    ctx = context_of(lenet, 24)
    header, values = watch(ctx, "weight_image", "c1")
    weight = lenet.model.layers["c1"].weight.detach().numpy()
    bound = np.abs(weight).max()
    assert header["param"] == "weight" and header["shape"] == [6, 1, 5, 5] and not header["truncated"]
    assert header["offset"] == pytest.approx(-bound) and np.abs(values - weight).max() <= 2 * bound / 255


def test_confusion_matrix_and_predictions_match_argmax(lenet: Trainer) -> None:
    ctx = context_of(lenet, 24)
    header, counts = watch(ctx, "confusion")
    x, y = lenet.data.x_test[:512], lenet.data.y_test[:512]
    predicted = prefix_output(lenet, "out", x).argmax(dim=1)
    expected = np.zeros((10, 10))
    np.add.at(expected, (y.numpy(), predicted.numpy()), 1)
    assert np.array_equal(counts, expected) and header["total"] == len(y)
    header, probs = watch(ctx, "predictions", samples=[1, 4])
    logits = prefix_output(lenet, "out", lenet.data.x_test[[1, 4]])
    assert header["view"] == "classes" and header["labels"] == lenet.data.y_test[[1, 4]].tolist()
    assert header["predicted"] == logits.argmax(dim=1).tolist()
    assert np.allclose(probs, F.softmax(logits, dim=1).numpy(), atol=1 / 255)


def test_boundary_and_unit_maps_over_the_plane(circle: Trainer) -> None:
    ctx = context_of(circle, 16)
    header, surface = watch(ctx, "boundary")
    grid = circle.data.featurize(circle.data.grid(16))
    expected = torch.sigmoid(prefix_output(circle, "out", grid)).numpy().T.reshape(1, 16, 16)
    assert header["extent"] == list(circle.data.extent) and np.abs(surface - expected).max() <= 1 / 255
    header, maps = watch(ctx, "unit_maps", "act1", resolution=12)
    units = prefix_output(circle, "act1", circle.data.featurize(circle.data.grid(12))).numpy()
    assert header["shape"] == [6, 12, 12]
    assert np.abs(maps - units.T.reshape(6, 12, 12)).max() <= 2 / 255 + 1e-6


def test_samples_list_labels_predictions_and_confidence(lenet: Trainer) -> None:
    header, thumbs = watch(context_of(lenet, 24), "samples", count=5)
    probs = F.softmax(prefix_output(lenet, "out", lenet.data.x_test[:5]), dim=1)
    assert header["indices"] == [0, 1, 2, 3, 4] and header["labels"] == lenet.data.y_test[:5].tolist()
    assert header["predicted"] == probs.argmax(dim=1).tolist()
    assert header["confidence"] == pytest.approx(probs.max(dim=1).values.tolist(), abs=1e-3)
    assert thumbs.shape == (5, 1, 28, 28)


@pytest.mark.parametrize(("probe", "node", "extra", "field"), [
    ("nope", None, {}, "probe"), ("activations", None, {}, "node"), ("activations", "zz", {}, "node"),
    ("weights", "a1", {}, "node"), ("boundary", None, {}, "probe"), ("confusion", "c1", {}, "node"),
    ("activations", "c1", {"samples": [10**6]}, "samples"), ("weights", "c1", {"options": {"bins": 2}}, "options.bins"),
])
def test_bad_watches_name_the_field(lenet: Trainer, probe: str, node: str | None, extra: dict[str, Any],
                                    field: str) -> None:
    with pytest.raises(WatchProblem) as err:
        resolve(WatchMessage(type="watch", probe=probe, node=node, **extra), context_of(lenet, 24).subject)
    assert err.value.field == field, str(err.value)


def test_watching_nothing_adds_no_hooks_and_no_work(circle: Trainer) -> None:
    session = ProbeSession(hz=1e6)
    ctx = context_of(circle, 24)
    assert session.idle and session.tick(ctx, circle.step_count, force=True) == []
    circle.step()
    assert no_hooks(circle.model) and circle.after_backward is None and ctx.before == {} and ctx.history is None


def test_the_table_is_served_with_boundary_first() -> None:
    assert next(iter(PROBES)) == "boundary"
    for probe in PROBES.values():
        assert probe.catalog_entry()["options_schema"]["type"] == "object"


def test_a_frozen_node_shows_its_weights_without_gradients_and_training_goes_on() -> None:
    frozen = trainer_for(mlp((6,), "Tanh", 1), {"name": "circle", "options": {"noise": 0, "seed": 0}},
                         frozen=["fc1"])
    session = ProbeSession(hz=1e6)
    ctx = context_of(frozen, 24)
    session.set([resolve(WatchMessage(type="watch", probe="weights", node="fc1"), ctx.subject).model_dump()])
    frozen.after_backward = lambda: session.after_backward(ctx)
    fc1 = frozen.model.layers["fc1"]
    before = torch.cat([fc1.weight.detach().flatten(), fc1.bias.detach().flatten()])
    frozen.step()  # the weights are copied after the backward pass, frozen ones too
    [(header, _data)] = session.tick(ctx, frozen.step_count, force=True)
    assert header["grad_norm"] is None and header["update_ratio"] == 0.0
    assert header["weight_norm"] == pytest.approx(before.norm().item(), rel=1e-6)


def test_a_weight_image_needs_a_weight_matrix_not_just_parameters() -> None:
    """A BatchNorm node has parameters (scale and shift, one value per channel) but nothing to draw as an image:
    the watch is refused up front, with the reason, rather than failing on the worker."""
    graph = mlp((6,), "ReLU", 1)
    graph["nodes"].insert(2, {"id": "bn", "type": "BatchNorm1d", "params": {}})
    graph["edges"] = [e for e in graph["edges"] if e["source"] != "fc1"] + [
        {"source": "fc1", "target": "bn"}, {"source": "bn", "target": "act1"}]
    subject = context_of(trainer_for(graph, {"name": "circle", "options": {"seed": 0}}), 24).subject
    assert subject.nodes["bn"].params == 12 and subject.nodes["bn"].matrix_params == 0
    with pytest.raises(WatchProblem) as err:
        resolve(WatchMessage(type="watch", probe="weight_image", node="bn"), subject)
    assert err.value.field == "node" and "weight matrix or kernel" in str(err.value) and "'bn'" in str(err.value)
    resolve(WatchMessage(type="watch", probe="weights", node="bn"), subject)  # its histograms still apply
    resolve(WatchMessage(type="watch", probe="weight_image", node="fc1"), subject)
