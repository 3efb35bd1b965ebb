"""One run on a Ray cluster: an actor that trains one job with the worker's own loop (`worker.run_job`).

The actor holds the job's two queues, which the embedded runner keeps in multiprocessing: commands in, events out.
The API server sends commands with `command` and long-polls `take_events`, each method in a concurrency group of
its own, so neither waits behind the training in `train`. Calls into different groups may run out of the order
they were sent in, so commands carry a sequence number and are applied in that order (a pause then a resume must
not arrive as a resume then a pause).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any

import ray

from .events import Event
from .worker import Job, prepare_process, run_job

EVENTS_PER_TAKE = 512  # one reply stays small however far the poll fell behind
Command = tuple[str, str, dict[str, Any] | None]  # (experiment id, command, payload), as worker.run_job reads them


class InOrder:
    """Hands on messages numbered 0, 1, 2, ... in that order, whatever order they arrive in."""

    def __init__(self, deliver: Callable[[Command], None]):
        self._deliver = deliver
        self._next = 0
        self._early: dict[int, Command] = {}  # messages that overtook one sent before them
        self._lock = threading.Lock()

    def arrive(self, seq: int, message: Command) -> None:
        with self._lock:
            self._early[seq] = message
            while self._next in self._early:
                self._deliver(self._early.pop(self._next))
                self._next += 1


class Run:
    def __init__(self, threads: int):
        prepare_process(threads)
        self._controls: queue.Queue[Command] = queue.Queue()
        self._events: queue.Queue[Event] = queue.Queue()
        self._commands = InOrder(self._controls.put)

    def node(self) -> str:
        """The id of the Ray node this run trains on; answered once the actor is up."""
        return str(ray.get_runtime_context().get_node_id())

    def train(self, job: Job) -> None:
        # The actor's process is the raylet's child: a node that loses its raylet orphans the run, which stops.
        run_job(job, self._controls, self._events, os.getppid())

    @ray.method(concurrency_group="control")
    def command(self, seq: int, message: Command) -> None:
        self._commands.arrive(seq, message)

    @ray.method(concurrency_group="events")
    def take_events(self, wait: float) -> list[Event]:
        """The events so far, waiting up to `wait` seconds for the first; an empty list when none came."""
        try:
            events = [self._events.get(timeout=wait) if wait > 0 else self._events.get_nowait()]
        except queue.Empty:
            return []
        while len(events) < EVENTS_PER_TAKE:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                break
        return events


# Ray's stubs do not know the class form of ray.remote with concurrency groups: the actor class is typed loosely.
_remote: Any = ray.remote
RunActor: Any = _remote(concurrency_groups={"control": 1, "events": 1}, max_restarts=0, max_task_retries=0)(Run)
