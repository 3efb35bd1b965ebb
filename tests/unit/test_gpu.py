"""Training on a CUDA device, when the machine has one (run on GPU hosts; skipped elsewhere)."""

from __future__ import annotations

import pytest
import torch

from neurona.spec import ExperimentCreate
from neurona.train.trainer import Trainer

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]

GRAPH = {
    "nodes": [{"id": "in", "type": "Input"}, {"id": "h", "type": "Linear", "params": {"out_features": 16}},
              {"id": "a", "type": "ReLU"}, {"id": "out", "type": "Linear", "params": {"out_features": 1}}],
    "edges": [{"source": "in", "target": "h"}, {"source": "h", "target": "a"}, {"source": "a", "target": "out"}],
}


def test_auto_device_trains_on_the_gpu() -> None:
    spec = ExperimentCreate.model_validate({"graph": GRAPH, "training": {"device": "auto", "epochs": 30}})
    trainer = Trainer(spec, max_steps=10_000)
    assert trainer.device.type == "cuda"
    first = trainer.step()
    while not trainer.done:
        last = trainer.step()
    assert last.test_loss < first.test_loss
    assert last.accuracy is not None and last.accuracy >= 0.95


@pytest.mark.parametrize("amp", ["bf16", "fp16"])
def test_mixed_precision_trains_on_the_gpu(amp: str) -> None:
    spec = ExperimentCreate.model_validate({"graph": GRAPH, "training": {"device": "cuda", "epochs": 30, "amp": amp}})
    trainer = Trainer(spec, max_steps=10_000)
    assert trainer.amp_dtype is not None and not trainer.warnings
    assert trainer.scaler.is_enabled() == (amp == "fp16")
    while not trainer.done:
        trainer.train_step()
    last = trainer.measure(evaluate=True)
    assert last.accuracy is not None and last.accuracy >= 0.95
