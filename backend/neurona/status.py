"""The states of a run: one enum, read by the state machine, the store, the runner, the API and (through the
OpenAPI schema) the browser's generated types.

The service's state machine (`experiments.TRANSITIONS`) is the only owner of a run's status; workers and the
runner only report what happened to the job, and the service decides what the run's status becomes.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    CREATED = "created"  # saved, never started
    QUEUED = "queued"  # waiting for a worker (or for its first step when started paused)
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # trained every step it was asked for (or stopped early)
    STOPPED = "stopped"  # stopped by its user, a time limit, or a long pause
    FAILED = "failed"  # the job could not build or crashed; `error` says why
    INTERRUPTED = "interrupted"  # the server stopped while it was active; resumable from its checkpoint


# A worker holds the run or is about to: what a server restart leaves `interrupted`.
ACTIVE = frozenset({Status.QUEUED, Status.RUNNING, Status.PAUSED})
# The job is over for good: its worker is free and nothing the job still reports changes the status.
TERMINAL = frozenset({Status.FINISHED, Status.STOPPED, Status.FAILED})
