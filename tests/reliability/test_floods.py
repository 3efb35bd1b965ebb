"""Floods: bodies far over the limit, websocket clients that never read, and a short soak of mixed traffic;
the server's memory stays put and it keeps answering."""

from __future__ import annotations

import asyncio
import socket
import statistics
import time

import httpx
import websockets

from tests.api.helpers import FOREVER_EPOCHS, body, create, wait_for
from tests.conftest import session_client
from tests.reliability.conftest import figure, rss_kb, scale
from tests.server import ServerProcess

MB = 2**20


def send_huge(port: int, size: int, chunked: bool) -> tuple[bytes, int]:
    """POST `size` bytes of garbage from a raw socket, stopping when the server answers or hangs up; returns the
    status line and how many bytes went out."""
    framing = b"Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size}\r\n".encode()
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(b"POST /api/experiments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
                  b"\r\n")
        s.setblocking(False)
        chunk = b"x" * MB
        while sent < size:
            try:
                data = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n") if chunked else chunk
                s.send(data)
                sent += len(chunk)
            except BlockingIOError:
                time.sleep(0.01)
            except OSError:
                break  # the server answered and closed
            try:
                if s.recv(1, socket.MSG_PEEK):
                    break
            except BlockingIOError:
                pass
            except OSError:
                break
        s.setblocking(True)
        return s.recv(65536).split(b"\r\n", 1)[0], sent


def test_huge_bodies_are_refused_without_reading_them(fresh_server: ServerProcess) -> None:
    pid = fresh_server.process.pid  # type: ignore[union-attr]
    before = rss_kb(pid)
    for chunked in (False, True):
        status, sent = send_huge(fresh_server.port, 100 * MB, chunked)
        figure(f"100 MB body ({'chunked' if chunked else 'with Content-Length'})",
               f"{status.decode()} after {sent / MB:.0f} MB sent")
        assert b" 413 " in status
    with session_client(fresh_server.url) as client:
        name = client.post("/api/experiments", json=body(name="n" * 20 * MB))
        assert name.status_code == 413 and "NEURONA_MAX_BODY_KB" in name.json()["detail"]
        param = client.post("/api/experiments", json=body(graph={"nodes": [{"id": "a", "type": "x" * 3 * MB}]}))
        assert param.status_code == 413
    growth = (rss_kb(pid) - before) / 1024
    figure("server memory growth over three 100-MB/20-MB floods", f"{growth:.1f} MB")
    assert growth < 8


async def _slow_clients(url: str, experiment_id: str, token: str, count: int) -> list[object]:
    """Clients that connect and never read a message."""
    return [await websockets.connect(f"{url}/ws/experiments/{experiment_id}?token={token}", max_size=None,
                                     max_queue=1) for _ in range(count)]


def test_slow_websocket_clients_do_not_stall_the_server(fresh_server: ServerProcess) -> None:
    pid = fresh_server.process.pid  # type: ignore[union-attr]
    with session_client(fresh_server.url) as client:
        token = client.headers["X-Neurona-Token"]
        run = create(client, epochs=FOREVER_EPOCHS, batch_size=1)["id"]
        client.post(f"/api/experiments/{run}/start")
        wait_for(client, run, lambda e: e["status"] == "running", "running")
        before = rss_kb(pid)
        loop = asyncio.new_event_loop()
        sockets = loop.run_until_complete(_slow_clients(fresh_server.url.replace("http", "ws"), run, token, 30))
        latencies = []
        deadline = time.monotonic() + scale(5, 60)
        while time.monotonic() < deadline:
            started = time.monotonic()
            assert client.get(f"/api/experiments/{run}").status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.1)
        growth = (rss_kb(pid) - before) / 1024
        for ws in sockets:
            loop.run_until_complete(ws.close())  # type: ignore[attr-defined]
        loop.close()
        client.post(f"/api/experiments/{run}/stop")
    p99 = statistics.quantiles(latencies, n=100)[98]
    figure("30 websocket clients that never read", f"REST median {statistics.median(latencies) * 1000:.0f} ms, "
           f"p99 {p99 * 1000:.0f} ms over {len(latencies)} requests; memory growth {growth:.1f} MB")
    assert p99 < 2.0 and growth < 64


def test_soak_memory_stays_flat(fresh_server: ServerProcess) -> None:
    """Create, start, watch, stop and delete in a loop; memory after warming up must not keep climbing."""
    pid = fresh_server.process.pid  # type: ignore[union-attr]
    rounds = scale(10, 120)
    samples = []
    with session_client(fresh_server.url) as client:
        for i in range(rounds):
            run = create(client, epochs=FOREVER_EPOCHS)["id"]
            client.post(f"/api/experiments/{run}/start")
            wait_for(client, run, lambda e: e["step"] > 3, "training")
            client.get("/api/experiments")
            client.get(f"/api/experiments/{run}/metrics")
            client.post(f"/api/experiments/{run}/stop")
            assert client.delete(f"/api/experiments/{run}").status_code == 204
            samples.append(rss_kb(pid))
            if i == 2:
                warm = rss_kb(pid)
    growth = (samples[-1] - warm) / 1024
    figure(f"soak of {rounds} create/start/stop/delete rounds",
           f"memory {warm / 1024:.0f} MB after warm-up, {samples[-1] / 1024:.0f} MB at the end ({growth:+.1f} MB)")
    assert growth < 20
    assert httpx.get(f"{fresh_server.url}/healthz").status_code == 200
