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
    """The steps since the previous row: `train_loss` is their mean batch loss (None when a row only completes a
    step already reported); the held-out metrics are None in a row that did not evaluate them (`evaluated` says
    which kind a row is: metrics are measured on a time budget, not every step)."""

    step: int
    epoch: float
    train_loss: float | None
    test_loss: float | None
    accuracy: float | None
    lr: float | None = None
    val_loss: float | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)  # the task's metrics but accuracy

    @property
    def evaluated(self) -> bool:
        return self.test_loss is not None

    def as_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in METRIC_FIELDS}, "epoch": round(self.epoch, 4)}


METRIC_FIELDS = tuple(f.name for f in fields(MetricRow))
KEY_FIELDS = ("step", "epoch")  # always present; every measured value may be null (a diverged loss)
MAP_FIELDS = ("metrics",)  # name -> value maps (a JSON column), not numbers
METRIC_TYPES: dict[str, type] = {name: int if kind is int else float
                                 for name, kind in get_type_hints(MetricRow).items() if name not in MAP_FIELDS}
