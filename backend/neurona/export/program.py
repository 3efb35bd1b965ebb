"""An experiment's spec made ready to export: its dataset, its plan and the server's model with its weights."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import save

from ..data import LoadedDataset, load_dataset
from ..errors import Conflict, SpecError
from ..i18n.messages import say
from ..model import GraphModel
from ..spec import ExperimentCreate, analyze
from ..train import checkpoints as ckpt
from ..train.init import initialise
from .source import Rendering


class NoWeights(Conflict, LookupError):
    """The run has no checkpoint to take weights from (it never trained, or never saved): a 409."""


@dataclass
class Program:
    spec: ExperimentCreate
    data: LoadedDataset
    rendering: Rendering

    @property
    def example(self) -> torch.Tensor:
        """A few real test inputs: valid for every dataset kind (token ids stay in the vocabulary)."""
        return self.data.x_test[:4]

    def model(self, state: dict[str, torch.Tensor] | None = None) -> torch.nn.Module:
        """The server's model in eval mode: with `state` (GraphModel keys) or the run's seeded initial weights."""
        s = self.spec.training
        torch.manual_seed(s.seed)  # as the trainer does, so the initial weights are the run's own
        model = GraphModel(self.rendering.plan, self.data.input_shape)
        initialise(model, s.init, s.init_overrides)
        if state is not None:
            model.load_state_dict(state)
        return model.eval()

    def exported_state(self, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """GraphModel's state dict under the exported module's keys."""
        return {self.rendering.state_key(k): v.contiguous() for k, v in state.items()}


def prepare(spec: ExperimentCreate) -> Program:
    """Analyse the spec against its dataset; a SpecError (422) names every problem, as validation does."""
    data = load_dataset(spec.dataset)
    report, plan = analyze(spec.graph, data.input_shape, data.posed)
    if plan is None:
        raise SpecError(report.errors)
    rendering = Rendering(plan, data.input_shape, title=spec.name, dataset=spec.dataset.name, tokens=data.kind.tokens)
    return Program(spec, data, rendering)


def trained_state(data_dir: Path, experiment_id: str) -> tuple[dict[str, torch.Tensor], dict[str, object]]:
    """The model tensors of the run's last checkpoint and its metadata; NoWeights when there is none."""
    path = ckpt.checkpoint_dir(data_dir, experiment_id) / ckpt.LAST
    if not path.is_file():
        raise NoWeights(say("no_weights_yet", id=experiment_id))
    tensors, meta = ckpt.load(path)
    return ckpt.unprefixed("model.", tensors), meta


def safetensors_bytes(program: Program, state: dict[str, torch.Tensor], step: int) -> bytes:
    """The weights as a safetensors file whose keys are the exported module's, so `load_state_dict` takes it."""
    meta = {"format": "pt", "class": program.rendering.class_name, "step": str(step), "source": "neurona"}
    return save(program.exported_state(state), metadata=meta)
