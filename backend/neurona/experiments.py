"""The experiment service: lifecycle rules, persistence, and the hand-off between runner and stream hub.

REST handlers call it from worker threads; runner events arrive on the runner's pump thread. The hub lives
on the event loop, so every hub call is handed to the loop with `call_soon` (thread-safe).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .config import Settings
from .data import load_dataset
from .errors import Issue, SpecError
from .spec import ExperimentCreate, Task, analyze
from .store.db import ExperimentRow, Store
from .stream import Hub
from .train.runner import TERMINAL, LocalRunner
from .train.trainer import device_problem
from .train.worker import Event, Job

CallSoon = Callable[..., Any]  # loop.call_soon_threadsafe

# action -> {from status: to status}; anything else is a 409.
# A waiting run stays `queued` when paused or stepped; it starts paused once a worker takes it.
TRANSITIONS: dict[str, dict[str, str]] = {
    "start": {"created": "queued"},
    "pause": {"running": "paused", "queued": "queued"},
    "resume": {"paused": "running", "queued": "queued"},
    "step": {"created": "queued", "queued": "queued", "paused": "paused"},
    "stop": {s: "stopped" for s in ("created", "queued", "running", "paused")},
}
ACTIONS = tuple(TRANSITIONS)
HINTS = {
    "finished": "it has finished; create a new experiment to train again",
    "stopped": "it was stopped; create a new experiment to train again",
    "failed": "it failed; fix the problem and create a new experiment",
    "interrupted": "it was interrupted by a server restart; create a new experiment to train again",
}


class NotFound(LookupError):
    pass


class Conflict(RuntimeError):
    pass


def _utc(moment: datetime) -> str:
    """ISO time with its zone; SQLite hands stored times back without one, and they are UTC."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


class ExperimentService:
    def __init__(self, settings: Settings, store: Store, runner: LocalRunner, hub: Hub, call_soon: CallSoon):
        self.settings, self.store, self.runner, self.hub, self.call_soon = settings, store, runner, hub, call_soon

    def publish(self, experiment_id: str, kind: str, payload: dict[str, Any], data: bytes | None) -> None:
        self.call_soon(self.hub.publish, experiment_id, kind, payload, data)

    # -- reading ---------------------------------------------------------------------------------------------
    def get(self, owner: str, experiment_id: str) -> ExperimentRow:
        row = self.store.get(experiment_id)
        if row is None or row.owner != owner:
            raise NotFound(f"experiment '{experiment_id}' not found")
        return row

    def describe(self, row: ExperimentRow, with_graph: bool = True) -> dict[str, Any]:
        data = {
            "id": row.id, "name": row.name, "status": row.status,
            "created_at": _utc(row.created_at), "updated_at": _utc(row.updated_at),
            "dataset": row.dataset, "training": row.training, "total_params": row.total_params,
            "step": row.step, "epoch": row.epoch, "last_metrics": row.last_metrics, "error": row.error,
            "device": row.device, "queue_position": self.runner.queue_position(row.id),
        }
        if with_graph:
            data["graph"] = row.graph
        return data

    # -- writing ---------------------------------------------------------------------------------------------
    def create(self, owner: str, body: ExperimentCreate) -> ExperimentRow:
        data = load_dataset(body.dataset)
        report, plan = analyze(body.graph, data.input_shape, Task(data.task, data.num_classes))
        issues = list(report.errors)
        if plan is not None and report.total_params > self.settings.max_params:
            issues.append(Issue(field="graph", message=f"the model has {report.total_params:,} parameters; this "
                                f"server allows at most {self.settings.max_params:,}; make it smaller"))
        problem = device_problem(body.training.device)
        if problem:
            issues.append(Issue(field="training.device", message=problem))
        if issues:
            raise SpecError(issues)
        return self.store.create(owner=owner, name=body.name, graph=body.graph.model_dump(exclude_none=True),
                                 dataset=body.dataset.model_dump(), training=body.training.model_dump(),
                                 total_params=report.total_params)

    def act(self, owner: str, experiment_id: str, action: str) -> ExperimentRow:
        row = self.get(owner, experiment_id)
        target = TRANSITIONS[action].get(row.status)
        if target is None:
            hint = HINTS.get(row.status, f"it is {row.status}")
            raise Conflict(f"cannot {action} experiment '{experiment_id}': {hint}")
        if row.status == "created" and target == "queued":
            # Recorded before submitting, so a worker's first event always finds the run queued.
            self._set_status(experiment_id, target)
            self.runner.submit(self._job(row, start_paused=action == "step"))
            return self.get(owner, experiment_id)
        if row.status == "queued" and action == "stop":
            self.runner.cancel(experiment_id)
        else:
            self.runner.command(experiment_id, action)
        self._set_status(experiment_id, target)
        return self.get(owner, experiment_id)

    def delete(self, owner: str, experiment_id: str) -> None:
        row = self.get(owner, experiment_id)
        if row.status in TRANSITIONS["stop"]:
            self.act(owner, experiment_id, "stop")
        self.store.delete(experiment_id)
        self.call_soon(self.hub.drop, experiment_id)

    def _job(self, row: ExperimentRow, start_paused: bool) -> Job:
        spec = {"name": row.name, "graph": row.graph, "dataset": row.dataset, "training": row.training}
        return Job(experiment_id=row.id, owner=row.owner, spec=spec, max_steps=self.settings.max_steps,
                   resolution=self.settings.boundary_resolution, probe_hz=self.settings.probe_hz,
                   start_paused=start_paused, steps=1 if start_paused else 0)

    def _set_status(self, experiment_id: str, status: str, **fields: Any) -> None:
        self.store.update(experiment_id, status=status, **fields)
        position = self.runner.queue_position(experiment_id) if status == "queued" else None
        self.publish(experiment_id, "status", {"status": status, "queue_position": position,
                                               "error": fields.get("error"), "device": fields.get("device")}, None)

    # -- runner events (pump thread) -------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        kind, experiment_id, payload, data = event
        row = self.store.get(experiment_id)
        if row is None:
            return  # deleted while its job was winding down
        if kind == "metrics":
            rows = [{k: _finite(v) for k, v in r.items()} for r in payload["rows"]]
            self.store.add_metrics(experiment_id, rows)
            self.publish(experiment_id, "metrics", {"rows": rows}, None)
        elif kind == "status":
            self._on_status(row, payload)
        elif kind == "queue" and row.status == "queued":
            self.publish(experiment_id, "status", {"status": "queued", "error": None, "device": None,
                                                   **payload}, None)
        elif data is not None:
            self.publish(experiment_id, kind, payload, data)

    def _on_status(self, row: ExperimentRow, payload: dict[str, Any]) -> None:
        status = payload["status"]
        if row.status in TERMINAL or row.status == "interrupted":
            return  # the user's stop (or a restart) already decided how this run ended
        if status not in TERMINAL and row.status != "queued":
            status = row.status  # the worker started; pause/resume since then are the user's to set
        fields = {k: payload[k] for k in ("device", "error") if payload.get(k) is not None}
        self._set_status(row.id, status, **fields)
