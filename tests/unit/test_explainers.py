"""Every explainer's numbers against PyTorch or values worked by hand."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from neurona.errors import SpecError
from neurona.gallery import TEMPLATES
from neurona.lessons.explainers import EXPLAINERS
from neurona.model import GraphModel
from neurona.spec import GraphSpec, analyze


def run(name: str, **values: object) -> dict:
    e = EXPLAINERS[name]
    return e.compute(e.input.model_validate(values)).model_dump()


def test_softmax_matches_torch_and_the_hand_worked_scores() -> None:
    out = run("softmax", scores=[2.0, 1.0, 0.1])
    assert [round(p, 3) for p in out["probabilities"]] == [0.659, 0.242, 0.099]
    hot = run("softmax", scores=[3.0, -1.0, 0.5, 2.0], temperature=0.5)
    expected = torch.softmax(torch.tensor([3.0, -1.0, 0.5, 2.0], dtype=torch.float64) / 0.5, 0)
    assert hot["probabilities"] == pytest.approx(expected.tolist(), abs=1e-12) and hot["predicted"] == 0
    assert sum(hot["probabilities"]) == pytest.approx(1.0)


def test_cross_entropy_two_models_same_accuracy_different_loss() -> None:
    out = run("cross_entropy")
    a, b = out["models"]
    assert a["accuracy"] == b["accuracy"] == 0.75
    assert a["loss"] == pytest.approx((-math.log(0.9) * 2 - math.log(0.8) - math.log(0.35)) / 4)
    assert b["loss"] == pytest.approx((-math.log(0.4) * 3 - math.log(0.05)) / 4)
    probs = torch.tensor([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.05, 0.05, 0.9], [0.4, 0.35, 0.25]])
    torch_loss = nn.functional.cross_entropy(probs.log(), torch.tensor([0, 1, 2, 1]))  # log-probs as logits
    assert a["loss"] == pytest.approx(float(torch_loss), rel=1e-6)


@pytest.mark.parametrize(("size", "kernel", "padding", "stride", "dilation"), [
    (28, 5, 0, 1, 1), (28, 5, 2, 1, 1), (28, 3, 1, 2, 1), (32, 3, 0, 3, 2), (7, 7, 0, 1, 1), (9, 3, "same", 1, 2),
])
def test_conv_size_matches_an_actual_conv2d(size: int, kernel: int, padding: object, stride: int,
                                            dilation: int) -> None:
    out = run("conv_size", height=size, width=size + 3, in_channels=3, out_channels=4, kernel_size=kernel,
              padding=padding, stride=stride, dilation=dilation)
    conv = nn.Conv2d(3, 4, kernel, stride=stride, padding=padding, dilation=dilation)  # type: ignore[arg-type]
    assert out["output_shape"] == list(conv(torch.zeros(1, 3, size, size + 3)).shape[1:])
    assert out["params"] == sum(p.numel() for p in conv.parameters())
    assert len(out["steps"]) == 3


def test_conv_size_that_does_not_fit_names_the_field() -> None:
    with pytest.raises(SpecError) as err:
        run("conv_size", height=4, width=4, kernel_size=7)
    assert err.value.issues[0].field == "kernel_size" and "larger than" in err.value.issues[0].message


def test_dice_and_jaccard_by_hand() -> None:
    out = run("dice")  # 6 predicted pixels, 6 true, 4 shared
    assert (out["intersection"], out["prediction_sum"], out["target_sum"]) == (4, 6, 6)
    assert out["dice"] == pytest.approx(8 / 12) and out["jaccard"] == pytest.approx(4 / 8)
    soft = run("dice", prediction=[[0.5, 1.0], [0.0, 0.25]], target=[[1, 1], [0, 1]], smooth=1.0)
    assert soft["dice"] == pytest.approx((2 * 1.75 + 1) / (1.75 + 3 + 1))
    assert soft["jaccard"] == pytest.approx((1.75 + 1) / (1.75 + 3 - 1.75 + 1))
    with pytest.raises(SpecError) as err:
        run("dice", prediction=[[1, 0]], target=[[1], [0]])
    assert err.value.issues[0].field == "target"


def test_bpe_merges_step_by_step_on_a_hand_worked_corpus() -> None:
    # chunks "low", " lower", " lowest": (l,o) and (o,w) ×3 — ties to the smaller pair, so (l,o) first, then
    # (lo,w) ×3, then (' ',low) ×2 ... then (e,r)? no: (' low', e) ×2 beats the singletons
    out = run("bpe", corpus="low lower lowest", merges=4)
    assert [m["pair"] for m in out["merges"]] == [["l", "o"], ["lo", "w"], [" ", "low"], [" low", "e"]]
    assert [m["count"] for m in out["merges"]] == [3, 3, 2, 2]
    assert out["merges"][1]["pieces"] == ["low", " ", "low", "e", "r", " ", "low", "e", "s", "t"]
    assert out["merges"][-1]["pieces"] == ["low", " lowe", "r", " lowe", "s", "t"]
    assert out["stopped"] == "merges" and out["merges"][-1]["vocab_size"] == len(set("low lower lowest")) + 4
    assert run("bpe", corpus="ab cd", merges=5)["stopped"] == "no_pair"


def test_positional_encoding_follows_the_formula() -> None:
    out = run("positional_encoding", length=10, dim=6)
    matrix = out["matrix"]
    for pos in range(10):
        for i in range(3):
            angle = pos / 10000 ** (2 * i / 6)
            assert matrix[pos][2 * i] == pytest.approx(math.sin(angle), abs=1e-6)
            assert matrix[pos][2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-6)


def test_batch_norm_running_statistics_by_hand() -> None:
    batches = [[1.0, 2.0, 3.0, 6.0], [4.0, 5.0, 6.0, 9.0]]
    out = run("batch_norm", batches=batches, momentum=0.1, test_value=3.0)
    mean, var = 0.0, 1.0
    for batch, row in zip(batches, out["batches"], strict=True):
        m = sum(batch) / len(batch)
        unbiased = sum((x - m) ** 2 for x in batch) / (len(batch) - 1)
        mean, var = 0.9 * mean + 0.1 * m, 0.9 * var + 0.1 * unbiased
        assert (row["running_mean"], row["running_var"]) == (pytest.approx(mean), pytest.approx(var))
        biased = sum((x - m) ** 2 for x in batch) / len(batch)
        assert row["normalized"][0] == pytest.approx((batch[0] - m) / math.sqrt(biased + 1e-5))
    assert mean == pytest.approx(0.3 * 0.9 + 0.6)  # 0.3 after the first batch, then 0.9·0.3 + 0.1·6
    assert out["test_output"] == pytest.approx((3.0 - mean) / math.sqrt(var + 1e-5))


def test_dropout_scales_survivors_and_is_identity_at_test_time() -> None:
    values = [float(v) for v in range(1, 33)]
    out = run("dropout", values=values, p=0.25, seed=3, repeats=4000)
    torch.manual_seed(3)
    expected = nn.Dropout(0.25)(torch.tensor(values, dtype=torch.float64))
    assert out["train_output"] == expected.tolist()
    kept = [o for o in out["train_output"] if o != 0]
    assert all(o / v == pytest.approx(4 / 3) for o, v in zip(out["train_output"], values, strict=True) if o)
    assert 0 < len(kept) < 32 and out["eval_output"] == values and out["scale"] == pytest.approx(4 / 3)
    assert out["mean_of_repeats"] == pytest.approx(values, rel=0.06)
    assert out["spread_of_repeats"][9] == pytest.approx(10 * math.sqrt(1 / 3), rel=0.06)  # v·√(p/(1−p))


@pytest.mark.parametrize("template", [t["id"] for t in TEMPLATES if t["dataset"] is not None])
def test_param_count_equals_the_built_models_numel(template: str) -> None:
    out = run("param_count", template=template)
    chosen = next(t for t in TEMPLATES if t["id"] == template)
    shape = tuple(chosen["input"]["shape"])
    _report, plan = analyze(GraphSpec.model_validate(chosen["graph"]), shape)
    assert plan is not None
    model = GraphModel(plan, shape)
    assert out["total_params"] == sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert sum(n["params"] for n in out["nodes"]) == out["total_params"]


def test_param_count_of_a_design_only_template_without_building_it() -> None:
    assert run("param_count", template="vgg16")["total_params"] == 138_357_544  # VGG-16's published count


def test_param_count_of_a_graph_needs_its_dataset() -> None:
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "fc", "type": "Linear", "params": {"out_features": 3}}],
             "edges": [{"source": "in", "target": "fc"}]}
    with pytest.raises(SpecError) as err:
        run("param_count", graph=graph)
    assert err.value.issues[0].field == "dataset"
    out = run("param_count", graph=graph, dataset={"name": "circle", "options": {}})
    assert out["total_params"] == 2 * 3 + 3
