"""Runs training jobs in worker processes, with bounded concurrency and a fair queue.

`Runner` is the interface the server talks to; `LocalRunner` is the embedded default: a fixed number of
pre-started worker processes (so pressing play does not wait for PyTorch to import), a queue that takes jobs
round-robin across sessions (one student's ten runs cannot starve the class), and a pump thread that hands
worker events to the server. A worker that dies or ignores a stop is replaced; its job ends as `failed` or
`stopped`, never hung. The Ray runner (ray_runner.py) implements the same interface on a cluster.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..i18n.messages import Said
from ..status import TERMINAL, Status
from .events import Event, StatusEvent
from .fairqueue import STOP_GRACE_SECONDS, FairQueue, Lease, QueuedRunner, stop_abandoned_pauses
from .trainer import device_problem
from .worker import Job, worker_main

if TYPE_CHECKING:  # ForkServerContext exists only where fork does
    from multiprocessing.context import ForkServerContext, SpawnContext

SHUTDOWN_GRACE_SECONDS = 10.0  # for every worker to checkpoint its run when the server stops

EventHandler = Callable[[Event], None]
# Imported once by the fork server, so every worker forked from it starts ready to train: PyTorch, Neurona, and the
# compiler stack that an optimizer's first use imports (about a second); first, the fork server's own signal setting.
PRELOAD = ["neurona.train.forkserver_signals", "neurona.train.worker", "torch._dynamo"]


def _context() -> SpawnContext | ForkServerContext:
    """forkserver where the platform has it (one import of PyTorch serves every worker, replacements too), else
    spawn. Never plain fork: the server has threads, and a forked copy of a held lock never comes free."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


class Runner(Protocol):
    def start(self, on_event: EventHandler) -> None: ...
    def submit(self, job: Job) -> None: ...
    def command(self, experiment_id: str, command: str, payload: dict[str, Any] | None = None) -> bool: ...
    def cancel(self, experiment_id: str) -> bool: ...
    def queue_position(self, experiment_id: str) -> int | None: ...
    def device_problem(self, device: str) -> str | Said | None: ...
    def shutdown(self) -> None: ...


@dataclass
class _Slot(Lease):
    """A worker process and its queues, with the lease of the job it runs."""

    process: Any = None
    jobs: Any = None
    controls: Any = None


class LocalRunner(QueuedRunner):
    def __init__(self, max_workers: int, threads_per_worker: int, pause_timeout: float = 600.0):
        self._ctx = _context()
        self._events = self._ctx.Queue()
        self._max_workers = max_workers
        self._threads = threads_per_worker
        self._pause_timeout = pause_timeout
        self._slots: list[_Slot] = []
        self._queue = FairQueue(self._deliver)
        self._lock = threading.RLock()
        self._on_event: EventHandler = lambda _e: None
        self._running = False
        self._closing = False  # shutting down: workers that exit are not replaced
        self._pump: threading.Thread | None = None
        self._starter: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------
    def start(self, on_event: EventHandler) -> None:
        """Returns at once: the workers start in the background (the fork server first imports PyTorch), and
        jobs submitted meanwhile wait in the queue for them."""
        self._on_event = on_event
        self._running = True
        self._starter = threading.Thread(target=self._start_workers, name="neurona-workers", daemon=True)
        self._starter.start()
        self._pump = threading.Thread(target=self._pump_events, name="neurona-runner", daemon=True)
        self._pump.start()

    def _start_workers(self) -> None:
        for _ in range(self._max_workers):
            slot = self._spawn()
            with self._lock:
                if self._closing or not self._running:
                    slot.process.kill()  # shutting down meanwhile (workers ignore SIGTERM, see worker_main)
                    return
                self._slots.append(slot)
                self._dispatch()

    def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Ask every worker to checkpoint its run and exit; one that has not within `grace` seconds is killed.
        The pump keeps storing their last events meanwhile. Runs in progress are left for the server to mark
        `interrupted`, and resume from those checkpoints."""
        self._closing = True
        with self._lock:
            self._queue.clear()
            for slot in self._slots:
                if slot.experiment_id:
                    slot.controls.put((slot.experiment_id, "suspend", None))
                slot.jobs.put(None)
        deadline = time.monotonic() + grace
        for slot in self._slots:
            slot.process.join(timeout=max(0.1, deadline - time.monotonic()))
        self._running = False
        if self._starter:
            self._starter.join(timeout=STOP_GRACE_SECONDS)
        if self._pump:
            self._pump.join(timeout=2)
        self._drain()
        for slot in self._slots:
            if slot.process.is_alive():
                slot.process.kill()  # workers ignore SIGTERM (see worker_main)
                slot.process.join(timeout=STOP_GRACE_SECONDS)

    def _spawn(self) -> _Slot:
        jobs, controls = self._ctx.Queue(), self._ctx.Queue()
        process = self._ctx.Process(target=worker_main, args=(jobs, controls, self._events, self._threads,
                                                              os.getpid()), daemon=True, name="neurona-worker")
        process.start()
        return _Slot(process=process, jobs=jobs, controls=controls)

    # -- the server's calls ----------------------------------------------------------------------------------
    def submit(self, job: Job) -> None:
        with self._lock:
            self._queue.add(job)
            self._dispatch()

    def command(self, experiment_id: str, command: str, payload: dict[str, Any] | None = None) -> bool:
        """Send pause/resume/step/stop/update to a running job, or adjust a waiting one; False when unknown."""
        with self._lock:
            slot = self._slot_of(experiment_id)
            if slot is not None:
                slot.controls.put((experiment_id, command, payload))
                slot.note(command)
                return True
            return self._queue.adjust(experiment_id, command, payload)

    def device_problem(self, device: str) -> str | Said | None:
        return device_problem(device)  # the workers run on this machine

    # -- internals -------------------------------------------------------------------------------------------
    def _slot_of(self, experiment_id: str) -> _Slot | None:
        return next((s for s in self._slots if s.experiment_id == experiment_id), None)

    def _dispatch(self) -> None:
        for slot in self._slots:
            if slot.experiment_id is not None:
                continue
            job = self._queue.take()
            if job is None:
                break
            slot.assign(job)
            slot.jobs.put(job)
        self._queue.publish()

    def _pump_events(self) -> None:
        while self._running:
            try:
                event = self._events.get(timeout=0.5)
            except queue.Empty:
                event = None
            except (EOFError, OSError):
                return
            if event is not None:
                if isinstance(event, StatusEvent) and event.status in TERMINAL:
                    # The worker is free once it reports an end: the next job starts training while this one's
                    # end is stored (which waits for its last rows to be written).
                    self._release(event.experiment_id)
                self._deliver(event)
            self._reap()

    def _drain(self) -> None:
        """Deliver what the workers sent before they exited (their last metric rows)."""
        while True:
            try:
                self._deliver(self._events.get(timeout=0.2))
            except (queue.Empty, EOFError, OSError):
                return

    def _release(self, experiment_id: str) -> None:
        with self._lock:
            slot = self._slot_of(experiment_id)
            if slot is not None:
                slot.assign(None)
            self._dispatch()

    def _reap(self) -> None:
        """Replace workers that died or ignored a stop; their jobs end in a state instead of hanging."""
        if not self._running or self._closing:
            return
        with self._lock:
            stop_abandoned_pauses(self._queue, self._slots, self._pause_timeout, self._deliver,
                                  lambda experiment_id: self.command(experiment_id, "stop"))
            for i, slot in enumerate(self._slots):
                overdue = slot.overdue
                if slot.process.is_alive() and not overdue:
                    continue
                if overdue:
                    slot.process.kill()
                    slot.process.join(timeout=2)
                lost = slot.experiment_id
                self._slots[i] = self._spawn()
                if lost:
                    self._deliver(StatusEvent(lost, Status.STOPPED) if overdue else StatusEvent(
                        lost, Status.FAILED, f"the training process died (exit code {slot.process.exitcode}); "
                        "the model may be too large for this server's memory"))
            self._dispatch()
