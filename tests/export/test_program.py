"""What the exported training script is built from: the task the data pose (with a regression target's shape) and
the loss the run chose, so the script trains what the server trains."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from neurona.export import prepare
from neurona.export.script import train_source
from neurona.spec import ExperimentCreate
from neurona.tasks import LOSSES, TASKS


def forecast(**training: Any) -> ExperimentCreate:
    graph = {"nodes": [{"id": "in", "type": "Input"}, {"id": "lstm", "type": "LSTM",
                                                       "params": {"hidden_size": 8, "output": "last"}},
                       {"id": "out", "type": "Linear", "params": {"out_features": 1}}],
             "edges": [{"source": "in", "target": "lstm"}, {"source": "lstm", "target": "out"}]}
    return ExperimentCreate.model_validate({"graph": graph, "dataset": {"name": "signals", "options": {"size": 100}},
                                            "training": training})


def test_a_forecast_with_a_one_value_target_exports() -> None:
    program = prepare(forecast())
    assert program.data.target_shape == (1,)
    ast.parse(train_source(program))


@pytest.mark.parametrize("loss", TASKS["regression"].losses)
def test_the_script_trains_with_the_runs_loss(loss: str) -> None:
    source = train_source(prepare(forecast(loss=loss)))
    tree = ast.parse(source)  # every loss is a named function the script can carry
    defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    assert LOSSES[loss].compute.__name__ in defined
    others = {LOSSES[o].compute.__name__ for o in TASKS["regression"].losses if o != loss}
    assert not others & defined, "only the run's loss travels with the script"
