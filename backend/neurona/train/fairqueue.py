"""What every runner shares, whatever runs its jobs: the fair queue and the lease of each job handed out.

The queue takes jobs round-robin across sessions (one student's ten runs cannot starve the class) and reports each
waiting job's place in line when it changes. A lease is the runner's record of a job it handed out: when a stop
it sent must have been obeyed, and since when the job has been paused (a run left paused too long while others
wait gives its place up). The embedded runner holds a lease per worker process, the Ray runner one per actor.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..status import Status
from .events import Event, QueueEvent, StatusEvent
from .worker import Job

STOP_GRACE_SECONDS = 5.0
log = logging.getLogger(__name__)


class FairQueue:
    def __init__(self, deliver: Callable[[Event], None]):
        self._waiting: dict[str, deque[Job]] = {}  # owner -> jobs, served round-robin
        self._positions: dict[str, int] = {}
        self._deliver = deliver

    def __bool__(self) -> bool:
        return bool(self._waiting)

    def add(self, job: Job) -> None:
        """Queue a job at the back of its session's lane (the caller dispatches, then `publish`es)."""
        self._waiting.setdefault(job.owner, deque()).append(job)

    def order(self) -> list[Job]:
        """The waiting jobs in the order they will run: one per session in turn, oldest session first."""
        lanes = [list(jobs) for jobs in self._waiting.values() if jobs]
        order: list[Job] = []
        for depth in range(max((len(lane) for lane in lanes), default=0)):
            order.extend(lane[depth] for lane in lanes if depth < len(lane))
        return order

    def take(self) -> Job | None:
        """The next job in fair order, out of the queue; None when nothing waits."""
        order = self.order()
        if not order:
            return None
        job = order[0]
        self._waiting[job.owner].popleft()
        if not self._waiting[job.owner]:
            del self._waiting[job.owner]  # re-entering sessions go to the back of the rotation
        return job

    def find(self, experiment_id: str) -> Job | None:
        return next((j for jobs in self._waiting.values() for j in jobs if j.experiment_id == experiment_id), None)

    def remove(self, experiment_id: str) -> bool:
        for jobs in self._waiting.values():
            for job in jobs:
                if job.experiment_id == experiment_id:
                    jobs.remove(job)
                    self.publish()
                    return True
        return False

    def adjust(self, experiment_id: str, command: str, payload: dict[str, Any] | None) -> bool:
        """Apply a control command to a waiting job (it takes effect when the job starts); False when the job is
        not waiting here."""
        job = self.find(experiment_id)
        if job is None:
            return False
        if command == "update" and payload:
            job.changes.append(payload)  # applied (and recorded) when a worker takes the job
        elif command == "watch" and payload:
            job.watches = payload["watches"]  # probed as soon as a worker takes the job
        elif command == "step":
            job.start_paused, job.steps = True, job.steps + 1
        elif command in ("pause", "resume"):
            job.start_paused = command == "pause"
        return True

    def clear(self) -> None:
        self._waiting.clear()

    def position(self, experiment_id: str) -> int | None:
        return self._positions.get(experiment_id)

    def publish(self) -> None:
        """Tell each waiting job whose place in line changed where it now stands (1 = next)."""
        positions = {job.experiment_id: i + 1 for i, job in enumerate(self.order())}
        changed = {e: p for e, p in positions.items() if self._positions.get(e) != p}
        self._positions = positions
        for experiment_id, position in changed.items():
            self._deliver(QueueEvent(experiment_id, position))


@dataclass
class Lease:
    """A job handed out: which one, until when its stop may take, and since when it has been paused."""

    experiment_id: str | None = None
    stop_deadline: float | None = None
    paused_since: float | None = None

    def assign(self, job: Job | None) -> None:
        self.experiment_id = job.experiment_id if job else None
        self.stop_deadline = None
        self.paused_since = time.monotonic() if job and job.start_paused else None

    def note(self, command: str) -> None:
        """Track what a command sent to the job means for its lease."""
        if command == "stop":
            self.stop_deadline = time.monotonic() + STOP_GRACE_SECONDS
        elif command in ("pause", "resume"):
            self.paused_since = time.monotonic() if command == "pause" else None

    @property
    def overdue(self) -> bool:
        """Told to stop longer ago than a stop may take: the job is stuck and is to be killed."""
        return self.stop_deadline is not None and time.monotonic() > self.stop_deadline


def stop_abandoned_pauses(queue: FairQueue, leases: Iterable[Lease], pause_timeout: float,
                          deliver: Callable[[Event], None], stop: Callable[[str], Any]) -> None:
    """A run left paused past the timeout gives its worker to the runs waiting for one."""
    if not queue:
        return
    now = time.monotonic()
    for lease in leases:
        if lease.experiment_id and lease.paused_since and now - lease.paused_since > pause_timeout:
            minutes = pause_timeout / 60
            deliver(StatusEvent(lease.experiment_id, Status.STOPPED, f"stopped after {minutes:g} minutes paused, "
                                "to free its worker for waiting runs"))
            stop(lease.experiment_id)
            lease.paused_since = None


class QueuedRunner:
    """What a runner with a fair queue answers the same way whatever runs its jobs; a runner sets `_queue`,
    `_lock` and `_on_event`, and implements `command` for the jobs it handed out."""

    _queue: FairQueue
    _lock: threading.RLock
    _on_event: Callable[[Event], None]

    def command(self, experiment_id: str, command: str, payload: dict[str, Any] | None = None) -> bool:
        raise NotImplementedError

    def cancel(self, experiment_id: str) -> bool:
        """End a run wherever it is: a waiting job leaves the queue; one already handed out (even one that has not
        begun it yet) is told to stop, so it never trains. False when the runner does not know it."""
        with self._lock:
            return self._queue.remove(experiment_id) or self.command(experiment_id, "stop")

    def queue_position(self, experiment_id: str) -> int | None:
        with self._lock:
            return self._queue.position(experiment_id)

    def _deliver(self, event: Event) -> None:
        try:
            self._on_event(event)
        except Exception:  # one bad event must not stop the stream of every other run
            log.exception("handling %s of experiment %s failed", type(event).__name__, event.experiment_id)
