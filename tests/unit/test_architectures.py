"""The gallery's classic architectures, end to end: each validates, builds, counts its weights exactly like PyTorch
and takes one optimizer step with a finite loss on random data of the right shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
import torch
from torch import nn

from neurona.gallery import TEMPLATES, template
from neurona.layers.generative import Sampling
from neurona.model import GraphModel
from neurona.spec import GraphSpec, Task, analyze

BATCH = 4
IDS = [t["id"] for t in TEMPLATES]
TRAINABLE = [t["id"] for t in TEMPLATES if t["dataset"]]  # design-only templates (VGG-16) are too large to step
COURSE = {"perceptron", "lenet5", "vgg_block", "resnet_block", "unet", "conv_autoencoder", "vae", "seq2seq_lstm",
          "transformer_classifier", "tiny_vit"}


def random_input(spec: dict[str, Any], gen: torch.Generator) -> torch.Tensor:
    shape = (BATCH, *spec["shape"])
    if spec["kind"] == "tokens":
        return torch.randint(spec["vocab_size"], shape, generator=gen)
    return torch.rand(shape, generator=gen)


def loss_for(task: dict[str, Any], x: torch.Tensor, y: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    kind = task["kind"]
    if kind == "classification" and y.shape[1:] == (1,):
        target = torch.randint(2, y.shape, generator=gen).float()
        return nn.functional.binary_cross_entropy_with_logits(y, target)
    if kind == "classification":
        return nn.functional.cross_entropy(y, torch.randint(task["num_classes"], (BATCH,), generator=gen))
    if kind == "token_classification":
        target = torch.randint(task["num_classes"], y.shape[:-1], generator=gen)
        return nn.functional.cross_entropy(y.flatten(0, 1), target.flatten())
    if kind == "segmentation":
        return nn.functional.binary_cross_entropy_with_logits(y, (torch.rand(y.shape, generator=gen) > 0.5).float())
    target = x if kind in ("reconstruction", "vae") else torch.randn(y.shape, generator=gen)
    return nn.functional.mse_loss(y, target)


def analysis_task(task: dict[str, Any]) -> Task | None:
    return Task("classification", task["num_classes"]) if task["kind"] == "classification" else None


def test_the_gallery_covers_the_course_and_is_plain_json() -> None:
    assert set(IDS) >= COURSE and len(IDS) == len(set(IDS))
    assert json.loads(json.dumps(TEMPLATES)) == TEMPLATES
    copy = template("lenet5")
    copy["graph"]["nodes"].clear()
    assert template("lenet5")["graph"]["nodes"], "template() hands out copies"


@pytest.mark.parametrize("template_id", TRAINABLE)
def test_template_validates_builds_and_trains_one_step(template_id: str) -> None:
    t = template(template_id)
    shape = tuple(t["input"]["shape"])
    report, plan = analyze(GraphSpec.model_validate(t["graph"]), shape, analysis_task(t["task"]))
    assert report.valid and plan is not None, report.errors
    torch.manual_seed(0)
    model = GraphModel(plan, shape)
    assert report.total_params == sum(p.numel() for p in model.parameters())
    gen = torch.Generator().manual_seed(1)
    x = random_input(t["input"], gen)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    y = model(x)
    assert tuple(y.shape) == (BATCH, *report.output_shape)
    loss = loss_for(t["task"], x, y, gen)
    for module in model.modules():
        if isinstance(module, Sampling) and module.kl is not None:
            loss = loss + module.kl  # the VAE's KL term
    assert torch.isfinite(loss)
    before = [p.detach().clone() for p in model.parameters()]
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    changed = sum(not torch.equal(a, b.detach()) for a, b in zip(before, model.parameters(), strict=True))
    assert changed > 0, "the step must move some weights"


def test_lenet5_has_its_classic_weight_count() -> None:
    t = template("lenet5")
    report, _plan = analyze(GraphSpec.model_validate(t["graph"]), tuple(t["input"]["shape"]))
    assert report.total_params == 61_706
    assert report.nodes["s4"].output_shape == [16, 5, 5]
    assert report.nodes["c1"].explain is not None and report.nodes["c1"].explain[0] == "H: ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"


def test_unet_and_autoencoders_give_back_an_image_of_the_input_size() -> None:
    for template_id in ("unet", "conv_autoencoder", "segnet_autoencoder", "vae"):
        t = template(template_id)
        report, _plan = analyze(GraphSpec.model_validate(t["graph"]), tuple(t["input"]["shape"]))
        assert report.output_shape == t["input"]["shape"], template_id
