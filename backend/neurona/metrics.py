"""The metric row: one definition of what a training step reports.

The worker's rows, the database's `metrics` columns (`store.db.MetricRow`) and the API's `Metrics` model are all
derived from this dataclass's fields. `accuracy` has a column of its own (every chart shows it); the other metrics
a task declares (`neurona.tasks.METRICS`: precision, Dice, perplexity, KL, ...) travel in the `metrics` map, keyed
by metric name, so a new metric is one `MetricType` declaration and no new column.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, get_type_hints


@dataclass(frozen=True)
class MetricRow:
    step: int
    epoch: float
    train_loss: float
    test_loss: float
    accuracy: float | None
    lr: float | None = None
    val_loss: float | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)  # the task's metrics but accuracy

    def as_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in METRIC_FIELDS}, "epoch": round(self.epoch, 4)}


METRIC_FIELDS = tuple(f.name for f in fields(MetricRow))
KEY_FIELDS = ("step", "epoch")  # always present; every measured value may be null (a diverged loss)
MAP_FIELDS = ("metrics",)  # name -> value maps (a JSON column), not numbers
METRIC_TYPES: dict[str, type] = {name: int if kind is int else float
                                 for name, kind in get_type_hints(MetricRow).items() if name not in MAP_FIELDS}
