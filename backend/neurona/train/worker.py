"""The training side of a worker process: runs jobs one at a time and reports events to the server.

A worker is a separate process, so a crash, a runaway job or a slow step never touches the server's event
loop. Control commands (pause, resume, step, stop, and `update` with a payload of live settings) arrive on the
worker's own queue and are applied between batches; events (status, metric rows, tensor frames, applied
settings, warnings) go back on a queue shared by all workers. Checkpoints are written on pause, stop, at the
end and every `checkpoint_every` epochs, so an interrupted run can continue.

The loop trains without waiting for the device and reports on a budget (cadence.py): a metric row of the mean
training loss at most every `ROW_SECONDS` and within `ROW_SHARE` of the time; the held-out metrics at most
`eval_hz` times a second and within `EVAL_SHARE` (or every `eval_every_steps` steps when a run asks), at every
judged epoch end and on pause, stop and finish; rows travel in batches every `FLUSH_SECONDS`; probes run only
while watched, in rounds at most `probe_hz` times a second and within `PROBE_SHARE` (neurona.probes.session);
commands are polled every `CONTROL_SECONDS`. A fast
model is not slowed down by the reporting of every step.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import signal
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

from ..data.uploads import use_data_dir
from ..errors import SpecError
from ..probes.context import ProbeContext, context_of
from ..probes.session import ProbeSession
from ..spec import ExperimentCreate
from ..status import Status
from . import checkpoints as ckpt
from .cadence import CONTROL_SECONDS, EVAL_HZ, EVAL_SHARE, FLUSH_SECONDS, ORPHAN_SECONDS, ROW_SECONDS, ROW_SHARE, Budget
from .events import Event, FrameEvent, MetricsEvent, SettingsEvent, StatusEvent, WarningsEvent
from .trainer import DivergedError, MetricRow, Trainer

ROW_OVERLAP_SECONDS = 2.0
CHECKPOINT_SECONDS = 30.0  # a crash loses at most this much training, whatever checkpoint_every says
POLL_SECONDS = 1.0



@dataclass
class Job:
    experiment_id: str
    owner: str
    spec: dict[str, Any]
    max_steps: int
    resolution: int
    probe_hz: float
    eval_hz: float = EVAL_HZ
    start_paused: bool = False
    steps: int = 0  # single steps to take right away when starting paused
    checkpoint_dir: str | None = None  # where this run's checkpoints go (None: no checkpoints)
    resume: bool = False  # continue from the checkpoint in checkpoint_dir
    init_from: str | None = None  # another run's checkpoint file to take matching parameters from
    max_seconds: float | None = None  # the server's cap on training time
    changes: list[dict[str, Any]] = field(default_factory=list)  # live-setting changes sent while it waited
    watches: list[dict[str, Any]] = field(default_factory=list)  # what clients watch (neurona.probes.Watch)
    data_dir: str | None = None  # the server's data folder, where uploaded datasets are read from


@dataclass
class _Run:
    job: Job
    controls: Any  # multiprocessing queue of (experiment id, command)
    events: Any  # multiprocessing queue of Event
    parent_pid: int
    paused: bool = False
    pending_steps: int = 0
    rows: list[MetricRow] = field(default_factory=list)
    last_row: MetricRow | None = None
    # Rows since the last checkpoint travel inside the next one: rows in flight when the server dies would
    # otherwise leave a gap before the step a resumed run continues from.
    unsaved: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # (when emitted, row)
    last_flush: float = 0.0
    last_save: float = field(default_factory=time.monotonic)
    next_poll: float = 0.0
    next_orphan_check: float = 0.0
    epoch_started: float = field(default_factory=time.monotonic)
    epoch_seconds: float = 0.0  # how long the last epoch took, for aligning evaluations with epoch ends
    row_budget: Budget = field(default_factory=lambda: Budget(1.0 / ROW_SECONDS, ROW_SHARE))
    evals: Budget = field(default_factory=lambda: Budget(EVAL_HZ, EVAL_SHARE))
    time_limit: float | None = None
    probes: ProbeSession = field(init=False)
    probing: ProbeContext | None = None

    def __post_init__(self) -> None:
        self.evals.hz = self.job.eval_hz
        self.probes = ProbeSession(self.job.probe_hz)

    def emit(self, event: Event) -> None:
        self.events.put(event)

    def status(self, status: Status, trainer: Trainer | None = None, error: str | None = None,
               node: str | None = None) -> None:
        """Report what happened to the job; the server decides what the run's status becomes."""
        if trainer is None:
            self.emit(StatusEvent(self.job.experiment_id, status, error, error_node=node))
            return
        self.emit(StatusEvent(self.job.experiment_id, status, error, str(trainer.device), trainer.step_count,
                              trainer.epoch, node))

    def warn(self, messages: list[str]) -> None:
        self.emit(WarningsEvent(self.job.experiment_id, messages))

    def run(self) -> None:
        try:
            trainer = self.build()
        except SpecError as err:
            self.status(Status.FAILED, error=str(err), node=next((i.node for i in err.issues if i.node), None))
            return
        except Exception as err:  # a job must end in a state, whatever went wrong
            self.status(Status.FAILED, error=f"could not build the model: {err}")
            return
        if trainer.warnings:
            self.warn(trainer.warnings)
        for changes in self.job.changes:
            self.update(trainer, changes)
        self.paused, self.pending_steps = self.job.start_paused, self.job.steps
        self.status(Status.PAUSED if self.paused else Status.RUNNING, trainer)
        self.watch(trainer, self.job.watches)
        try:
            self.loop(trainer)
        except DivergedError as err:
            self.flush()
            self.status(Status.FAILED, trainer, str(err), err.node)
        except Exception as err:
            self.flush()
            self.status(Status.FAILED, trainer, f"training crashed: {err}")
            traceback.print_exc()

    def build(self) -> Trainer:
        if self.job.data_dir:
            use_data_dir(self.job.data_dir)
        spec = ExperimentCreate.model_validate(self.job.spec)
        source = None
        if self.job.init_from and not self.job.resume:
            source = ckpt.unprefixed("model.", ckpt.load(Path(self.job.init_from))[0])
        trainer = Trainer(spec, self.job.max_steps, source)
        if self.job.resume and self.job.checkpoint_dir:
            trainer.restore(Path(self.job.checkpoint_dir))
        limits = [t for t in (spec.training.max_seconds, self.job.max_seconds) if t]
        self.time_limit = min(limits) if limits else None
        return trainer

    def save(self, trainer: Trainer) -> None:
        if self.job.checkpoint_dir:
            if trainer.step_count > trainer.row_step:  # the checkpoint carries the row of its own step
                self.keep(trainer.measure(evaluate=False))
            trainer.save(Path(self.job.checkpoint_dir), {"rows": [row for _, row in self.unsaved]})
            # The server may not have stored the newest rows when a crash hits, so the next checkpoint repeats
            # the last few seconds of them; resuming keeps only those past what the database holds.
            horizon = time.monotonic() - ROW_OVERLAP_SECONDS
            self.unsaved = [(when, row) for when, row in self.unsaved if when >= horizon]
            self.last_save = time.monotonic()

    def update(self, trainer: Trainer, changes: dict[str, Any]) -> None:
        applied = trainer.apply(changes)
        if applied:
            self.emit(SettingsEvent(self.job.experiment_id, trainer.step_count, applied))

    def end(self, trainer: Trainer, status: Status, error: str | None = None) -> None:
        self.settle(trainer)
        self.status(status, trainer, error)

    def settle(self, trainer: Trainer) -> None:
        """Pause, stop and the end: a fully measured row of where training stands, streamed, probed and saved."""
        last = self.rows[-1] if self.rows else None
        if trainer.step_count > trainer.row_step or (self.last_row is not None and not self.last_row.evaluated):
            row = trainer.measure(evaluate=True)
            if last is not None and last.step == row.step:  # not sent yet: complete it rather than repeat the step
                row = replace(row, train_loss=last.train_loss)
                self.rows.pop()
                self.unsaved.pop()
            self.keep(row)
        self.flush()
        self.probe(trainer, force=True)
        self.save(trainer)

    def keep(self, row: MetricRow) -> None:
        self.last_row = row
        self.rows.append(row)
        self.unsaved.append((time.monotonic(), row.as_dict()))

    def record(self, trainer: Trainer, now: float) -> None:
        """Turn the steps since the last row into a row when one is due, evaluated when the evaluation budget
        (snapped to epoch ends: an epoch's metrics are the ones people compare) or `eval_every_steps` asks."""
        every = trainer.settings.eval_every_steps
        evaluate = trainer.step_count % every == 0 if every else self.evaluation_due(trainer, now)
        if not evaluate and not self.row_budget.due(now):
            return
        row = trainer.measure(evaluate)
        finished = time.monotonic()
        if evaluate:
            self.evals.ran(now, finished)
            self.row_budget.next_at = finished + ROW_SECONDS
        else:
            self.row_budget.ran(now, finished)
        self.keep(row)

    def evaluation_due(self, trainer: Trainer, now: float) -> bool:
        """The evaluation budget, snapped to epoch ends: when epochs are shorter than the evaluation period, the
        evaluation due comes at the epoch end nearest its time (up to one epoch early, or late), so evaluated
        rows are epoch ends, at the same rate and share as without snapping."""
        epoch_end = trainer.step_count % trainer.steps_per_epoch == 0
        if epoch_end:
            self.epoch_seconds, self.epoch_started = now - self.epoch_started, now
        snap = min(self.epoch_seconds, 1.0 / self.evals.hz)
        return self.evals.due(now + snap if epoch_end else now - snap)

    def loop(self, trainer: Trainer) -> None:
        every = trainer.settings.checkpoint_every * trainer.steps_per_epoch
        while True:
            idle = self.paused and not self.pending_steps
            now = time.monotonic()
            command = None
            if idle or now >= self.next_poll:
                self.next_poll = now + CONTROL_SECONDS
                command = self.next_command(trainer, block=idle)
            if command == "stop" or command == "orphaned":
                self.end(trainer, Status.STOPPED)
                return
            if command == "suspend":  # the server is shutting down: keep the run resumable, report no ending
                self.save(trainer)  # measures the steps since the last row, which the flush then sends
                self.flush()
                return
            if command == "pause":
                self.settle(trainer)  # the paused view shows exactly where training stopped
            if command or idle:
                continue
            epoch_row = trainer.train_step()
            now = time.monotonic()
            if epoch_row is not None:
                self.keep(epoch_row)
                self.row_budget.next_at = now + ROW_SECONDS
            else:
                self.record(trainer, now)
            if self.pending_steps:
                self.pending_steps -= 1
            if trainer.done:
                note = trainer.finish()
                if note:
                    self.warn([note])
                self.end(trainer, Status.FINISHED)
                return
            if self.time_limit is not None and trainer.elapsed >= self.time_limit:
                self.end(trainer, Status.STOPPED, f"reached the time limit of {self.time_limit:g} s of training")
                return
            if (every and trainer.step_count % every == 0) or now - self.last_save >= CHECKPOINT_SECONDS:
                self.save(trainer)
            if not self.pending_steps and self.paused:
                self.settle(trainer)
                continue
            if now - self.last_flush >= FLUSH_SECONDS:
                self.flush(now)
            if not self.probes.idle and self.probes.rounds.due(now):
                self.probe(trainer)

    def next_command(self, trainer: Trainer, block: bool) -> str | None:
        """Apply the next control command for this job; returns it (None when there was none)."""
        try:
            if not block and self.controls.empty():  # a look at the pipe: no lock, nothing unpickled
                raise queue.Empty
            message = self.controls.get(block=block, timeout=POLL_SECONDS if block else None)
        except queue.Empty:
            return "orphaned" if self.orphaned() else None
        experiment_id, command = message[0], message[1]
        if experiment_id != self.job.experiment_id:
            return "stale"  # addressed to a job this worker already finished
        if command == "update":
            self.update(trainer, message[2])
        if command == "watch":
            self.watch(trainer, message[2]["watches"])
        if command == "pause":
            self.paused = True
        elif command == "resume":
            self.paused, self.pending_steps = False, 0
        elif command == "step":
            self.pending_steps += 1
        return command

    def orphaned(self) -> bool:
        """Whether the server is gone, looked at most every `ORPHAN_SECONDS` (and after every blocking wait)."""
        now = time.monotonic()
        if now < self.next_orphan_check:
            return False
        self.next_orphan_check = now + ORPHAN_SECONDS
        return server_gone(self.parent_pid)

    def flush(self, now: float | None = None) -> None:
        self.last_flush = now or time.monotonic()
        if self.rows:
            self.emit(MetricsEvent(self.job.experiment_id, [r.as_dict() for r in self.rows]))
            self.rows = []

    def watch(self, trainer: Trainer, watches: list[dict[str, Any]]) -> None:
        """Take the union of what clients watch; answer new watches at once (a paused run too)."""
        added = self.probes.set(watches)
        if self.probes.idle:
            trainer.after_backward = None  # nothing watched: nothing runs in the training step
            return
        ctx = self.context(trainer)
        trainer.after_backward = lambda: self.probes.after_backward(ctx)
        if added:
            self.probe(trainer, force=True, only=added)

    def context(self, trainer: Trainer) -> ProbeContext:
        if self.probing is None:
            self.probing = context_of(trainer, self.job.resolution)
        return self.probing

    def probe(self, trainer: Trainer, force: bool = False, only: list[Any] | None = None) -> None:
        """Emit the frames of the watches due (every watch when forced: a pause, the end)."""
        if self.probes.idle:
            return
        for header, data in self.probes.tick(self.context(trainer), trainer.step_count, force, only):
            self.emit(FrameEvent(self.job.experiment_id, header["type"], header, data))
        failures = self.probes.take_failures()  # the loop calls this only when a round is due
        if failures:
            self.warn(failures)


def server_gone(server_pid: int) -> bool:
    """Whether the server that started this worker has died. A worker forked by the fork server is not the
    server's child, but multiprocessing hands it a sentinel of the server; a job run in-process (benchmarks, tests)
    compares its parent with the one it was given."""
    parent = mp.parent_process()
    if parent is not None:
        return not parent.is_alive()
    return os.getppid() != server_pid


def _warm_up() -> None:
    """Pay PyTorch's lazy imports (the optimizer pulls in the compiler stack, ~1 s) before the first job."""
    weight = torch.zeros(1, requires_grad=True)
    torch.optim.Adam([weight]).step()


def prepare_process(threads: int) -> None:
    """Make this process a worker: `threads` PyTorch threads and the lazy imports paid before the first job."""
    torch.set_num_threads(threads)
    with contextlib.suppress(RuntimeError):  # refused once inter-op work has run; a fresh worker has none
        torch.set_num_interop_threads(1)  # workers share the cores: one pool of `threads` each, nothing on top
    _warm_up()


def run_job(job: Job, controls: Any, events: Any, parent_pid: int) -> None:
    """Train one job to its end: commands from `controls` (a queue of (experiment id, command, payload)),
    events onto `events`; `parent_pid` is the process whose death orphans the job. Every runner trains this way."""
    _Run(job, controls, events, parent_pid).run()


def worker_main(jobs: Any, controls: Any, events: Any, threads: int, parent_pid: int) -> None:
    """Entry point of a worker process: take jobs until told to stop or the server is gone."""
    # The server decides when a worker ends (it checkpoints runs on shutdown first), so the signals a terminal or
    # a service manager sends to the whole process group are left to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    prepare_process(threads)
    while True:
        try:
            job = jobs.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if server_gone(parent_pid):
                return
            continue
        if job is None:
            return
        run_job(job, controls, events, parent_pid)
