"""The training side of a worker process: runs jobs one at a time and reports events to the server.

A worker is a separate process, so a crash, a runaway job or a slow step never touches the server's event
loop. Control commands (pause, resume, step, stop, and `update` with a payload of live settings) arrive on the
worker's own queue and are applied between batches; events (status, metric rows, tensor frames, applied
settings, warnings) go back on a queue shared by all workers. Checkpoints are written on pause, stop, at the
end and every `checkpoint_every` epochs, so an interrupted run can continue. Metric rows are batched every
`FLUSH_SECONDS` and tensor frames are sampled at most `probe_hz` times a second, so a fast model is not slowed
down by the reporting of every step.
"""

from __future__ import annotations

import os
import queue
import signal
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ..errors import SpecError
from ..spec import ExperimentCreate
from ..stream.frames import pack_uint8
from . import checkpoints as ckpt
from .trainer import DivergedError, MetricRow, Trainer

FLUSH_SECONDS = 0.05
ROW_OVERLAP_SECONDS = 2.0
CHECKPOINT_SECONDS = 30.0  # a crash loses at most this much training, whatever checkpoint_every says
POLL_SECONDS = 1.0

# (kind, experiment id, payload, binary data)
Event = tuple[str, str, dict[str, Any], bytes | None]


@dataclass
class Job:
    experiment_id: str
    owner: str
    spec: dict[str, Any]
    max_steps: int
    resolution: int
    probe_hz: float
    start_paused: bool = False
    steps: int = 0  # single steps to take right away when starting paused
    checkpoint_dir: str | None = None  # where this run's checkpoints go (None: no checkpoints)
    resume: bool = False  # continue from the checkpoint in checkpoint_dir
    init_from: str | None = None  # another run's checkpoint file to take matching parameters from
    max_seconds: float | None = None  # the server's cap on training time
    changes: list[dict[str, Any]] = field(default_factory=list)  # live-setting changes sent while it waited


@dataclass
class _Run:
    job: Job
    controls: Any  # multiprocessing queue of (experiment id, command)
    events: Any  # multiprocessing queue of Event
    parent_pid: int
    paused: bool = False
    pending_steps: int = 0
    rows: list[MetricRow] = field(default_factory=list)
    # Rows since the last checkpoint travel inside the next one: rows in flight when the server dies would
    # otherwise leave a gap before the step a resumed run continues from.
    unsaved: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # (when emitted, row)
    last_flush: float = 0.0
    last_save: float = field(default_factory=time.monotonic)
    last_probe: float = 0.0
    time_limit: float | None = None

    def emit(self, kind: str, payload: dict[str, Any], data: bytes | None = None) -> None:
        self.events.put((kind, self.job.experiment_id, payload, data))

    def status(self, status: str, trainer: Trainer | None = None, error: str | None = None) -> None:
        payload: dict[str, Any] = {"status": status, "error": error}
        if trainer is not None:
            payload |= {"device": str(trainer.device), "step": trainer.step_count, "epoch": trainer.epoch}
        self.emit("status", payload)

    def run(self) -> None:
        try:
            trainer = self.build()
        except SpecError as err:
            self.status("failed", error=str(err))
            return
        except Exception as err:  # a job must end in a state, whatever went wrong
            self.status("failed", error=f"could not build the model: {err}")
            return
        if trainer.warnings:
            self.emit("warnings", {"messages": trainer.warnings})
        for changes in self.job.changes:
            self.update(trainer, changes)
        self.paused, self.pending_steps = self.job.start_paused, self.job.steps
        self.status("paused" if self.paused else "running", trainer)
        self.probe(trainer)
        try:
            self.loop(trainer)
        except DivergedError as err:
            self.flush()
            self.status("failed", trainer, str(err))
        except Exception as err:
            self.flush()
            self.status("failed", trainer, f"training crashed: {err}")
            traceback.print_exc()

    def build(self) -> Trainer:
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
            trainer.save(Path(self.job.checkpoint_dir), {"rows": [row for _, row in self.unsaved]})
            # The server may not have stored the newest rows when a crash hits, so the next checkpoint repeats
            # the last few seconds of them; resuming keeps only those past what the database holds.
            horizon = time.monotonic() - ROW_OVERLAP_SECONDS
            self.unsaved = [(when, row) for when, row in self.unsaved if when >= horizon]
            self.last_save = time.monotonic()

    def update(self, trainer: Trainer, changes: dict[str, Any]) -> None:
        applied = trainer.apply(changes)
        if applied:
            self.emit("settings", {"step": trainer.step_count, "changes": applied})

    def end(self, trainer: Trainer, status: str, error: str | None = None) -> None:
        self.flush()
        self.probe(trainer)
        self.save(trainer)
        self.status(status, trainer, error)

    def loop(self, trainer: Trainer) -> None:
        every = trainer.settings.checkpoint_every * trainer.steps_per_epoch
        while True:
            idle = self.paused and not self.pending_steps
            command = self.next_command(trainer, block=idle)
            if command == "stop" or command == "orphaned":
                self.end(trainer, "stopped")
                return
            if command == "suspend":  # the server is shutting down: keep the run resumable, report no ending
                self.flush()
                self.save(trainer)
                return
            if command == "pause":
                self.flush()  # the paused view shows exactly where training stopped
                self.probe(trainer)
                self.save(trainer)
            if command or idle:
                continue
            row = trainer.step()
            self.rows.append(row)
            self.unsaved.append((time.monotonic(), row.as_dict()))
            if self.pending_steps:
                self.pending_steps -= 1
            if trainer.done:
                note = trainer.finish()
                if note:
                    self.emit("warnings", {"messages": [note]})
                self.end(trainer, "finished")
                return
            if self.time_limit is not None and trainer.elapsed >= self.time_limit:
                self.end(trainer, "stopped", f"reached the time limit of {self.time_limit:g} s of training")
                return
            now = time.monotonic()
            if (every and trainer.step_count % every == 0) or now - self.last_save >= CHECKPOINT_SECONDS:
                self.save(trainer)
            if not self.pending_steps and self.paused:
                self.flush()
                self.probe(trainer)
                self.save(trainer)
            if now - self.last_flush >= FLUSH_SECONDS:
                self.flush(now)
            if now - self.last_probe >= 1.0 / self.job.probe_hz:
                self.probe(trainer, now)

    def next_command(self, trainer: Trainer, block: bool) -> str | None:
        """Apply the next control command for this job; returns it (None when there was none)."""
        try:
            message = self.controls.get(block=block, timeout=POLL_SECONDS if block else None)
        except queue.Empty:
            return "orphaned" if os.getppid() != self.parent_pid else None
        experiment_id, command = message[0], message[1]
        if experiment_id != self.job.experiment_id:
            return "stale"  # addressed to a job this worker already finished
        if command == "update":
            self.update(trainer, message[2])
        if command == "pause":
            self.paused = True
        elif command == "resume":
            self.paused, self.pending_steps = False, 0
        elif command == "step":
            self.pending_steps += 1
        return command

    def flush(self, now: float | None = None) -> None:
        self.last_flush = now or time.monotonic()
        if self.rows:
            self.emit("metrics", {"rows": [r.as_dict() for r in self.rows]})
            self.rows = []

    def probe(self, trainer: Trainer, now: float | None = None) -> None:
        self.last_probe = now or time.monotonic()
        if not trainer.data.plane:
            return  # a decision boundary needs examples that are points of the 2-D plane
        lo, hi = trainer.surface_range()
        payload, data = pack_uint8("boundary", trainer.surface(self.job.resolution), lo, hi,
                                   step=trainer.step_count, extent=list(trainer.data.extent))
        self.emit("boundary", payload, data)


def _warm_up() -> None:
    """Pay PyTorch's lazy imports (the optimizer pulls in the compiler stack, ~1 s) before the first job."""
    weight = torch.zeros(1, requires_grad=True)
    torch.optim.Adam([weight]).step()


def worker_main(jobs: Any, controls: Any, events: Any, threads: int, parent_pid: int) -> None:
    """Entry point of a worker process: take jobs until told to stop or the server is gone."""
    # The server decides when a worker ends (it checkpoints runs on shutdown first), so the signals a terminal or
    # a service manager sends to the whole process group are left to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    torch.set_num_threads(threads)
    _warm_up()
    while True:
        try:
            job = jobs.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent_pid:
                return
            continue
        if job is None:
            return
        _Run(job, controls, events, parent_pid).run()
