"""The experiment service: lifecycle rules, persistence, and the hand-off between runner and stream hub.

REST handlers call it from worker threads; runner events arrive on the runner's pump thread. The hub lives
on the event loop, so every hub call is handed to the loop with `call_soon` (thread-safe).
"""

from __future__ import annotations

import math
import secrets
import shutil
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import ValidationError

from .api.messages import MetricsMessage, SettingsMessage, StatusMessage, TextMessage, WarningsMessage
from .compare import downsample, settings_diff
from .config import Settings
from .data import DatasetSpec, load_dataset, shape_of
from .errors import Conflict, Issue, NotFound, SpecError, field_issue, field_path
from .i18n.messages import Named, Said, say
from .spec import ExperimentCreate, GraphSpec, TrainingSettings, ValidationReport, analyze
from .spec.models import RaceCreate, SettingsChange
from .status import ACTIVE, TERMINAL, Status
from .store.db import Store
from .store.schema import ExperimentRow
from .stream import Hub
from .train import budget
from .train import checkpoints as ckpt
from .train.events import Event, FrameEvent, MetricsEvent, QueueEvent, SettingsEvent, StatusEvent, WarningsEvent
from .train.optimizers import OPTIMIZERS
from .train.runner import Runner
from .train.worker import Job

CallSoon = Callable[..., Any]  # loop.call_soon_threadsafe

# action -> {from status: to status}; anything else is a 409.
# A waiting run stays `queued` when paused or stepped; it starts paused once a worker takes it.
S = Status
TRANSITIONS: dict[str, dict[Status, Status]] = {
    "start": {S.CREATED: S.QUEUED},
    "pause": {S.RUNNING: S.PAUSED, S.QUEUED: S.QUEUED},
    "resume": {S.PAUSED: S.RUNNING, S.QUEUED: S.QUEUED, S.INTERRUPTED: S.QUEUED},  # interrupted: from a checkpoint
    "step": {S.CREATED: S.QUEUED, S.QUEUED: S.QUEUED, S.PAUSED: S.PAUSED},
    "stop": {s: S.STOPPED for s in (S.CREATED, *ACTIVE)},
}
ACTIONS = tuple(TRANSITIONS)
VERBS = {action: say(f"do_{action}") for action in ACTIONS}  # as a message says them
HINTS = {  # why a run in this status cannot do what was asked, and what to do instead
    S.FINISHED: say("it_finished"), S.STOPPED: say("it_stopped"), S.FAILED: say("it_failed"),
    S.INTERRUPTED: say("it_interrupted"),
}
UPDATABLE = ACTIVE  # states whose live settings go to the runner
# report of a job -> {run status: new status}: what a worker's (or the runner's) report does to the run. A job that
# starts moves a queued run on; pause and resume after that are the user's. An ending counts while the run is
# active; a run the user stopped, or a restart interrupted, keeps its status.
REPORTED: dict[Status, dict[Status, Status]] = {
    S.RUNNING: {S.QUEUED: S.RUNNING},
    S.PAUSED: {S.QUEUED: S.PAUSED},
    **{end: {s: end for s in ACTIVE} for end in TERMINAL},
    S.INTERRUPTED: {s: S.INTERRUPTED for s in ACTIVE},  # the runner lost the job's process (a cluster node died)
}


class QuotaExceeded(Conflict):
    """A classroom room's student already has as many runs active as the room allows (429, not 409)."""


def _hint(status: str) -> Said:
    return HINTS.get(Status(status), say("it_is", status=status))


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


class ExperimentService:
    def __init__(self, settings: Settings, store: Store, runner: Runner, hub: Hub, call_soon: CallSoon):
        self.settings, self.store, self.runner, self.hub, self.call_soon = settings, store, runner, hub, call_soon
        self._locks: dict[str, threading.Lock] = {}  # one per experiment: its control actions take turns
        self._locks_lock = threading.Lock()
        self._admission = threading.Lock()
        # What clients watch on a run (set by the probe service), handed to its job when it starts.
        self.watches: Callable[[str], list[dict[str, Any]]] = lambda _experiment_id: []
        # The classroom room a session is in (its new runs are the room's), and why a room's run may not become
        # active now (the room's quota); both set by the room service.
        self.room_of: Callable[[str], str | None] = lambda _owner: None
        self.start_check: Callable[[ExperimentRow], str | None] = lambda _row: None
        # Raise when the session's room locked what a new run, or a live change to a run, would alter.
        self.create_lock: Callable[[str, ExperimentCreate], None] = lambda _owner, _body: None
        self.change_lock: Callable[[ExperimentRow, list[str]], None] = lambda _row, _changed: None

    def publish(self, experiment_id: str, message: TextMessage) -> None:
        """Hand a stream message to the hub (which numbers it) on the event loop."""
        payload = message.model_dump(mode="json", exclude={"type", "seq"})
        self.call_soon(self.hub.publish, experiment_id, message.type, payload, None)

    # -- reading ---------------------------------------------------------------------------------------------
    def get(self, owner: str, experiment_id: str) -> ExperimentRow:
        row = self.store.get(experiment_id)
        if row is None or row.owner != owner:
            raise NotFound(say("no_experiment", id=experiment_id))
        return row

    def describe(self, row: ExperimentRow, with_graph: bool = True) -> dict[str, Any]:
        data = {
            "id": row.id, "name": row.name, "status": row.status,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
            "dataset": row.dataset, "training": row.training, "total_params": row.total_params,
            "step": row.step, "epoch": row.epoch, "last_metrics": row.last_metrics, "error": row.error,
            "error_node": row.error_node,
            "device": row.device, "queue_position": self.runner.queue_position(row.id),
            "history": row.history or [], "warnings": row.warnings or [], "race_id": row.race_id,
        }
        if with_graph:
            data["graph"] = row.graph
        return data

    # -- writing ---------------------------------------------------------------------------------------------
    def create(self, owner: str, body: ExperimentCreate, race_id: str | None = None) -> ExperimentRow:
        report = self.check(owner, body)
        return self.store.create(owner=owner, name=body.name, graph=body.graph.model_dump(exclude_none=True),
                                 dataset=body.dataset.model_dump(), training=body.training.model_dump(),
                                 total_params=report.total_params, race_id=race_id, room_id=self.room_of(owner))

    def check(self, owner: str, body: ExperimentCreate, prefix: str = "training") -> ValidationReport:
        """Every problem of a new experiment at once (graph, size, device, training settings), or its report."""
        data = shape_of(body.dataset, owner)  # a session sees its own uploads only
        report, _plan = analyze(body.graph, data.input_shape, data.task, data.vocab_size)
        issues = list(report.errors)
        allowed = data.task.type.losses
        if body.training.loss is not None and body.training.loss not in allowed:
            issues.append(Issue.said(say("loss_not_for_task", loss=body.training.loss, allowed=", ".join(allowed),
                                         kind=Named("tasks", data.task.kind)), field=f"{prefix}.loss"))
        problem = self.runner.device_problem(body.training.device)
        if isinstance(problem, Said):
            issues.append(Issue.said(problem, field=f"{prefix}.device"))
        elif problem:
            issues.append(Issue(field=f"{prefix}.device", message=problem))
        issues += self._training_issues(owner, body.training, report, prefix)
        if issues:
            raise SpecError(issues)
        self.create_lock(owner, body)
        return report

    def _training_issues(self, owner: str, t: TrainingSettings, report: ValidationReport,
                         prefix: str) -> list[Issue]:
        """Rules that need the graph or other experiments: node ids, the transfer source, early stopping."""
        nodes = {n: r.params for n, r in report.nodes.items()}
        issues = [Issue.said(say("names_missing_node", setting=setting, node=n), node=n, field=f"{prefix}.{setting}")
                  for setting, named in (("init_overrides", t.init_overrides), ("frozen", t.frozen))
                  for n in named if n not in nodes]
        trainable = [n for n, count in nodes.items() if count]
        if t.frozen and trainable and all(n in t.frozen for n in trainable):
            issues.append(Issue.said(say("all_frozen"), field=f"{prefix}.frozen"))
        if t.patience and not t.validation_ratio:
            issues.append(Issue.said(say("patience_needs_validation"), field=f"{prefix}.patience"))
        if t.finetune_lr is not None and t.init_from is None:
            issues.append(Issue.said(say("finetune_needs_init_from"), field=f"{prefix}.finetune_lr"))
        if t.init_from is not None:
            problem = self._source_problem(owner, t.init_from)
            if problem:
                issues.append(Issue.said(problem, field=f"{prefix}.init_from"))
        return issues

    def _source_problem(self, owner: str, source_id: str) -> Said | None:
        source = self.store.get(source_id)
        if source is None or source.owner != owner:
            return say("source_not_found", id=source_id)
        if not self._checkpoint(source_id).is_file():
            return say("source_without_checkpoint", id=source_id)
        return None

    def _checkpoint(self, experiment_id: str) -> Any:
        return ckpt.checkpoint_dir(self.settings.data_dir, experiment_id) / ckpt.LAST

    def act(self, owner: str, experiment_id: str, action: str) -> ExperimentRow:
        """One control action. Actions on one experiment are serialised, and every status change is a
        compare-and-set in the store, so racing clients get one winner and the others a 409."""
        with self._guard(experiment_id):
            row = self.get(owner, experiment_id)
            target = TRANSITIONS[action].get(Status(row.status))
            if target is None:
                raise Conflict(say("cannot_act", action=VERBS[action], id=experiment_id, reason=_hint(row.status)))
            if target == S.QUEUED and row.status in (S.CREATED, S.INTERRUPTED):
                return self._admit(owner, row, action)
            self._claim(row, action, target)
            if action == "stop":
                self.runner.cancel(experiment_id)  # a waiting job leaves the queue; a handed-out one is stopped
            else:
                self.runner.command(experiment_id, action)
            return self.get(owner, experiment_id)

    def _admit(self, owner: str, row: ExperimentRow, action: str) -> ExperimentRow:
        """A run becomes active (queued): when it fits this server, within its room's quota, and from its
        checkpoint when it was interrupted."""
        if row.status == S.CREATED:
            problem = self.size_problem(row.graph, row.dataset, row.training["batch_size"])
            if problem:
                raise Conflict(say("cannot_act", action=VERBS[action], id=row.id, reason=problem))
        with self._admission:  # the quota check and the claim together, so two starts cannot both slip in
            quota = self.start_check(row)
            if quota:
                raise QuotaExceeded(say("cannot_act", action=VERBS[action], id=row.id, reason=quota))
            if row.status == S.INTERRUPTED:
                return self._resume_interrupted(owner, row)
            # Recorded before submitting, so a worker's first event always finds the run queued.
            self._claim(row, action, S.QUEUED)
        self.runner.submit(self._job(row, start_paused=action == "step"))
        return self.get(owner, row.id)

    def _claim(self, row: ExperimentRow, action: str, target: Status, **fields: Any) -> None:
        """Move `row` from the status it was read in to `target`, or 409 when the worker moved it meanwhile."""
        if not self._set_status(row.id, target, expected=Status(row.status), **fields):
            now = self.store.get(row.id)
            hint = HINTS.get(Status(now.status), say("it_is_now", status=now.status)) if now else say("it_was_deleted")
            raise Conflict(say("cannot_act", action=VERBS[action], id=row.id, reason=hint))

    def _guard(self, experiment_id: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(experiment_id, threading.Lock())

    def size_problem(self, graph: dict[str, Any], dataset: dict[str, Any], batch_size: int) -> Said | None:
        """Why this server will not train the model (too many parameters, or a training, evaluation or boundary
        pass that needs too much activation memory), or None. Checked when a run starts, not when it is created,
        so a large spec can be saved and inspected."""
        data = load_dataset(DatasetSpec.model_validate(dataset))
        report, _plan = analyze(GraphSpec.model_validate(graph), data.input_shape)
        return budget.size_problem(report, data, batch_size, self.settings)

    def _resume_interrupted(self, owner: str, row: ExperimentRow) -> ExperimentRow:
        """Continue from the last checkpoint: metric rows after it are dropped, and the run re-takes them. A run
        interrupted before its first checkpoint starts again from step 0 with the same seed."""
        self._claim(row, "resume", S.QUEUED, error=None)  # why it was interrupted is past once it resumes
        path = self._checkpoint(row.id)
        resume = path.is_file()
        if resume:
            meta = ckpt.read_meta(path)
            self.store.truncate_metrics(row.id, int(meta["step"]))
            stored = self.store.last_step(row.id)
            self.store.add_metrics(row.id, [{k: _finite(v) for k, v in r.items()} for r in meta.get("rows", [])
                                            if r["step"] > stored])
        else:
            self.store.truncate_metrics(row.id, 0)
        self.runner.submit(self._job(row, start_paused=False, resume=resume))
        return self.get(owner, row.id)

    def change_settings(self, owner: str, experiment_id: str, change: SettingsChange) -> ExperimentRow:
        """Live settings: stored at once on a run not yet started, else applied by the worker between batches
        (which records them in the run's history)."""
        with self._guard(experiment_id):  # not interleaved with a start that would take the old settings
            row = self.get(owner, experiment_id)
            changes = change.model_dump(exclude_none=True)
            self.change_lock(row, list(changes))
            training = TrainingSettings.model_validate(row.training)
            issues = self._change_issues(training, changes)
            if issues:
                raise SpecError(issues)
            updated = self._changed_training(training, changes)  # validated in full, whatever the run's status
            if row.status == S.CREATED:
                self.store.update(experiment_id, training=updated)
            elif row.status not in UPDATABLE or not self.runner.command(experiment_id, "update", changes):
                raise Conflict(say("cannot_change_settings", id=experiment_id, reason=_hint(row.status)))
            return self.get(owner, experiment_id)

    @staticmethod
    def _changed_training(training: TrainingSettings, changes: dict[str, Any]) -> dict[str, Any]:
        """The settings with `changes` applied and checked as a whole: the optimizer's own parameters
        (momentum, weight_decay) go into optimizer_params, the rest to the top level; clip_norm 0 means none."""
        own = OPTIMIZERS[training.optimizer].params.model_fields
        merged = training.model_dump()
        merged["optimizer_params"] = {**training.optimizer_params, **{k: v for k, v in changes.items() if k in own}}
        merged |= {k: v for k, v in changes.items() if k not in own}
        if merged.get("clip_norm") == 0:
            merged["clip_norm"] = None
        try:
            return TrainingSettings.model_validate(merged).model_dump()
        except ValidationError as err:
            raise SpecError([field_issue(field_path(e["loc"]), e) for e in err.errors()]) from None

    @staticmethod
    def _change_issues(training: TrainingSettings, changes: dict[str, Any]) -> list[Issue]:
        issues = []
        if not changes:
            issues.append(Issue.said(say("nothing_to_change")))
        fields = OPTIMIZERS[training.optimizer].params.model_fields
        issues += [Issue.said(say("optimizer_lacks", optimizer=training.optimizer, setting=k), field=k)
                   for k in ("momentum", "weight_decay") if k in changes and k not in fields]
        if "finetune_lr" in changes and training.init_from is None:
            issues.append(Issue.said(say("finetune_needs_init_run"), field="finetune_lr"))
        return issues

    # -- comparing and racing --------------------------------------------------------------------------------
    def compare(self, owner: str, ids: list[str], max_points: int) -> dict[str, Any]:
        rows = [self.get(owner, experiment_id) for experiment_id in ids]
        described = [self.describe(row) for row in rows]
        return {"experiments": described, "diff": settings_diff(described),
                "metrics": {row.id: downsample(self.store.metrics(row.id), max_points) for row in rows}}

    def race(self, owner: str, body: RaceCreate) -> dict[str, Any]:
        """One experiment per variant (all validated before any is created), sharing a race id and the seed."""
        specs, issues = [], []
        for i, (label, overrides) in enumerate(body.variants_in_order()):
            merged = {**body.training, **overrides}
            if "optimizer" in overrides and "optimizer_params" not in overrides:
                merged.pop("optimizer_params", None)  # the base's parameters belong to the base's optimizer
            prefix = f"variants.{i}.training"
            try:
                spec = ExperimentCreate(name=f"{body.name} · {label}", graph=body.graph, dataset=body.dataset,
                                        training=TrainingSettings.model_validate(merged))
                self.check(owner, spec, prefix)
                specs.append(spec)
            except ValidationError as err:
                issues += [field_issue(f"{prefix}.{field_path(e['loc'])}", e) for e in err.errors()]
            except SpecError as err:
                issues += err.issues
        if issues:  # graph problems repeat for every variant: each is listed once
            raise SpecError(list({(i.node, i.field, i.message): i for i in issues}.values()))
        if body.start:  # refuse before creating any, rather than leave a half-started race behind
            for spec in specs:
                problem = self.size_problem(spec.graph.model_dump(exclude_none=True), spec.dataset.model_dump(),
                                            spec.training.batch_size)
                if problem:
                    raise Conflict(say("cannot_start_variant", name=spec.name, reason=problem))
        race_id = secrets.token_hex(6)
        rows = [self.create(owner, spec, race_id) for spec in specs]
        if body.start:
            rows = [self.act(owner, row.id, "start") for row in rows]
        return {"race_id": race_id, "ids": [r.id for r in rows],
                "experiments": [self.describe(r, with_graph=False) for r in rows]}

    def delete(self, owner: str, experiment_id: str) -> None:
        """Stop the run if active, then remove the experiment, its metric rows and its checkpoints. A worker
        still winding down may write one last checkpoint; its final status event removes that too."""
        with self._guard(experiment_id):
            row = self.get(owner, experiment_id)
            status = Status(row.status)
            if status in TRANSITIONS["stop"] and self._set_status(experiment_id, S.STOPPED, expected=status):
                self.runner.cancel(experiment_id)
            self.store.delete(experiment_id)
            self._remove_checkpoints(experiment_id)
        with self._locks_lock:
            self._locks.pop(experiment_id, None)
        self.call_soon(self.hub.drop, experiment_id)

    def _remove_checkpoints(self, experiment_id: str) -> None:
        shutil.rmtree(ckpt.checkpoint_dir(self.settings.data_dir, experiment_id), ignore_errors=True)

    def _job(self, row: ExperimentRow, start_paused: bool, resume: bool = False) -> Job:
        spec = row.spec
        source = row.training.get("init_from")
        return Job(experiment_id=row.id, owner=row.owner, spec=spec, max_steps=self.settings.max_steps,
                   resolution=self.settings.boundary_resolution, probe_hz=self.settings.probe_hz,
                   eval_hz=self.settings.eval_hz,
                   start_paused=start_paused, steps=1 if start_paused else 0,
                   checkpoint_dir=str(ckpt.checkpoint_dir(self.settings.data_dir, row.id).resolve()), resume=resume,
                   init_from=str(self._checkpoint(source).resolve()) if source else None,
                   max_seconds=self.settings.max_run_seconds or None, watches=self.watches(row.id),
                   data_dir=str(self.settings.data_dir.resolve()))

    def _set_status(self, experiment_id: str, status: Status, expected: Status | None = None, **fields: Any) -> bool:
        """Record and announce a status; with `expected`, only if the run is still in that status."""
        if expected is None:
            self.store.update(experiment_id, status=status, **fields)
        elif not self.store.transition(experiment_id, expected, status, **fields):
            return False
        position = self.runner.queue_position(experiment_id) if status == S.QUEUED else None
        self.publish(experiment_id, StatusMessage(status=status, queue_position=position, error=fields.get("error"),
                                                  error_node=fields.get("error_node"),
                                                  device=fields.get("device")))
        return True

    # -- runner events (pump thread) -------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        if isinstance(event, FrameEvent):
            # Tensor frames go straight to the hub: no database read on the way, so they arrive while fresh.
            # (A frame of a run deleted meanwhile only reaches a channel nobody subscribes to.)
            self.call_soon(self.hub.publish, event.experiment_id, event.kind, event.header, event.data)
            return
        status = self.store.status(event.experiment_id)  # the one column every event needs, not the graph
        if status is None:  # deleted while its job was winding down: its last checkpoint goes too
            if isinstance(event, StatusEvent) and event.status in TERMINAL:
                self._remove_checkpoints(event.experiment_id)
            return
        if status not in ACTIVE:
            return  # stopped (or ended) already: whatever its worker still sends is not part of the run
        self._HANDLERS[type(event)](self, event.experiment_id, Status(status), event)

    def _on_metrics(self, experiment_id: str, status: Status, event: MetricsEvent) -> None:
        rows = [{k: _finite(v) for k, v in r.items()} for r in event.rows]
        # Stored by the writer thread, and only while the run is still active (a stop may land meanwhile).
        self.store.add_metrics_later(experiment_id, rows, while_status=ACTIVE)
        self.publish(experiment_id, MetricsMessage(rows=rows))

    def _on_settings(self, experiment_id: str, status: Status, event: SettingsEvent) -> None:
        message = SettingsMessage(step=event.step, changes=event.changes)
        self.store.append(experiment_id, "history", [message.model_dump(include={"step", "changes"})])
        self.publish(experiment_id, message)

    def _on_warnings(self, experiment_id: str, status: Status, event: WarningsEvent) -> None:
        self.store.append(experiment_id, "warnings", event.messages)
        self.publish(experiment_id, WarningsMessage(messages=event.messages))

    def _on_queue(self, experiment_id: str, status: Status, event: QueueEvent) -> None:
        if status == S.QUEUED:
            self.publish(experiment_id, StatusMessage(status=S.QUEUED, queue_position=event.queue_position))

    def _on_status(self, experiment_id: str, status: Status, event: StatusEvent) -> None:
        """The state machine decides: a report moves the run only where `REPORTED` says it may."""
        target = REPORTED[event.status].get(status)
        if target is None:
            return  # e.g. the user's stop (or a restart) already decided how this run ended
        fields = {k: v for k, v in (("device", event.device), ("error", event.error),
                                    ("error_node", event.error_node)) if v is not None}
        # Only from the status just read: a stop that lands in between wins, and the worker's news is dropped.
        self._set_status(experiment_id, target, expected=status, **fields)

    # Which method takes which worker event: one table, read once per event.
    _HANDLERS: ClassVar[dict[type, Callable[[Any, str, Status, Any], None]]] = {
        StatusEvent: _on_status, MetricsEvent: _on_metrics, SettingsEvent: _on_settings,
        WarningsEvent: _on_warnings, QueueEvent: _on_queue,
    }
