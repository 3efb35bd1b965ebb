"""The prior probe against PyTorch: its images are the seeded codes decoded by the model's own layers called by
hand, the same codes at every step; the grid walks [-2, 2]² row by row; watches that cannot decode are refused
naming the field."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from neurona.gallery import template
from neurona.probes import WatchMessage, WatchProblem
from neurona.probes.check import resolve
from neurona.probes.context import context_of
from neurona.probes.prior import PriorOptions, prior_codes
from neurona.probes.session import run_probe
from neurona.stream.frames import decode_values
from neurona.train.trainer import Trainer
from tests.unit.test_probes import trainer_for

DECODER = ("d1", "d1r", "d2", "img", "out")  # the VAE template's nodes after its Sampling node `z`


def vae(latent: int = 4) -> Trainer:
    t = template("vae")
    for n in t["graph"]["nodes"]:
        if n["id"] in ("mean", "log_var"):
            n["params"]["out_features"] = latent
    trainer = trainer_for(t["graph"], t["dataset"], batch_size=32, seed=7)
    for _ in range(5):
        trainer.step()
    return trainer


@pytest.fixture(scope="module")
def trained() -> Trainer:
    return vae()


def prior_frame(trainer: Trainer, node: str = "z", **options: Any) -> tuple[dict[str, Any], np.ndarray]:
    ctx = context_of(trainer, 24)
    (header, data), = run_probe(ctx, resolve(WatchMessage(type="watch", probe="prior", node=node, options=options),
                                             ctx.subject))
    return header, decode_values(header, data)


def decoded_by_hand(trainer: Trainer, codes: torch.Tensor) -> np.ndarray:
    value = codes
    with torch.no_grad():
        for node in DECODER:
            value = trainer.model.layers[node](value)
    return value.numpy()


def test_prior_images_are_the_seeded_codes_decoded_by_the_model_layers(trained: Trainer) -> None:
    header, images = prior_frame(trained, count=16, seed=3)
    codes = torch.randn((16, 4), generator=torch.Generator().manual_seed(3))
    expected = decoded_by_hand(trained, codes)
    assert header["type"] == "prior" and header["shape"] == [16, 1, 8, 8] and header["layout"] == "samples"
    # the fixed range is the images' (digits scaled to 0..1), so frames compare across steps
    assert header["offset"] == 0.0 and header["scale"] == pytest.approx(1 / 255)
    assert np.abs(images - expected).max() <= header["scale"] / 2 + 1e-6


def test_the_same_seed_decodes_the_same_codes_as_training_goes_on() -> None:
    trainer = vae()
    _, before = prior_frame(trainer, seed=5)
    codes = torch.randn((16, 4), generator=torch.Generator().manual_seed(5))
    trainer.step()
    header, after = prior_frame(trainer, seed=5)
    assert np.abs(after - decoded_by_hand(trainer, codes)).max() <= header["scale"] / 2 + 1e-6
    assert not np.array_equal(before, after), "the decoder changed, the codes did not"
    _, other_seed = prior_frame(trainer, seed=6)
    assert not np.array_equal(after, other_seed)


def test_running_from_a_node_is_the_forward_pass_from_there(trained: Trainer) -> None:
    model, x = trained.model.eval(), trained.data.x_test[:8]
    with torch.no_grad():
        mean = model.layers["mean"](model.layers["hr"](model.layers["h"](model.layers["flat"](x))))
        assert torch.equal(model.run_from({model.input_id: x}), model(x))
        # in evaluation Sampling returns the mean, so decoding the mean is the whole model
        assert torch.allclose(model.run_from({"z": mean}), model(x))
    model.train()


def test_the_grid_walks_the_square_row_by_row_from_the_top_left() -> None:
    trainer = vae(latent=2)
    header, images = prior_frame(trainer, layout="grid", count=9)
    codes = prior_codes((2,), PriorOptions(layout="grid", count=9))
    assert codes[[0, 2, 4, 6, 8]].tolist() == [[-2, 2], [2, 2], [0, 0], [-2, -2], [2, -2]]
    assert header["columns"] == 3 and header["extent"] == [-2.0, 2.0] and header["shape"] == [9, 1, 8, 8]
    assert np.abs(images - decoded_by_hand(trainer, codes)).max() <= header["scale"] / 2 + 1e-6


def skip_vae() -> dict[str, Any]:
    """The VAE template with the encoder's hidden layer also feeding the decoder: no decoder from `z` alone."""
    t = template("vae")
    t["graph"]["nodes"] += [{"id": "mix", "type": "Add", "params": {}}]
    t["graph"]["edges"] = [e for e in t["graph"]["edges"] if not (e["source"] == "d1r" and e["target"] == "d2")]
    t["graph"]["edges"] += [{"source": "d1r", "target": "mix", "target_port": "a"},
                            {"source": "hr", "target": "mix", "target_port": "b"},
                            {"source": "mix", "target": "d2"}]
    return t


@pytest.mark.parametrize(("node", "options", "field"), [
    ("d1", {}, "node"), ("z", {"layout": "grid"}, "options.layout"), ("z", {"count": 65}, "options.count"),
    ("z", {"seed": -1}, "options.seed"), ("z", {"size": 3}, "options.size"),
])
def test_bad_prior_watches_name_the_field(trained: Trainer, node: str, options: dict[str, Any], field: str) -> None:
    with pytest.raises(WatchProblem) as err:
        resolve(WatchMessage(type="watch", probe="prior", node=node, options=options), context_of(trained, 24).subject)
    assert err.value.field == field, str(err.value)


def test_a_grid_needs_a_square_count_and_a_decoder_needs_only_the_code() -> None:
    trainer = vae(latent=2)
    with pytest.raises(WatchProblem, match="square") as err:
        resolve(WatchMessage(type="watch", probe="prior", node="z", options={"layout": "grid", "count": 10}),
                context_of(trainer, 24).subject)
    assert err.value.field == "options.count"
    t = skip_vae()
    skipping = trainer_for(t["graph"], t["dataset"])
    with pytest.raises(WatchProblem, match="'mix' also reads 'hr'") as err:
        resolve(WatchMessage(type="watch", probe="prior", node="z"), context_of(skipping, 24).subject)
    assert err.value.field == "node"
