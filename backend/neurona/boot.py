"""Serve at once, load PyTorch meanwhile: the ASGI app that `neurona serve` runs.

Importing PyTorch and building the app takes seconds (several on a loaded 2-core machine), and until uvicorn
has an app it answers nothing, so a classroom's browsers see a refused connection. `Boot` is an app that needs
only the standard library: uvicorn starts serving it at once, it builds the real app in a thread, starts the real
app's lifespan itself, then hands every request over. Meanwhile `/healthz` answers `{"status": "starting"}` (the
process is alive; `"ok"` once the API is ready) and any other request waits for the real app instead of failing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from . import __version__

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("neurona.boot")


def _terminate() -> None:
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn shuts down as on Ctrl+C, and the process exits


class Boot:
    def __init__(self, build: Callable[[], ASGIApp], on_failure: Callable[[], None] = _terminate):
        self.build = build
        self.on_failure = on_failure
        self.app: ASGIApp | None = None
        self.failure: str | None = None
        self.settled = asyncio.Event()  # the real app is serving, or failed to start
        self.loading: asyncio.Task[None] | None = None
        self.inner_in: asyncio.Queue[Message] = asyncio.Queue()  # lifespan messages to the real app...
        self.inner_out: asyncio.Queue[Message] = asyncio.Queue()  # ...and its answers
        self.inner_lifespan: asyncio.Future[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self.app is None:
            if scope["type"] == "http" and scope["path"] == "/healthz":
                await _json(send, 200, {"status": "starting", "version": __version__})
                return
            await self.settled.wait()
        if self.app is None:
            if scope["type"] == "http":
                await _json(send, 503, {"detail": f"the server failed to start: {self.failure}"})
            return  # a websocket left unaccepted is refused
        await self.app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        self.loading = asyncio.create_task(self._load())
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await self.loading  # a start cannot be abandoned halfway: the real app shuts down what it started
        if self.inner_lifespan is not None:
            await self.inner_in.put({"type": "lifespan.shutdown"})
            await self.inner_out.get()
        await send({"type": "lifespan.shutdown.complete"})

    async def _load(self) -> None:
        try:
            app = await asyncio.to_thread(self.build)  # the imports run in a thread: /healthz keeps answering
            scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
            self.inner_lifespan = asyncio.ensure_future(app(scope, self.inner_in.get, self.inner_out.put))
            await self.inner_in.put({"type": "lifespan.startup"})
            answer = await self.inner_out.get()
            if answer["type"] != "lifespan.startup.complete":
                raise RuntimeError(answer.get("message") or "its start-up failed")
            self.app = app
        except Exception as err:  # the process must not go on looking alive with nothing behind it
            self.failure = str(err) or type(err).__name__
            self.inner_lifespan = None
            log.exception("the server failed to start")
            self.on_failure()
        finally:
            self.settled.set()


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
