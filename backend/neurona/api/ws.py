"""The experiment stream: `/ws/experiments/{id}` (see docs/protocol.md).

One task forwards stream messages to the client; another reads the client's `watch` / `unwatch` messages and
answers each with the client's current watches (queued on the client's own subscription, so one task sends).
Closing the socket unwatches everything the client watched.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ..errors import describe_validation_error, field_path
from ..experiments import ExperimentService, NotFound
from ..i18n import Language, negotiate
from ..i18n.messages import render
from ..probes import CLIENT_MESSAGE, WatchMessage, WatchProblem
from ..probes.service import ProbeService, subscriber_id
from ..rooms.router import teacher_readable
from ..store.schema import ExperimentRow
from ..stream import Hub, Message, Subscription, to_json
from .messages import HelloMessage, WatchErrorMessage, WatchingMessage
from .schemas import Experiment, WatchInfo
from .session import COOKIE, HEADER, first_token

router = APIRouter()
CLOSE_NOT_FOUND = 4404


@router.websocket("/ws/experiments/{experiment_id}")
async def experiment_stream(ws: WebSocket, experiment_id: str, since: int | None = None,
                            token: str | None = None, lang: str | None = None) -> None:
    svc: ExperimentService = ws.app.state.service
    hub: Hub = ws.app.state.hub
    probes: ProbeService = ws.app.state.probes
    owner = first_token(ws.headers.get(HEADER), token, ws.cookies.get(COOKIE)) or ""
    subprotocol = None
    try:
        row = await run_in_threadpool(svc.get, owner, experiment_id)
    except NotFound:
        try:  # a teacher reads the runs of their room with its key, offered as a subprotocol (never in the URL)
            row, subprotocol = await run_in_threadpool(teacher_readable, ws.app.state.rooms, experiment_id,
                                                       ws.scope.get("subprotocols", []))
        except NotFound:
            # Accept first: a close before the handshake reaches browsers only as an anonymous failure (1006).
            await ws.accept()
            await ws.close(code=CLOSE_NOT_FOUND, reason=f"experiment '{experiment_id}' not found")
            return
    await ws.accept(subprotocol=subprotocol)
    subscription = hub.subscribe(experiment_id, since)
    spoken = negotiate(lang or ws.headers.get("accept-language"))  # the page's choice, else the browser's
    client = _Client(row, subscription, subscriber_id(), probes, hub, spoken)
    try:
        hello = HelloMessage(seq=hub.last_seq(experiment_id), experiment=Experiment.model_validate(svc.describe(row)))
        await ws.send_text(to_json(hello.model_dump(mode="json")))
        await _forward(ws, subscription, client)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        subscription.close()
        await client.leave()


class _Client:
    """One socket's watches."""

    def __init__(self, row: ExperimentRow, subscription: Subscription, subscriber: int, probes: ProbeService,
                 hub: Hub, lang: Language):
        self.row, self.subscription, self.subscriber, self.probes, self.hub = row, subscription, subscriber, probes, hub
        self.lang = lang  # watch problems are said in it

    def reply(self, message: WatchingMessage | WatchErrorMessage) -> None:
        message.seq = self.hub.last_seq(self.row.id)
        self.subscription.push(Message(seq=message.seq, kind=message.type,
                                       text=to_json(message.model_dump(mode="json"))))

    async def handle(self, text: str) -> None:
        try:
            message = CLIENT_MESSAGE.validate_python(json.loads(text))
        except (ValueError, ValidationError) as err:
            self.reply(_message_problem(err))
            return
        try:
            if isinstance(message, WatchMessage):
                await self.probes.watch(self.row, self.subscription, self.subscriber, message)
            else:
                await self.probes.unwatch(self.row, self.subscription, self.subscriber, message)
        except WatchProblem as problem:
            self.reply(WatchErrorMessage(probe=message.probe, node=message.node, field=problem.field,
                                         message=render(problem.said, self.lang)))
            return
        except Exception as err:  # a probe that cannot be computed must not close the stream
            self.reply(WatchErrorMessage(probe=message.probe, node=message.node, message=f"could not probe: {err}"))
            return
        self.reply(WatchingMessage(watches=[WatchInfo.model_validate(w) for w in
                                            self.probes.watching(self.row.id, self.subscriber)]))

    async def leave(self) -> None:
        with contextlib.suppress(Exception):  # the server may be shutting down
            await self.probes.unwatch(self.row, self.subscription, self.subscriber)


def _message_problem(err: Exception) -> WatchErrorMessage:
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        name = field_path(first["loc"])
        return WatchErrorMessage(field=name or None, message=f"{name or 'message'} {describe_validation_error(first)}; "
                                 "send a watch or unwatch message as docs/protocol.md describes")
    return WatchErrorMessage(message="the message is not JSON; send a watch or unwatch message as docs/protocol.md "
                                     "describes")


async def _forward(ws: WebSocket, subscription: Subscription, client: _Client) -> None:
    """Send stream messages until either side ends; the reader handles the client's messages."""
    reader = asyncio.create_task(_read(ws, client))
    reader.add_done_callback(lambda _task: subscription.close())  # wakes the loop below when idle
    try:
        async for message in subscription:
            if message.binary is not None:
                await ws.send_bytes(message.binary)
            elif message.text is not None:
                await ws.send_text(message.text)
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await reader


async def _read(ws: WebSocket, client: _Client) -> None:
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await client.handle(message["text"])
