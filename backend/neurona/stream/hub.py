"""In-process fan-out hub: one channel per experiment, a bounded replay buffer, per-subscriber queues.

Threading: every method is called from the asyncio event loop thread only. The training runner hands
events over with ``loop.call_soon_threadsafe(hub.publish, ...)``, so the hub needs no locks.

Sequence numbers: each channel numbers its messages 1, 2, 3, ... (independently of other channels).

Replay buffer (per channel): the last ``replay_size`` text messages, plus the newest binary message of each
slot (older binaries are never replayed, so they are not kept; probe frames are replayed by ``watch``, not on
subscribing). Subscribing with ``since=N`` replays the
buffered text messages with seq > N and the newest binary of each kind with seq > N, in seq order, then
streams live. ``since=None`` replays the whole buffer. A ``since`` beyond the channel's last seq comes from an
earlier life of the channel (the server restarted and seq began again), so it also replays the whole buffer.

Slow-client policy: ``publish`` never awaits or blocks; it is O(subscribers), each O(1). Per subscriber:
- binary messages are coalesced: only the newest of each key is pending; a stale one (e.g. an old decision
  boundary) is replaced in place, never queued behind the new one (counted in ``coalesced``). A probe frame's
  key is its watch key (probe, node, samples, options: see neurona.probes.watch), so frames of two nodes never
  replace each other; a frame without one is keyed by its kind;
- a binary message with a watch key goes only to the subscribers watching that key (``Hub.watch``), and on
  watching, the newest buffered frame of the key is queued at once;
- text messages go into a deque bounded by ``subscriber_backlog``; on overflow the oldest are dropped and
  counted in ``dropped``. The client sees the seq gap and refetches metrics over REST.
Pending messages are delivered in seq order. A subscriber that never reads therefore costs at most
``subscriber_backlog`` text messages plus one binary per kind, and training never waits for it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from neurona.stream.frames import encode_frame, to_json


@dataclass(frozen=True)
class Message:
    """One stream message, already encoded once for every subscriber."""

    seq: int
    kind: str  # "status", "metrics", "error", "boundary", ...
    key: str | None = None  # a probe frame's watch key: coalescing and delivery go by it
    text: str | None = None  # JSON text frame (includes "type" and "seq")
    binary: bytes | None = None  # binary frame (header includes "type" and "seq")

    @property
    def is_binary(self) -> bool:
        return self.binary is not None

    @property
    def slot(self) -> str:
        """What a newer binary message replaces an older one by."""
        return self.key or self.kind


class StreamClosed(Exception):
    """Raised by Subscription.get once the subscription is closed (by its owner or Hub.drop)."""


class Subscription:
    """A subscriber's pending messages; read with ``await get()`` or ``async for``."""

    def __init__(self, backlog: int, on_close: Callable[[Subscription], None] | None = None) -> None:
        self._backlog = backlog
        self._texts: deque[Message] = deque()
        self._binaries: dict[str, Message] = {}
        self._wakeup = asyncio.Event()
        self._on_close = on_close
        self._closed = False
        self.dropped = 0  # text messages lost because this subscriber fell too far behind
        self.coalesced = 0  # binary messages replaced by a newer one of the same key before delivery
        self.watching: set[str] = set()  # watch keys whose frames this subscriber receives

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def pending(self) -> int:
        return len(self._texts) + len(self._binaries)

    def push(self, message: Message) -> None:
        """Queue ``message`` (called by the hub); O(1) and never blocks."""
        if self._closed or (message.key is not None and message.key not in self.watching):
            return
        if message.is_binary:
            self._push_binary(message)
        else:
            self._push_text(message)
        self._wakeup.set()

    def _push_binary(self, message: Message) -> None:
        if message.slot in self._binaries:
            self.coalesced += 1
        self._binaries[message.slot] = message

    def _push_text(self, message: Message) -> None:
        if len(self._texts) >= self._backlog:
            self._texts.popleft()
            self.dropped += 1
        self._texts.append(message)

    def _pop_next(self) -> Message:
        """Remove and return the pending message with the lowest seq."""
        binary = min(self._binaries.values(), key=lambda m: m.seq, default=None)
        if binary is not None and (not self._texts or binary.seq < self._texts[0].seq):
            del self._binaries[binary.slot]
            return binary
        return self._texts.popleft()

    async def get(self) -> Message:
        """Wait for the next message; raises StreamClosed once the subscription is closed."""
        while True:
            if self._closed:
                raise StreamClosed
            if self._texts or self._binaries:
                return self._pop_next()
            self._wakeup.clear()
            await self._wakeup.wait()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Message:
        try:
            return await self.get()
        except StreamClosed:
            raise StopAsyncIteration from None

    def close(self) -> None:
        """Stop receiving; pending messages are discarded and waiting readers end. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._texts.clear()
        self._binaries.clear()
        self._wakeup.set()
        if self._on_close is not None:
            self._on_close(self)


@dataclass
class _Channel:
    replay_size: int
    seq: int = 0
    texts: deque[Message] = field(init=False)
    binaries: dict[str, Message] = field(default_factory=dict)  # newest binary of each slot (key, else kind)
    subscribers: set[Subscription] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.texts = deque(maxlen=self.replay_size)

    def remember(self, message: Message) -> None:
        if message.is_binary:
            self.binaries[message.slot] = message
        else:
            self.texts.append(message)

    def replay(self, since: int | None) -> list[Message]:
        """Buffered messages a client that last saw ``since`` has missed, in seq order."""
        after = 0 if since is None or since > self.seq else since
        missed = [m for m in self.texts if m.seq > after]
        missed += [m for m in self.binaries.values() if m.seq > after and m.key is None]
        return sorted(missed, key=lambda m: m.seq)


class Hub:
    """Fan-out of per-channel messages to subscribers with replay; see the module docstring for the policy."""

    def __init__(self, replay_size: int = 2000, subscriber_backlog: int = 2000) -> None:
        if replay_size < 0:
            raise ValueError(f"replay_size must be ≥ 0 (got {replay_size})")
        if subscriber_backlog < 1:
            raise ValueError(f"subscriber_backlog must be ≥ 1 (got {subscriber_backlog})")
        self._replay_size = replay_size
        self._backlog = subscriber_backlog
        self._channels: dict[str, _Channel] = {}

    def _channel(self, channel: str) -> _Channel:
        state = self._channels.get(channel)
        if state is None:
            state = self._channels[channel] = _Channel(self._replay_size)
        return state

    def publish(self, channel: str, kind: str, payload: dict[str, Any], data: bytes | None = None) -> Message:
        """Number, encode (once), buffer and fan out a message; never awaits or blocks."""
        if "seq" in payload or payload.get("type", kind) != kind:
            raise ValueError("payload must not set seq or a type other than kind: the hub assigns them")
        state = self._channel(channel)
        state.seq += 1
        body = {"type": kind, "seq": state.seq, **payload}
        if data is None:
            message = Message(seq=state.seq, kind=kind, text=to_json(body))
        else:
            message = Message(seq=state.seq, kind=kind, key=payload.get("key"), binary=encode_frame(body, data))
        state.remember(message)
        for subscriber in state.subscribers:
            subscriber.push(message)
        return message

    def last_seq(self, channel: str) -> int:
        """The channel's latest seq; 0 when nothing was published."""
        state = self._channels.get(channel)
        return state.seq if state is not None else 0

    def subscribe(self, channel: str, since: int | None = None) -> Subscription:
        """Subscribe, with the missed buffered messages (see the module docstring) queued first."""
        state = self._channel(channel)
        subscription = Subscription(self._backlog, lambda sub: self._unsubscribe(channel, state, sub))
        for message in state.replay(since):
            subscription.push(message)
        state.subscribers.add(subscription)
        return subscription

    def watch(self, channel: str, subscription: Subscription, key: str) -> None:
        """Deliver frames of `key` to `subscription` from now on, starting with the newest one buffered."""
        subscription.watching.add(key)
        state = self._channels.get(channel)
        newest = state.binaries.get(key) if state is not None else None
        if newest is not None:
            subscription.push(newest)

    @staticmethod
    def unwatch(subscription: Subscription, key: str) -> None:
        subscription.watching.discard(key)

    def subscriber_count(self, channel: str) -> int:
        state = self._channels.get(channel)
        return len(state.subscribers) if state is not None else 0

    def drop(self, channel: str) -> None:
        """Forget a channel (experiment deleted): its buffer and seq go, its subscribers are closed."""
        state = self._channels.pop(channel, None)
        if state is None:
            return
        for subscription in list(state.subscribers):
            subscription.close()

    def _unsubscribe(self, channel: str, state: _Channel, subscription: Subscription) -> None:
        state.subscribers.discard(subscription)
        # A channel that was only listened to holds no state worth keeping; don't let it accumulate.
        if state.seq == 0 and not state.subscribers and self._channels.get(channel) is state:
            del self._channels[channel]
