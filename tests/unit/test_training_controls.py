"""Training controls against PyTorch itself: every optimizer and schedule follows torch's own trajectory;
early stopping, freezing, initialisation, transfer, divergence, checkpoints and reproducibility."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import torch
import torch.nn.functional as F
from pydantic import ValidationError

from neurona.spec import ExperimentCreate, TrainingSettings
from neurona.train import checkpoints as ckpt
from neurona.train.optimizers import OPTIMIZERS
from neurona.train.safety import Blame, locate
from neurona.train.schedules import Plateau, PlateauParams
from neurona.train.trainer import DivergedError, Trainer
from tests.api.helpers import body, mlp

STEPS = 24
DATA = {"name": "circle", "options": {"noise": 10, "seed": 0, "size": 120}}


def trainer(**training: Any) -> Trainer:
    spec = {"epochs": 50, "batch_size": 10, "dataset": DATA, **training}
    return Trainer(ExperimentCreate.model_validate(body(**spec)), 10**6)


def reference_run(t: Trainer, make_opt: Any, make_sched: Any = None, steps: int = STEPS) -> list[list[torch.Tensor]]:
    """The same model, data and batch order, trained by a plain torch loop."""
    model = copy.deepcopy(t.model)
    opt = make_opt(model.parameters())
    sched = make_sched(opt) if make_sched else None
    order_rng = torch.Generator().manual_seed(t.settings.seed)
    trajectory, order = [], None
    for step in range(steps):
        within = step % t.steps_per_epoch
        if within == 0:
            order = torch.randperm(len(t.x_train), generator=order_rng)
        idx = order[within * t.batch_size:(within + 1) * t.batch_size]
        loss = F.binary_cross_entropy_with_logits(model(t.x_train[idx]), t.y_train[idx].float().view(-1, 1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        trajectory.append([p.detach().clone() for p in model.parameters()])
    return trajectory


def neurona_run(t: Trainer, steps: int = STEPS) -> list[list[torch.Tensor]]:
    out = []
    for _ in range(steps):
        t.step()
        out.append([p.detach().clone() for p in t.model.parameters()])
    return out


def assert_same(ours: list[list[torch.Tensor]], theirs: list[list[torch.Tensor]], exact: bool) -> None:
    for step, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        for pa, pb in zip(a, b, strict=True):
            same = torch.equal(pa, pb) if exact else torch.allclose(pa, pb, rtol=1e-5, atol=1e-6)
            assert same, f"step {step}: parameters differ by {(pa - pb).abs().max().item()}"


TORCH_OPTIMIZERS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "nesterov": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.1, alpha=0.99, eps=1e-8),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
    "adadelta": lambda p: torch.optim.Adadelta(p, lr=0.1, rho=0.9, eps=1e-6),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.01),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_each_optimizer_follows_torchs_trajectory(name: str) -> None:
    assert set(TORCH_OPTIMIZERS) == set(OPTIMIZERS)
    t = trainer(optimizer=name, lr=0.1)
    theirs = reference_run(t, TORCH_OPTIMIZERS[name])
    assert_same(neurona_run(t), theirs, exact=True)


def test_optimizer_parameters_reach_torch() -> None:
    t = trainer(optimizer="adam", lr=0.05, optimizer_params={"beta1": 0.5, "beta2": 0.9, "amsgrad": True,
                                                              "weight_decay": 0.001})
    theirs = reference_run(t, lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.5, 0.9), amsgrad=True,
                                                         weight_decay=0.001))
    assert_same(neurona_run(t), theirs, exact=True)


@pytest.mark.parametrize(("schedule", "params", "warmup", "make"), [
    ("step", {"step_size": 5, "gamma": 0.5}, 0, lambda o: torch.optim.lr_scheduler.StepLR(o, 5, 0.5)),
    ("exponential", {"gamma": 0.9}, 0, lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9)),
    ("cosine", {"t_max": STEPS, "min_lr": 0.001}, 0,
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, STEPS, eta_min=0.001)),
    ("constant", {}, 6, lambda o: torch.optim.lr_scheduler.LinearLR(o, 1 / 7, total_iters=6)),
])
def test_each_schedule_follows_torchs_trajectory(schedule: str, params: dict, warmup: int, make: Any) -> None:
    t = trainer(optimizer="sgd", lr=0.5, schedule=schedule, schedule_params=params, warmup_steps=warmup)
    theirs = reference_run(t, lambda p: torch.optim.SGD(p, lr=0.5), make)
    lrs = []
    ours = []
    for _ in range(STEPS):
        lrs.append(t.step().lr)
        ours.append([p.detach().clone() for p in t.model.parameters()])
    assert_same(ours, theirs, exact=False)
    assert len(set(lrs)) > 1, "the schedule changed the learning rate"


def test_plateau_matches_torchs_reduce_on_plateau() -> None:
    losses = [1.0, 0.9, 0.9, 0.95, 0.91, 0.92, 0.5, 0.6, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4]
    ours = Plateau(PlateauParams(factor=0.5, patience=2, threshold=1e-4), 100)
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, threshold=1e-4)
    for loss in losses:
        ours.observe(loss)
        theirs.step(loss)
        assert ours.lr(1.0, 0) == pytest.approx(opt.param_groups[0]["lr"])
    assert ours.lr(1.0, 0) < 1.0


def test_clip_norm_matches_torch() -> None:
    t = trainer(optimizer="sgd", lr=0.5, clip_norm=0.05)
    model = copy.deepcopy(t.model)
    ours = neurona_run(t, 1)
    t2 = trainer(optimizer="sgd", lr=0.5)
    x, y = t2._next_batch()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    F.binary_cross_entropy_with_logits(model(x), y.float().view(-1, 1)).backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.05)
    opt.step()
    assert_same(ours, [[p.detach() for p in model.parameters()]], exact=True)


def test_l1_and_l2_penalties_match_torch_on_the_weight_matrices() -> None:
    t = trainer(optimizer="sgd", lr=0.5, l1=0.01, l2=0.02)
    model = copy.deepcopy(t.model)
    ours = neurona_run(t, 1)
    x, y = trainer(optimizer="sgd", lr=0.5)._next_batch()
    weights = [p for p in model.parameters() if p.dim() > 1]  # biases are not penalised
    loss = F.binary_cross_entropy_with_logits(model(x), y.float().view(-1, 1))
    (loss + 0.01 * sum(w.abs().sum() for w in weights) + 0.02 * sum((w * w).sum() for w in weights)).backward()
    torch.optim.SGD(model.parameters(), lr=0.5).step()
    assert_same(ours, [[p.detach() for p in model.parameters()]], exact=False)


def test_same_seed_same_metrics_and_another_seed_differs() -> None:
    rows = [[trainer(seed=s).step().as_dict() for _ in range(1)] for s in (3, 3, 4)]
    a, b = trainer(seed=3, optimizer="momentum"), trainer(seed=3, optimizer="momentum")
    assert [a.step() for _ in range(30)] == [b.step() for _ in range(30)]
    assert rows[0] == rows[1] != rows[2]


def test_early_stopping_restores_the_best_weights() -> None:
    t = trainer(optimizer="sgd", lr=3.0, validation_ratio=0.3, patience=2, restore_best=True, epochs=200,
                graph=mlp((16,)))
    while not t.done:
        t.step()
    m = t.monitor
    assert m.stopped_early and t.step_count < t.total_steps and m.bad_epochs == 2
    assert m.best_state is not None and m.best_step < t.step_count
    note = t.finish()
    assert note and "early stopping" in note and f"step {m.best_step}" in note
    for name, value in t.model.state_dict().items():
        assert torch.equal(value, m.best_state[name])
    assert t.evaluate().val_loss == pytest.approx(m.best_loss)


def test_frozen_nodes_stay_bit_identical() -> None:
    t = trainer(optimizer="adamw", lr=0.1, frozen=["fc1"], l2=0.01, graph=mlp((8, 8)))
    before = {k: v.clone() for k, v in t.model.state_dict().items()}
    neurona_run(t, 30)
    after = t.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before if k.startswith("layers.fc1."))
    assert not torch.equal(before["layers.fc2.weight"], after["layers.fc2.weight"])


def test_initialisation_global_and_per_node() -> None:
    t = trainer(init={"scheme": "constant", "value": 0.25}, graph=mlp((8, 8)),
                init_overrides={"fc2": {"scheme": "zeros"}, "out": {"scheme": "normal", "std": 2.0}})
    layers = t.model.layers
    assert torch.all(layers["fc1"].weight == 0.25) and torch.all(layers["fc1"].bias == 0)
    assert torch.all(layers["fc2"].weight == 0)
    assert layers["out"].weight.std() > 0.5
    xavier = trainer(init={"scheme": "xavier_uniform"}, graph=mlp((8,))).model.layers["fc1"].weight
    assert xavier.abs().max() <= (6 / (2 + 8)) ** 0.5
    kaiming = trainer(init={"scheme": "kaiming_normal"}, seed=1).model.layers["fc1"].weight
    assert not torch.equal(kaiming, trainer(seed=1).model.layers["fc1"].weight)


def test_transfer_matches_by_node_and_shape_and_finetunes_at_its_own_rate(tmp_path: Path) -> None:
    source = trainer(graph=mlp((8,)))
    neurona_run(source, 5)
    source.save(tmp_path)
    weights = ckpt.unprefixed("model.", ckpt.load(tmp_path / ckpt.LAST)[0])
    spec = ExperimentCreate.model_validate(body(dataset=DATA, graph=mlp((8, 4)), finetune_lr=0.001,
                                                init_from="src", lr=0.1))
    t = Trainer(spec, 10**6, weights)
    assert torch.equal(t.model.layers["fc1"].weight, source.model.layers["fc1"].weight)
    assert any(w.startswith("out.weight: shape [1, 8] in the source, [1, 4] here") for w in t.warnings)
    assert any(w.startswith("fc2.weight: not in the source") for w in t.warnings)
    t.step()
    assert [g["lr"] for g in t.optimizer.param_groups] == [0.1, 0.001]
    assert len(t.optimizer.param_groups[1]["params"]) == 3  # fc1 weight and bias, out.bias (same shape)


def test_divergence_names_the_node_and_suggests_a_lower_learning_rate() -> None:
    t = trainer(optimizer="sgd", lr=1000.0, dataset={"name": "plane", "options": {"seed": 0}},
                graph=mlp((8,), activation="ReLU"))
    with pytest.raises(DivergedError) as err:
        for _ in range(200):
            t.step()
    message = str(err.value)
    assert "lower the learning rate (now 1000)" in message
    assert err.value.node in ("fc1", "act1", "out") and f"node '{err.value.node}'" in message, message


def test_locate_finds_the_first_node_in_topological_order() -> None:
    t = trainer(graph=mlp((8, 8)))
    x = t.x_train[:4]
    clean = locate(t.model, x)
    assert clean.node is None and "loss itself" in clean.text
    with torch.no_grad():
        t.model.layers["fc2"].weight[0, 0] = float("inf")
    weights = locate(t.model, x)
    assert weights.node == "fc2" and weights.text.startswith("the weights of node 'fc2'")
    with torch.no_grad():
        t.model.layers["fc2"].weight[0, 0] = 0.0
    x = x.clone()
    x[0, 0] = float("nan")
    assert locate(t.model, x) == Blame("fc1", "node 'fc1' produced NaN outputs")


@pytest.mark.parametrize("name", ["nesterov", "rmsprop", "adagrad", "adadelta", "adamw"])
def test_a_resumed_checkpoint_continues_exactly(name: str, tmp_path: Path) -> None:
    settings = {"optimizer": name, "schedule": "plateau", "validation_ratio": 0.2, "lr": 0.05}
    whole = trainer(**settings)
    expected = [whole.step() for _ in range(40)]
    first = trainer(**settings)
    rows = [first.step() for _ in range(17)]
    first.save(tmp_path)
    second = trainer(**settings)
    second.restore(tmp_path)
    assert rows + [second.step() for _ in range(23)] == expected


def test_optimizer_and_schedule_parameters_are_validated_by_name() -> None:
    with pytest.raises(ValidationError) as err:
        TrainingSettings(optimizer="adam", optimizer_params={"beta1": 1.5, "momentum": 0.9},
                         schedule="step", schedule_params={"gamma": 0})
    locs = {tuple(e["loc"]) for e in err.value.errors()}
    assert ("optimizer_params", "beta1") in locs and ("optimizer_params", "momentum") in locs
    settings = TrainingSettings(optimizer="sgd", momentum=0.5)
    assert settings.optimizer_params["momentum"] == 0.5, "the legacy momentum field still works"
