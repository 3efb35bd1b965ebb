"""The experiment websocket of docs/protocol.md against a real server: hello, ordered status/metrics messages,
binary boundary frames, replay after `?since=`, token auth and refusal of other sessions."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from neurona.stream import decode_frame, dequantize_uint8
from tests.api.helpers import DEADLINE, act, create, stop_quietly, wait_status
from tests.conftest import session_client

Message = dict[str, Any]  # a text message, or a binary frame's header with its raw data under "_data"


def ws_url(base_url: str, experiment_id: str, query: str = "") -> str:
    return base_url.replace("http://", "ws://", 1) + f"/ws/experiments/{experiment_id}" + query


def token_of(client: httpx.Client) -> str:
    return str(client.headers["X-Neurona-Token"])


def parse(frame: str | bytes) -> Message:
    if isinstance(frame, str):
        message: Message = json.loads(frame)
        message["_binary"] = False
        return message
    header, data = decode_frame(frame)
    return {**header, "_binary": True, "_data": data}


async def receive_until(ws: Any, done: Callable[[Message], bool], timeout: float = DEADLINE) -> list[Message]:
    """Every message up to and including the first for which `done` holds; fails after `timeout` seconds."""
    received: list[Message] = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"gave up waiting; got {[summary(m) for m in received][-10:]}")
        try:
            message = parse(await asyncio.wait_for(ws.recv(), remaining))
        except TimeoutError:
            continue
        received.append(message)
        if done(message):
            return received


def summary(message: Message) -> str:
    return f"{message['type']}#{message['seq']}" + (f"({message['status']})" if "status" in message else "")


def finished(message: Message) -> bool:
    return message["type"] == "status" and message["status"] in ("finished", "failed", "stopped")


async def follow_run(base_url: str, client: httpx.Client, experiment_id: str) -> tuple[Message, list[Message]]:
    """Subscribe to a created run, start it, and record everything until it ends."""
    headers = {"X-Neurona-Token": token_of(client)}
    async with websockets.connect(ws_url(base_url, experiment_id), additional_headers=headers) as ws:
        hello = parse(await asyncio.wait_for(ws.recv(), DEADLINE))
        await ws.send(json.dumps({"type": "watch", "probe": "boundary"}))
        await receive_until(ws, lambda m: m["type"] == "watching")
        act(client, experiment_id, "start")  # sync HTTP call: fine, messages wait in the server's queue
        return hello, await receive_until(ws, finished)


@pytest.fixture(scope="module")
def recorded(live_server: str) -> dict[str, Any]:
    """One short run on circle, followed from before its start to its end (shared by the tests below)."""
    with session_client(live_server) as client:
        experiment = create(client, epochs=8, name="streamed", eval_every_steps=1)  # a row every step
        hello, messages = asyncio.run(follow_run(live_server, client, experiment["id"]))
        return {"token": token_of(client), "experiment": experiment, "hello": hello, "messages": messages}


@pytest.mark.both_stores
def test_hello_comes_first_with_the_experiment(recorded: dict[str, Any]) -> None:
    hello = recorded["hello"]
    assert hello["type"] == "hello" and hello["_binary"] is False
    assert hello["seq"] == 0, "nothing was published for a run that has not started"
    experiment = hello["experiment"]
    assert experiment["id"] == recorded["experiment"]["id"] and experiment["status"] == "created"
    assert experiment["graph"] == recorded["experiment"]["graph"]


@pytest.mark.both_stores
def test_messages_are_numbered_in_order_and_cover_the_run(recorded: dict[str, Any]) -> None:
    messages = recorded["messages"]
    seqs = [m["seq"] for m in messages]
    assert seqs == sorted(set(seqs)) and seqs[0] == 1, "seq starts at 1 and increases"
    texts = [m for m in messages if not m["_binary"]]
    assert all(m["type"] in ("status", "metrics", "error", "watching") for m in texts)
    statuses = [m["status"] for m in texts if m["type"] == "status"]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "finished"
    assert statuses.index("running") < len(statuses) - 1
    running = next(m for m in texts if m["type"] == "status" and m["status"] == "running")
    assert running["device"] == "cpu" and running["error"] is None and running["queue_position"] is None

    rows = [row for m in texts if m["type"] == "metrics" for row in m["rows"]]
    assert [r["step"] for r in rows] == list(range(1, 8 * 25 + 1)), "every step streamed once, in order"
    assert rows[-1]["epoch"] == 8 and 0 <= rows[-1]["accuracy"] <= 1
    assert all(set(r) == {"step", "epoch", "train_loss", "test_loss", "accuracy", "lr", "val_loss", "metrics"}
               for r in rows)


@pytest.mark.both_stores
def test_metrics_stream_matches_what_is_stored(recorded: dict[str, Any], live_server: str) -> None:
    texts = [m for m in recorded["messages"] if m["type"] == "metrics"]
    streamed = [row for m in texts for row in m["rows"]]
    with httpx.Client(base_url=live_server, headers={"X-Neurona-Token": recorded["token"]}) as client:
        stored = client.get(f"/api/experiments/{recorded['experiment']['id']}/metrics").json()["rows"]
    assert stored == streamed


def test_boundary_frames_decode(recorded: dict[str, Any]) -> None:
    frames = [m for m in recorded["messages"] if m["_binary"]]
    assert frames, "at least one decision boundary was streamed"
    assert all(f["type"] == "boundary" for f in frames)
    steps = [f["step"] for f in frames]
    assert steps == sorted(steps) and steps[-1] == 8 * 25, "the final model's boundary is sent"
    for frame in frames:
        assert frame["dtype"] == "uint8" and frame["shape"] == [1, 48, 48]
        assert frame["extent"] == [-6, 6, -6, 6]
        assert len(frame["_data"]) == 48 * 48
        values = dequantize_uint8(frame["_data"], frame["shape"], frame["scale"], frame["offset"])
        assert values.shape == (1, 48, 48) and values.min() >= 0 and values.max() <= 1 + 1e-9
    # The trained model puts class 1 (the inner disc) in the centre and class 0 in the corners.
    last = frames[-1]
    plane = dequantize_uint8(last["_data"], last["shape"], last["scale"], last["offset"])[0]
    assert plane[24, 24] > 0.5 and max(plane[0, 0], plane[0, 47], plane[47, 0], plane[47, 47]) < 0.5


@pytest.mark.both_stores
def test_reconnect_with_since_replays_only_what_was_missed(recorded: dict[str, Any], live_server: str) -> None:
    messages = recorded["messages"]
    last_seq = messages[-1]["seq"]
    texts = [m for m in messages if not m["_binary"]]
    since = texts[len(texts) // 2]["seq"]
    expected = [m["seq"] for m in texts if m["seq"] > since]

    async def replay() -> tuple[Message, list[Message]]:
        url = ws_url(live_server, recorded["experiment"]["id"], f"?since={since}")
        async with websockets.connect(url, additional_headers={"X-Neurona-Token": recorded["token"]}) as ws:
            hello = parse(await asyncio.wait_for(ws.recv(), DEADLINE))
            return hello, await receive_until(ws, lambda m: m["seq"] >= last_seq)

    hello, replayed = asyncio.run(replay())
    assert hello["type"] == "hello" and hello["seq"] == last_seq
    assert hello["experiment"]["status"] == "finished"
    assert all(m["seq"] > since for m in replayed)
    assert [m["seq"] for m in replayed if not m["_binary"]] == expected, "no text message of the gap is missing"
    by_seq = {m["seq"]: m for m in texts}
    assert all(m == by_seq[m["seq"]] for m in replayed if not m["_binary"]), "the same messages, replayed"
    binaries = [m for m in replayed if m["_binary"]]
    assert len(binaries) <= 1, "only the newest boundary is replayed, never a backlog"


def test_token_in_the_query_string(recorded: dict[str, Any], live_server: str) -> None:
    async def hello_via_query() -> Message:
        url = ws_url(live_server, recorded["experiment"]["id"], f"?token={recorded['token']}")
        async with websockets.connect(url) as ws:
            return parse(await asyncio.wait_for(ws.recv(), DEADLINE))

    hello = asyncio.run(hello_via_query())
    assert hello["type"] == "hello" and hello["experiment"]["id"] == recorded["experiment"]["id"]


@pytest.mark.both_stores
def test_live_subscriber_sees_pause_and_stop(client: httpx.Client, live_server: str) -> None:
    eid = create(client, epochs=100_000, name="watched")["id"]

    async def watch() -> list[Message]:
        headers = {"X-Neurona-Token": token_of(client)}
        async with websockets.connect(ws_url(live_server, eid), additional_headers=headers) as ws:
            await asyncio.wait_for(ws.recv(), DEADLINE)
            act(client, eid, "start")
            seen = await receive_until(ws, lambda m: m["type"] == "metrics")
            act(client, eid, "pause")
            seen += await receive_until(ws, lambda m: m.get("status") == "paused")
            act(client, eid, "stop")
            return seen + await receive_until(ws, lambda m: m.get("status") == "stopped")

    try:
        seen = asyncio.run(watch())
    finally:
        stop_quietly(client, eid)
    statuses = [m["status"] for m in seen if m["type"] == "status"]
    changes = [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]]  # queue updates repeat queued
    assert changes == ["queued", "running", "paused", "stopped"]
    assert [m["seq"] for m in seen] == sorted({m["seq"] for m in seen})


@pytest.mark.parametrize("how", ["header", "query"])
def test_another_sessions_socket_is_refused(client: httpx.Client, live_server: str, how: str) -> None:
    eid = create(client)["id"]
    with session_client(live_server) as other:
        stranger = token_of(other)
    url = ws_url(live_server, eid, f"?token={stranger}" if how == "query" else "")
    headers = {"X-Neurona-Token": stranger} if how == "header" else {}

    async def attempt() -> int | None:
        try:
            async with websockets.connect(url, additional_headers=headers) as ws:
                message = await asyncio.wait_for(ws.recv(), DEADLINE)
                raise AssertionError(f"another session received {message!r}")
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except InvalidStatus as refused:
            raise AssertionError(f"refused with HTTP {refused.response.status_code} instead of close code 4404 "
                                 "(a browser cannot tell 'not found' from any other failure)") from None

    assert asyncio.run(attempt()) == 4404


def test_unknown_experiment_socket_is_refused(client: httpx.Client, live_server: str) -> None:
    async def attempt() -> int | None:
        try:
            async with websockets.connect(ws_url(live_server, "nope"),
                                          additional_headers={"X-Neurona-Token": token_of(client)}) as ws:
                await asyncio.wait_for(ws.recv(), DEADLINE)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        except InvalidStatus as refused:
            return refused.response.status_code
        return None

    assert asyncio.run(attempt()) == 4404


def test_the_experiment_is_still_usable_after_subscribers_leave(client: httpx.Client, live_server: str) -> None:
    eid = create(client, epochs=1)["id"]

    async def connect_and_leave() -> None:
        for _ in range(3):
            async with websockets.connect(ws_url(live_server, eid),
                                          additional_headers={"X-Neurona-Token": token_of(client)}) as ws:
                await asyncio.wait_for(ws.recv(), DEADLINE)

    asyncio.run(connect_and_leave())
    act(client, eid, "start")
    assert wait_status(client, eid, "finished")["step"] == 25
