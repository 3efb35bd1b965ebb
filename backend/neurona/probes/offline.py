"""Probing a run that has no worker (created, finished, stopped, failed, interrupted) in the server process.

The model is rebuilt from the run's spec (seeded, so a run never started has its initial weights) and loaded
from its checkpoint; contexts are cached per run and checkpoint version, because building one generates the
dataset. Gradients are not in a checkpoint: gradient fields come back unknown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..spec import ExperimentCreate
from ..train import checkpoints as ckpt
from ..train.trainer import Trainer
from .context import ProbeContext, context_of

CACHED_RUNS = 8


class OfflineContexts:
    def __init__(self, data_dir: Path, resolution: int, max_steps: int):
        self.data_dir, self.resolution, self.max_steps = data_dir, resolution, max_steps
        self._cache: OrderedDict[str, tuple[float, ProbeContext, threading.Lock]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, experiment_id: str, spec: dict[str, Any]) -> tuple[ProbeContext, threading.Lock]:
        """The run's context at its latest checkpoint (built or taken from the cache), with its lock."""
        path = ckpt.checkpoint_dir(self.data_dir, experiment_id) / ckpt.LAST
        version = path.stat().st_mtime if path.is_file() else 0.0
        with self._lock:
            cached = self._cache.get(experiment_id)
            if cached is not None and cached[0] == version:
                self._cache.move_to_end(experiment_id)
                return cached[1], cached[2]
        ctx = self._build(spec, path if version else None)
        entry = (version, ctx, threading.Lock())
        with self._lock:
            self._cache[experiment_id] = entry
            while len(self._cache) > CACHED_RUNS:
                self._cache.popitem(last=False)
        return ctx, entry[2]

    def _build(self, spec: dict[str, Any], checkpoint: Path | None) -> ProbeContext:
        trainer = Trainer(ExperimentCreate.model_validate(spec), self.max_steps)
        step = 0
        if checkpoint is not None:
            tensors, meta = ckpt.load(checkpoint)
            trainer.model.load_state_dict(ckpt.unprefixed("model.", tensors))
            step = int(meta.get("step", 0))
        ctx = context_of(trainer, self.resolution)
        ctx.step = step
        return ctx
