"""Runs training jobs as actors on a Ray cluster (NEURONA_RUNNER=ray), behind the same `Runner` interface.

Jobs wait in the runners' fair queue (fairqueue.py) with their places in line; the runner hands Ray each job as
an actor that reserves the run's CPUs (its PyTorch threads) and, on a GPU, NEURONA_RAY_GPU_FRACTION of one. It has
at most one job per node waiting for Ray to place it (nodes start their actors side by side), and hands the next
only once one is placed: so a full cluster leaves jobs in the fair queue, with their places, not in Ray's own.
Each actor trains with the worker's loop (ray_actor.py); a pump thread long-polls every actor's events and hands
them to the server, as the embedded runner's pump does with its worker queue.

Faults: an actor that dies (its process, or the node under it) ends its run `interrupted` with a message, and the
run resumes from its last checkpoint on whichever node has room. Checkpoints and uploads are read and written in
the data directory, so on several machines it is storage every node mounts at the same path. The actors belong to
this server's process (Ray ends them when it exits), so a restarted server marks the runs it had `interrupted`
rather than reattaching (docs/department.md says why). Every call into Ray is bounded by a timeout.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import ray
from ray.exceptions import ActorUnavailableError, GetTimeoutError, RayActorError, RayError

from ..status import TERMINAL, Status
from .events import StatusEvent
from .fairqueue import FairQueue, Lease, QueuedRunner, stop_abandoned_pauses
from .ray_actor import RunActor
from .runner import SHUTDOWN_GRACE_SECONDS, EventHandler
from .worker import Job

log = logging.getLogger(__name__)

CONNECT_SECONDS = 60.0  # to reach the cluster (or start a local one) before queued runs fail
POLL_SECONDS = 0.5  # the longest an events poll waits on the actor, and the pump on any reply
GET_SECONDS = 10.0  # a reply that is ready is fetched within this, or the call is treated as failed
UNAVAILABLE_SECONDS = 30.0  # an actor unreachable this long (its node partitioned away) counts as lost
NODES_SECONDS = 5.0  # how stale the view of the cluster's nodes may be when placing a run


@dataclass
class _Actor(Lease):
    """A job's actor and the calls in flight to it."""

    handle: Any = None
    job: Job | None = None
    placed: Any = None  # the node() call: it answers once Ray has placed and started the actor
    training: Any = None  # the train() call
    poll: Any = None  # the take_events() call in flight
    seq: int = 0  # the next command's sequence number
    node: str | None = None
    unavailable_since: float | None = None


class RayRunner(QueuedRunner):
    def __init__(self, address: str, threads: int, gpu_fraction: float, pause_timeout: float = 600.0):
        self._address = address
        self._threads = threads
        self._gpu_fraction = gpu_fraction
        self._pause_timeout = pause_timeout
        self._queue = FairQueue(self._deliver)
        self._actors: dict[str, _Actor] = {}
        self._placing: list[_Actor] = []  # handed to Ray, not placed (started) yet
        self._lock = threading.RLock()
        self._on_event: EventHandler = lambda _e: None
        self._connected = threading.Event()
        self._failure: str | None = None  # why the cluster cannot be used; queued and new runs fail with it
        self._nodes: list[dict[str, float]] = []
        self._nodes_at = 0.0
        self._running = False
        self._closing = False
        self._pump: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------
    def start(self, on_event: EventHandler) -> None:
        """Returns at once: the cluster is reached in the background, and jobs submitted meanwhile queue."""
        self._on_event = on_event
        self._running = True
        self._pump = threading.Thread(target=self._run, name="neurona-ray", daemon=True)
        self._pump.start()

    def _run(self) -> None:
        if self._connect():
            self._pump_events()

    def _connect(self) -> bool:
        """Join the cluster at the address, or start one of this machine alone for `auto`; bounded in time."""
        local = self._address in ("", "auto", "local")
        options: dict[str, Any] = {"namespace": "neurona", "log_to_driver": False, "ignore_reinit_error": True}
        if local:
            options |= {"address": "local", "include_dashboard": False}
        else:
            options["address"] = self._address
        where = "a Ray cluster of this machine" if local else f"the Ray cluster at {self._address}"
        attempt = threading.Thread(target=self._init, args=(options, where), name="neurona-ray-connect", daemon=True)
        attempt.start()
        attempt.join(CONNECT_SECONDS)
        if not self._connected.is_set() and self._failure is None:
            self._failure = f"could not reach {where} within {CONNECT_SECONDS:g} s"
        if self._failure is not None:
            log.error("%s", self._failure)
            self._fail_waiting()
            return False
        log.info("training on %s", where)
        with self._lock:
            self._dispatch()
        return True

    def _init(self, options: dict[str, Any], where: str) -> None:
        try:
            ray.init(**options)
            self._connected.set()
        except Exception as err:  # any reason the cluster cannot be used is said to the runs that wait for it
            self._failure = f"could not reach {where}: {err}"

    def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Ask every run to checkpoint and end; actors that have not within `grace` seconds are killed. Runs in
        progress are left for the server to mark `interrupted`, and resume from those checkpoints."""
        self._closing = True
        with self._lock:
            self._queue.clear()
            actors = list(self._actors.values())
            for actor in actors:
                self._send(actor, "suspend", None)
        training = [a.training for a in actors if a.training is not None]
        if training and self._connected.is_set():
            self._bounded(lambda: ray.wait(training, num_returns=len(training), timeout=grace), None, grace + 1)
        self._running = False
        if self._pump:
            self._pump.join(timeout=POLL_SECONDS + GET_SECONDS)
        for actor in actors:  # what they sent last (their final rows), then the actor goes
            self._drain(actor)
            self._kill(actor)
        if self._connected.is_set():
            self._bounded(ray.shutdown, None)

    # -- the server's calls ----------------------------------------------------------------------------------
    def submit(self, job: Job) -> None:
        if self._failure is not None:
            self._deliver(StatusEvent(job.experiment_id, Status.FAILED, self._failure))
            return
        with self._lock:
            self._queue.add(job)
            self._dispatch()

    def command(self, experiment_id: str, command: str, payload: dict[str, Any] | None = None) -> bool:
        """Send pause/resume/step/stop/update/watch to a job's actor, or adjust a waiting job; False when unknown."""
        with self._lock:
            actor = self._actors.get(experiment_id)
            if actor is not None:
                self._send(actor, command, payload)
                actor.note(command)
                return True
            return self._queue.adjust(experiment_id, command, payload)

    def device_problem(self, device: str) -> str | None:
        """Why a run cannot ask for `device` on this cluster: Ray picks the GPU, and there has to be one."""
        if device.startswith("cuda:"):
            return f"{device}: on a Ray cluster, choose cuda (Ray assigns each run its GPU), auto or cpu"
        if device == "mps":
            return "mps is not available on a Ray cluster; use auto or cpu"
        if device == "cuda" and self._connected.is_set() and not any(n.get("GPU") for n in self._node_resources()):
            return "cuda is not available on this Ray cluster (no node has a GPU); use auto or cpu"
        return None

    # -- placing runs ----------------------------------------------------------------------------------------
    def _dispatch(self) -> None:
        """Hand Ray the next jobs in fair order while fewer than one per node wait to be placed (caller holds the
        lock)."""
        while self._connected.is_set() and not self._closing and len(self._placing) < self._placing_at_once():
            job = self._queue.take()
            if job is None:
                break
            resources = self._resources(job)
            problem = self._fit_problem(resources)
            if problem:
                self._deliver(StatusEvent(job.experiment_id, Status.FAILED, problem))
                continue
            self._placing.append(self._launch(job, resources))
        self._queue.publish()

    def _placing_at_once(self) -> int:
        return max(1, len(self._node_resources()))

    def _launch(self, job: Job, resources: dict[str, float]) -> _Actor:
        # SPREAD: runs go to the least loaded nodes, not first to the node this server shares with the head.
        handle = RunActor.options(num_cpus=resources["CPU"], num_gpus=resources.get("GPU", 0),
                                  scheduling_strategy="SPREAD").remote(self._threads)
        actor = _Actor(handle=handle, job=job)
        actor.assign(job)
        actor.placed = handle.node.remote()
        actor.training = handle.train.remote(job)
        actor.poll = handle.take_events.remote(POLL_SECONDS)
        self._actors[job.experiment_id] = actor
        return actor

    def _resources(self, job: Job) -> dict[str, float]:
        device = str(job.spec.get("training", {}).get("device", "auto"))
        on_gpu = device.startswith("cuda") or (device == "auto" and any(n.get("GPU") for n in self._node_resources()))
        return {"CPU": float(self._threads), **({"GPU": self._gpu_fraction} if on_gpu else {})}

    def _fit_problem(self, resources: dict[str, float]) -> str | None:
        """Why no node could ever hold the run (Ray would wait for one forever), or None."""
        nodes = self._node_resources()
        if not nodes or any(all(n.get(k, 0.0) >= v for k, v in resources.items()) for n in nodes):
            return None
        gpu = f" and {resources['GPU']:g} GPU" if "GPU" in resources else ""
        return (f"no node of the Ray cluster has {resources['CPU']:g} CPU(s){gpu} for a run; lower NEURONA_TORCH_"
                "THREADS or NEURONA_RAY_GPU_FRACTION, or add a node that has them")

    def _node_resources(self) -> list[dict[str, float]]:
        """The total resources of each live node, refreshed every few seconds."""
        if time.monotonic() - self._nodes_at > NODES_SECONDS:
            nodes = self._bounded(ray.nodes, None)
            if nodes is not None:
                self._nodes = [dict(n.get("Resources", {})) for n in nodes if n.get("Alive")]
                self._nodes_at = time.monotonic()
        return self._nodes

    # -- the pump --------------------------------------------------------------------------------------------
    def _pump_events(self) -> None:
        while self._running:
            try:
                self._pump_once()
            except Exception:  # the pump serves every run: one surprise must not stop them all
                log.exception("the Ray runner's pump failed; it goes on")
                time.sleep(POLL_SECONDS)

    def _pump_once(self) -> None:
        """Take every answer in (waiting up to POLL_SECONDS for one), then kill or stop what overstayed."""
        with self._lock:
            calls = {a.placed: a for a in self._actors.values() if a.placed is not None}
            calls |= {a.poll: a for a in self._actors.values() if a.poll is not None}
        if calls:
            for ref in self._ready(list(calls)):
                self._answered(calls[ref], ref)
        else:
            time.sleep(POLL_SECONDS / 5)
        self._reap()

    def _ready(self, refs: list[Any]) -> list[Any]:
        """The calls that have answered: waits up to POLL_SECONDS for the first, then takes every other."""
        try:
            ready, _ = ray.wait(refs, num_returns=1, timeout=POLL_SECONDS)
            if ready:
                ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
            return list(ready)
        except RayError:
            log.exception("waiting on the Ray cluster failed")
            time.sleep(POLL_SECONDS)
            return []

    def _answered(self, actor: _Actor, ref: Any) -> None:
        try:
            reply = ray.get(ref, timeout=GET_SECONDS)
        except ActorUnavailableError:
            self._unavailable(actor, ref)
            return
        except (RayActorError, GetTimeoutError, RayError) as err:
            self._lost(actor, err)
            return
        actor.unavailable_since = None
        if ref is actor.placed:
            self._placed(actor, str(reply))
            return
        actor.poll = None  # taken: a drain at shutdown must not deliver this reply again
        for event in reply:
            self._deliver(event)
            if isinstance(event, StatusEvent) and event.status in TERMINAL:
                self._finished(actor)  # the job's last event: its resources go to the next
                return
        with self._lock:
            if actor.experiment_id in self._actors and not self._closing:
                actor.poll = actor.handle.take_events.remote(POLL_SECONDS)

    def _placed(self, actor: _Actor, node: str) -> None:
        actor.placed, actor.node = None, node
        log.info("experiment %s trains on Ray node %s", actor.experiment_id, node)
        with self._lock:
            self._placing = [a for a in self._placing if a is not actor]
            self._dispatch()

    def _unavailable(self, actor: _Actor, ref: Any) -> None:
        """Unreachable for now (a network blip): ask again, and give up on it after a while."""
        now = time.monotonic()
        actor.unavailable_since = actor.unavailable_since or now
        if now - actor.unavailable_since > UNAVAILABLE_SECONDS:
            self._lost(actor, RuntimeError(f"unreachable for {UNAVAILABLE_SECONDS:g} s"))
            return
        with self._lock:
            if ref is actor.poll:
                actor.poll = actor.handle.take_events.remote(POLL_SECONDS)
            else:
                actor.placed = actor.handle.node.remote()

    def _lost(self, actor: _Actor, err: Exception) -> None:
        """The actor is gone: its run ends interrupted (resumable), or failed when it could not even start."""
        experiment_id = actor.experiment_id
        self._forget(actor)
        if experiment_id is None or self._closing:
            return
        if isinstance(err, RayActorError) and err.actor_init_failed:
            event = StatusEvent(experiment_id, Status.FAILED, f"the run could not start on the Ray cluster: {err}")
        else:
            where = f"on Ray node {actor.node}" if actor.node else "on the Ray cluster"
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            event = StatusEvent(experiment_id, Status.INTERRUPTED, f"the process training it {where} was lost "
                                f"({reason}); resume it to continue from its last checkpoint")
        log.warning("experiment %s: %s", experiment_id, event.error)
        self._deliver(event)

    def _finished(self, actor: _Actor) -> None:
        self._forget(actor)

    def _forget(self, actor: _Actor) -> None:
        """Drop the actor, free its place and let the next job go (the actor itself is killed)."""
        with self._lock:
            if actor.experiment_id is not None and self._actors.get(actor.experiment_id) is actor:
                del self._actors[actor.experiment_id]
            self._placing = [a for a in self._placing if a is not actor]
            self._kill(actor)
            actor.assign(None)
            self._dispatch()

    def _reap(self) -> None:
        """Kill actors that ignored a stop (their runs end stopped); stop runs left paused while others wait."""
        if self._closing:
            return
        with self._lock:
            stop_abandoned_pauses(self._queue, list(self._actors.values()), self._pause_timeout, self._deliver,
                                  lambda experiment_id: self.command(experiment_id, "stop"))
            for actor in [a for a in self._actors.values() if a.overdue]:
                experiment_id = actor.experiment_id
                self._forget(actor)
                if experiment_id:
                    self._deliver(StatusEvent(experiment_id, Status.STOPPED))

    # -- helpers ---------------------------------------------------------------------------------------------
    def _send(self, actor: _Actor, command: str, payload: dict[str, Any] | None) -> None:
        actor.handle.command.remote(actor.seq, (actor.experiment_id, command, payload))
        actor.seq += 1

    def _drain(self, actor: _Actor) -> None:
        """Deliver what an actor still holds (its reply in flight, then the rest); bounded, as every call."""
        calls = [actor.poll] if actor.poll is not None else []
        for ref in [*calls, None]:
            try:
                events = ray.get(ref if ref is not None else actor.handle.take_events.remote(0), timeout=2)
            except RayError:
                return
            for event in events:
                self._deliver(event)

    def _kill(self, actor: _Actor) -> None:
        with contextlib.suppress(RayError, ValueError):  # gone already
            ray.kill(actor.handle, no_restart=True)

    def _fail_waiting(self) -> None:
        with self._lock:
            jobs = []
            while (job := self._queue.take()) is not None:
                jobs.append(job)
            self._queue.publish()
        for job in jobs:
            self._deliver(StatusEvent(job.experiment_id, Status.FAILED, self._failure))

    def _bounded(self, call: Any, fallback: Any, seconds: float = GET_SECONDS) -> Any:
        """A call into Ray that neither hangs nor raises: `fallback` when it fails or takes over `seconds`."""
        result = [fallback]

        def attempt() -> None:
            try:
                result[0] = call()
            except Exception:
                log.exception("a call to Ray failed")

        thread = threading.Thread(target=attempt, name="neurona-ray-call", daemon=True)
        thread.start()
        thread.join(seconds)
        return result[0]
