"""The server's side of probing: checks watches, keeps who watches what, tells workers the union, and probes runs
without a worker from their checkpoint (in the thread pool, off the event loop).

Every method runs on the event loop (the websocket and REST handlers call them).
"""

from __future__ import annotations

import asyncio
import itertools
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from ..status import ACTIVE
from ..stream import Hub, Subscription
from .board import WatchBoard
from .check import resolve
from .offline import OfflineContexts
from .session import run_probe
from .watch import UnwatchMessage, Watch, WatchMessage

if TYPE_CHECKING:
    from ..experiments import ExperimentService
    from ..store.schema import ExperimentRow

ON_WORKER = ACTIVE  # a worker holds the run (or will): watches go to it
SNAPSHOT_TIMEOUT = 10.0
_ids = itertools.count(1)


def subscriber_id() -> int:
    return next(_ids)


class ProbeService:
    def __init__(self, service: ExperimentService, hub: Hub):
        self.service, self.hub, self.board = service, hub, WatchBoard()
        s = service.settings
        self.offline = OfflineContexts(s.data_dir, s.boundary_resolution, s.max_steps)
        service.watches = lambda experiment_id: [w.public() for w in self.board.union(experiment_id)]

    async def watch(self, row: ExperimentRow, subscription: Subscription, subscriber: int,
                    message: WatchMessage) -> Watch:
        """Check and add a watch (raises WatchProblem); its frames start flowing to `subscription`."""
        ctx, _lock = await run_in_threadpool(self.offline.get, row.id, row.spec)
        watch = resolve(message, ctx.subject)
        self.hub.watch(row.id, subscription, watch.key)
        if self.board.add(row.id, subscriber, watch):
            await self._announce(row, [watch])
        return watch

    async def unwatch(self, row: ExperimentRow, subscription: Subscription, subscriber: int,
                      message: UnwatchMessage | None = None) -> None:
        for key in self.board.remove(row.id, subscriber, message):
            self.hub.unwatch(subscription, key)
        await self._announce(row, [])

    def watching(self, experiment_id: str, subscriber: int) -> list[dict[str, Any]]:
        return [w.public() for w in self.board.of(experiment_id, subscriber)]

    async def _announce(self, row: ExperimentRow, added: list[Watch]) -> None:
        """Send the worker the new union; for a run without one, answer the added watches from its weights."""
        current = await run_in_threadpool(self.service.store.get, row.id)
        status = current.status if current is not None else row.status
        union = {"watches": [w.public() for w in self.board.union(row.id)]}
        if status in ON_WORKER and self.service.runner.command(row.id, "watch", union):
            return
        for watch in added:
            for header, data in await run_in_threadpool(self._compute, row, watch):
                self.hub.publish(row.id, header["type"], header, data)

    def _compute(self, row: ExperimentRow, watch: Watch) -> list[tuple[dict[str, Any], bytes]]:
        ctx, lock = self.offline.get(row.id, row.spec)
        with lock:
            return run_probe(ctx, watch)

    async def snapshot(self, row: ExperimentRow, message: WatchMessage) -> tuple[dict[str, Any], bytes]:
        """One frame of a probe at the run's current weights: from its worker when it has one."""
        if row.status not in ON_WORKER:
            ctx, _lock = await run_in_threadpool(self.offline.get, row.id, row.spec)
            watch = resolve(message, ctx.subject)
            header, data = (await run_in_threadpool(self._compute, row, watch))[0]
            return {"type": header["type"], "seq": 0, **header}, data
        subscription, subscriber = self.hub.subscribe(row.id, since=self.hub.last_seq(row.id)), subscriber_id()
        try:
            watch = await self.watch(row, subscription, subscriber, message)
            return await asyncio.wait_for(_first_frame(subscription, watch.key), SNAPSHOT_TIMEOUT)
        finally:
            await self.unwatch(row, subscription, subscriber)
            subscription.close()


async def _first_frame(subscription: Subscription, key: str) -> tuple[dict[str, Any], bytes]:
    from ..stream.frames import decode_frame

    async for message in subscription:
        if message.key == key and message.binary is not None:
            return decode_frame(message.binary)
    raise RuntimeError("the stream closed before the probe answered")


