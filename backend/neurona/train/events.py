"""What workers and the runner report to the server: one typed message per kind of event.

Events cross a process boundary (a multiprocessing queue), so they are small frozen dataclasses that pickle
cheaply. They only report what happened to a job; the experiment service's state machine decides what a run's
status becomes (`experiments.REPORTED`), and its dispatch table (`ExperimentService.on_event`) maps each event
type to one handler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..status import Status


@dataclass(frozen=True)
class StatusEvent:
    """The job started (running or paused) or ended (finished, stopped or failed, with `error` saying why)."""

    experiment_id: str
    status: Status
    error: str | None = None
    device: str | None = None
    step: int | None = None
    epoch: float | None = None
    error_node: str | None = None  # the graph node a failure points at, for the editor to highlight


@dataclass(frozen=True)
class MetricsEvent:
    """Metric rows (`MetricRow.as_dict()`), batched by the worker."""

    experiment_id: str
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class FrameEvent:
    """A binary tensor frame (e.g. the decision boundary): its header and its uint8 data."""

    experiment_id: str
    kind: str
    header: dict[str, Any]
    data: bytes


@dataclass(frozen=True)
class SettingsEvent:
    """Live settings the worker applied after `step`."""

    experiment_id: str
    step: int
    changes: dict[str, Any]


@dataclass(frozen=True)
class WarningsEvent:
    experiment_id: str
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QueueEvent:
    """A waiting job's place in the queue changed (reported by the runner)."""

    experiment_id: str
    queue_position: int


Event = StatusEvent | MetricsEvent | FrameEvent | SettingsEvent | WarningsEvent | QueueEvent
