"""Divergence that never produces a NaN (saturated units, huge logits) still ends the run with a clear message."""

from __future__ import annotations

import pytest

from neurona.spec import ExperimentCreate
from neurona.train.safety import DivergedError
from neurona.train.trainer import Trainer

GRAPH = {
    "nodes": [{"id": "in", "type": "Input"}, {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
              {"id": "a1", "type": "Tanh"}, {"id": "fc2", "type": "Linear", "params": {"out_features": 8}},
              {"id": "a2", "type": "Tanh"}, {"id": "out", "type": "Linear", "params": {"out_features": 1}}],
    "edges": [{"source": a, "target": b} for a, b in [("in", "fc1"), ("fc1", "a1"), ("a1", "fc2"), ("fc2", "a2"),
                                                      ("a2", "out")]],
}


def trainer(optimizer: str, lr: float, epochs: int = 20) -> Trainer:
    spec = {"graph": GRAPH, "dataset": {"name": "circle"},
            "training": {"optimizer": optimizer, "lr": lr, "epochs": epochs, "seed": 0}}
    return Trainer(ExperimentCreate.model_validate(spec), max_steps=100_000)


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_learning_rate_1000_fails_naming_a_node_and_the_fix(optimizer: str) -> None:
    run = trainer(optimizer, 1000)
    with pytest.raises(DivergedError) as failure:
        while not run.done:
            run.step()
    message = str(failure.value)
    assert "node '" in message and "lower the learning rate (now 1000)" in message
    assert run.step_count <= 60, "a runaway run is stopped within a few windows"


@pytest.mark.slow
@pytest.mark.parametrize(("optimizer", "lr"), [("adam", 0.03), ("adam", 0.3), ("sgd", 1.0), ("sgd", 3.0)])
def test_ordinary_and_bold_learning_rates_train_to_the_end(optimizer: str, lr: float) -> None:
    run = trainer(optimizer, lr, epochs=10)
    while not run.done:
        run.step()
    assert run.step_count == run.total_steps
