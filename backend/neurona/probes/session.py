"""The worker's side of probing: the watched set, its schedule, and the frames it gives.

Nothing is computed, hooked or copied while nothing is watched. Otherwise a tick runs on the worker's probe budget
(`neurona.train.cadence`: at most `hz` times a second and within `PROBE_SHARE` of the time, so an expensive watch
set is sampled less often, never the step), each probe at most its own `max_hz`; watches of the same pinned samples
share one forward pass per tick. Probes that read gradients get those of the step just taken, because the trainer
keeps `.grad` until the next step's backward, and the weights from before the optimizer step are copied right after
the backward (`after_backward`) only when a tick is due and such a probe is watched.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ..train.cadence import PROBE_SHARE, Budget
from .context import ProbeContext
from .registry import PROBES, Frame
from .watch import Watch
from .weights import NormHistory, snapshot

log = logging.getLogger(__name__)


def run_probe(ctx: ProbeContext, watch: Watch) -> list[Frame]:
    """One watch's frames, with the fields every probe frame carries (docs/protocol.md)."""
    frames = PROBES[watch.probe].compute(ctx, watch)
    stamp = {"key": watch.key, "node": watch.node, "step": ctx.step, "t": round(time.time(), 4)}
    return [({**header, **stamp}, data) for header, data in frames]


class ProbeSession:
    def __init__(self, hz: float):
        self.rounds = Budget(hz, PROBE_SHARE)
        self.watches: dict[str, Watch] = {}
        self.last_run: dict[str, float] = {}
        self.failed: dict[str, str] = {}  # key -> message, reported once
        self.armed = False  # weights were copied after this step's backward

    @property
    def idle(self) -> bool:
        return not self.watches

    def set(self, watches: list[dict[str, Any]]) -> list[Watch]:
        """Replace the watched set; returns the watches that are new (to be answered at once)."""
        fresh = {w.key: w for w in (Watch.model_validate(item) for item in watches)}
        added = [w for key, w in fresh.items() if key not in self.watches]
        self.watches = fresh
        self.last_run = {k: v for k, v in self.last_run.items() if k in fresh}
        return added

    def _grad_nodes(self, ctx: ProbeContext) -> list[str]:
        needs = [w for w in self.watches.values() if PROBES[w.probe].needs_grads]
        if any(w.node is None for w in needs):
            return ctx.parametrised()
        return list(dict.fromkeys(w.node for w in needs if w.node is not None))

    def after_backward(self, ctx: ProbeContext) -> None:
        """Called by the trainer between backward and the optimizer step."""
        ctx.grads = True
        if self.idle or not self.rounds.due(time.monotonic()):
            return
        nodes = self._grad_nodes(ctx)
        if nodes:
            ctx.before = snapshot(ctx, nodes)
            self.armed = True

    def tick(self, ctx: ProbeContext, step: int, force: bool = False,
             only: list[Watch] | None = None) -> list[Frame]:
        """Frames of the watches due now (all of them, or `only`, when forced), for weights at `step`."""
        now = time.monotonic()
        if self.idle or (not force and not self.rounds.due(now)):
            return []
        ctx.step = step
        self._record_norms(ctx)
        due = [w for w in (only if only is not None else self.watches.values()) if force or self._due(w, now)]
        ctx.plan([(w.samples, w.node) for w in due if PROBES[w.probe].uses_samples])
        frames: list[Frame] = []
        for watch in due:
            self.last_run[watch.key] = now
            frames += self._safely(ctx, watch)
        ctx.plan([])
        if not self.armed:
            ctx.before = {}  # an update ratio only holds for the step whose weights were copied
        self.armed = False
        finished = time.monotonic()
        if force:  # an answer to a new watch, a pause, the end: the next round comes at the rate, not its share,
            self.rounds.next_at = max(self.rounds.next_at, finished + 1.0 / self.rounds.hz)  # so frames change soon
        else:
            self.rounds.ran(now, finished)
        return frames

    def _due(self, watch: Watch, now: float) -> bool:
        cap = PROBES[watch.probe].max_hz
        return not cap or now - self.last_run.get(watch.key, -float("inf")) >= 1.0 / cap

    def _record_norms(self, ctx: ProbeContext) -> None:
        if not any(w.probe == "norms" for w in self.watches.values()):
            ctx.history = None
            return
        if ctx.history is None:
            ctx.history = NormHistory(ctx.parametrised())
        ctx.history.record(ctx)

    def _safely(self, ctx: ProbeContext, watch: Watch) -> list[Frame]:
        try:
            return run_probe(ctx, watch)
        except Exception as err:  # a probe's failure must not end the training it watches
            if watch.key not in self.failed:
                self.failed[watch.key] = f"probe {watch.probe} on {watch.node or 'the model'} failed: {err}"
                log.exception("probe %s failed", watch.key)
            return []

    def take_failures(self) -> list[str]:
        messages = list(self.failed.values())
        self.failed = {k: "" for k in self.failed}  # reported; keep the keys so they are not reported again
        return [m for m in messages if m]
