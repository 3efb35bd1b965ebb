"""`neurona serve` answers before PyTorch is imported: /healthz says "starting", other requests wait for the real
app and are then answered by it, and a real app that fails to build is reported instead of hanging requests."""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from neurona.boot import Boot


def real_app(events: list[str]) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        events.append("started")
        yield
        events.append("stopped")

    app = FastAPI(lifespan=lifespan)
    app.get("/healthz")(lambda: {"status": "ok"})
    app.get("/api/thing")(lambda: {"thing": 1})
    return app


async def drive(boot: Boot, body: Any) -> Any:
    """Run the boot app's lifespan around `body(client)`, as uvicorn does."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    lifespan = asyncio.ensure_future(boot({"type": "lifespan"}, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    assert (await outbox.get())["type"] == "lifespan.startup.complete"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=boot), base_url="http://test") as client:
        result = await body(client)
    await inbox.put({"type": "lifespan.shutdown"})
    assert (await outbox.get())["type"] == "lifespan.shutdown.complete"
    await lifespan
    return result


def test_answers_while_the_real_app_loads_then_hands_over() -> None:
    release, events = threading.Event(), []

    def build() -> FastAPI:
        release.wait(10)  # the imports of PyTorch, as slow as it likes
        return real_app(events)

    async def body(client: httpx.AsyncClient) -> None:
        assert (await client.get("/healthz")).json()["status"] == "starting"
        waiting = asyncio.ensure_future(client.get("/api/thing"))
        await asyncio.sleep(0.2)
        assert not waiting.done(), "a request made while loading waits for the real app"
        release.set()
        assert (await waiting).json() == {"thing": 1}
        assert (await client.get("/healthz")).json()["status"] == "ok"
        assert events == ["started"]

    asyncio.run(drive(Boot(build), body))
    assert events == ["started", "stopped"], "the real app's lifespan runs on start and on shutdown"


def test_a_failed_start_answers_503_and_ends_the_process() -> None:
    failures: list[int] = []

    def build() -> FastAPI:
        raise RuntimeError("no module named torch")

    async def body(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/api/thing")

    answer = asyncio.run(drive(Boot(build, on_failure=lambda: failures.append(1)), body))
    assert answer.status_code == 503 and "no module named torch" in answer.json()["detail"]
    assert failures == [1]
