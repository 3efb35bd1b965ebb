"""The experiment stream: `/ws/experiments/{id}` (see docs/protocol.md)."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from ..experiments import ExperimentService, NotFound
from ..stream import Hub, Subscription, to_json
from .messages import HelloMessage
from .schemas import Experiment
from .session import COOKIE, HEADER, first_token

router = APIRouter()
CLOSE_NOT_FOUND = 4404


@router.websocket("/ws/experiments/{experiment_id}")
async def experiment_stream(ws: WebSocket, experiment_id: str, since: int | None = None,
                            token: str | None = None) -> None:
    svc: ExperimentService = ws.app.state.service
    hub: Hub = ws.app.state.hub
    owner = first_token(ws.headers.get(HEADER), token, ws.cookies.get(COOKIE)) or ""
    try:
        row = await run_in_threadpool(svc.get, owner, experiment_id)
    except NotFound:
        # Accept first: a close before the handshake reaches browsers only as an anonymous failure (1006).
        await ws.accept()
        await ws.close(code=CLOSE_NOT_FOUND, reason=f"experiment '{experiment_id}' not found")
        return
    await ws.accept()
    subscription = hub.subscribe(experiment_id, since)
    try:
        hello = HelloMessage(seq=hub.last_seq(experiment_id), experiment=Experiment.model_validate(svc.describe(row)))
        await ws.send_text(to_json(hello.model_dump(mode="json")))
        await _forward(ws, subscription)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        subscription.close()


async def _forward(ws: WebSocket, subscription: Subscription) -> None:
    """Send stream messages until either side ends; the reader notices a client that went away."""
    reader = asyncio.create_task(_wait_for_close(ws))
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


async def _wait_for_close(ws: WebSocket) -> None:
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
