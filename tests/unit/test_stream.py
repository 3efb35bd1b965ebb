"""Stream frames and the fan-out hub: encoding, replay, ordering and the slow-client policy."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import numpy as np
import pytest

from neurona.stream import (
    Hub,
    Message,
    StreamClosed,
    Subscription,
    decode_frame,
    dequantize_uint8,
    encode_frame,
    pack_uint8,
    quantize_uint8,
    tensor_header,
)


def _payload(message: Message) -> dict:
    """The JSON object of a text message, or the header of a binary one."""
    if message.text is not None:
        return json.loads(message.text)
    assert message.binary is not None
    return decode_frame(message.binary)[0]


def _drain(sub: Subscription) -> list[Message]:
    """Everything pending on a subscription, without waiting for more."""

    async def run() -> list[Message]:
        out = []
        while sub.pending:
            out.append(await sub.get())
        return out

    return asyncio.run(run())


# --- frames -------------------------------------------------------------------------------------


def test_frame_round_trip() -> None:
    header = {"type": "boundary", "seq": 16, "shape": [1, 2, 2], "extent": [-6, 6, -6, 6], "name": "façade"}
    data = bytes(range(4))
    frame = encode_frame(header, data)
    (length,) = np.frombuffer(frame[:4], dtype=">u4")
    assert json.loads(frame[4 : 4 + length].decode("utf-8")) == header
    assert decode_frame(frame) == (header, data)
    assert decode_frame(encode_frame({}, b"")) == ({}, b"")


@pytest.mark.parametrize(
    "frame", [b"\x00\x00", b"\x00\x00\x00\x09{}", b"\x00\x00\x00\x02[]", b"\x00\x00\x00\x01{"]
)
def test_decode_rejects_malformed_frames(frame: bytes) -> None:
    with pytest.raises(ValueError):
        decode_frame(frame)


def test_quantize_round_trip_within_one_step() -> None:
    values = np.random.default_rng(0).normal(size=(3, 8, 8)) * 5 + 2
    data, scale, offset = quantize_uint8(values)
    assert len(data) == values.size
    assert offset == pytest.approx(values.min())
    assert scale == pytest.approx((values.max() - values.min()) / 255)
    restored = dequantize_uint8(data, values.shape, scale, offset)
    assert np.abs(restored - values).max() <= scale / 2 + 1e-9
    assert restored.max() == pytest.approx(values.max())


def test_quantize_fixed_range_clips_and_is_row_major() -> None:
    probs = np.array([[0.0, 0.5], [1.0, 1.7]]).T  # Fortran-ordered input must still go out row-major
    data, scale, offset = quantize_uint8(probs, 0.0, 1.0)
    assert (scale, offset) == (pytest.approx(1 / 255), 0.0)
    assert list(data) == [0, 255, 128, 255]


def test_quantize_constant_and_degenerate_arrays_do_not_divide_by_zero() -> None:
    for values in (np.full((4, 4), 3.25), np.array([np.nan, np.inf]), np.zeros(0)):
        with np.errstate(all="raise"):
            data, scale, offset = quantize_uint8(values)
        assert scale > 0 and np.isfinite(offset)
        assert set(data) <= {0, 255}
    data, scale, offset = quantize_uint8(np.full((2, 2), 3.25))
    assert data == bytes(4) and offset == 3.25
    assert np.all(dequantize_uint8(data, (2, 2), scale, offset) == 3.25)


def test_quantize_rejects_inverted_range() -> None:
    with pytest.raises(ValueError):
        quantize_uint8(np.zeros(3), 1.0, 0.0)


def test_pack_uint8_builds_protocol_header() -> None:
    payload, data = pack_uint8("boundary", np.full((1, 2, 3), 0.5), 0.0, 1.0, step=420, extent=[-6, 6, -6, 6])
    assert payload == {
        "type": "boundary",
        "dtype": "uint8",
        "shape": [1, 2, 3],
        "scale": pytest.approx(1 / 255),
        "offset": 0.0,
        "step": 420,
        "extent": [-6, 6, -6, 6],
    }
    assert len(data) == 6
    assert tensor_header("x", (2,), 1.0, 0.0)["shape"] == [2]


# --- hub: publishing and live delivery ----------------------------------------------------------


def test_seq_increments_per_channel_independently() -> None:
    hub = Hub()
    assert hub.last_seq("a") == 0
    seqs = [hub.publish("a", "metrics", {"rows": []}).seq for _ in range(3)]
    assert seqs == [1, 2, 3]
    assert hub.publish("b", "status", {"status": "running"}).seq == 1
    assert hub.publish("a", "boundary", {}, b"\x01").seq == 4
    assert (hub.last_seq("a"), hub.last_seq("b"), hub.last_seq("c")) == (4, 1, 0)


def test_publish_builds_text_and_binary_frames() -> None:
    hub = Hub()
    text = hub.publish("a", "status", {"status": "running", "error": None})
    assert text.binary is None and text.text is not None
    assert text.text.startswith('{"type":"status","seq":1')
    assert _payload(text) == {"type": "status", "seq": 1, "status": "running", "error": None}
    payload, data = pack_uint8("boundary", np.zeros((1, 2, 2)), 0.0, 1.0, step=5)
    binary = hub.publish("a", "boundary", payload, data)
    assert binary.text is None
    header, raw = decode_frame(binary.binary)
    assert (header["type"], header["seq"], header["step"], raw) == ("boundary", 2, 5, bytes(4))


def test_publish_writes_strict_json_and_rejects_reserved_keys() -> None:
    hub = Hub()
    message = hub.publish("a", "metrics", {"rows": [{"train_loss": float("nan"), "acc": np.float32(0.5)}]})
    assert json.loads(message.text)["rows"] == [{"train_loss": None, "acc": 0.5}]
    with pytest.raises(ValueError):
        hub.publish("a", "metrics", {"seq": 99})
    with pytest.raises(ValueError):
        hub.publish("a", "metrics", {"type": "status"})
    assert hub.last_seq("a") == 1


def test_subscriber_gets_live_messages_in_order() -> None:
    async def run() -> list[int]:
        hub = Hub()
        sub = hub.subscribe("a")
        reader = asyncio.create_task(_take(sub, 5))
        await asyncio.sleep(0)  # the reader is now waiting on an empty queue
        for i in range(5):
            hub.publish("a", "metrics", {"i": i})
        hub.publish("b", "metrics", {"other": True})
        return await asyncio.wait_for(reader, 1)

    assert asyncio.run(run()) == [1, 2, 3, 4, 5]


async def _take(sub: Subscription, n: int) -> list[int]:
    return [(await sub.get()).seq for _ in range(n)]


def test_publish_from_another_thread_via_call_soon_threadsafe() -> None:
    async def run() -> list[int]:
        hub = Hub()
        sub = hub.subscribe("a")
        loop = asyncio.get_running_loop()

        def trainer() -> None:
            for step in range(50):
                loop.call_soon_threadsafe(hub.publish, "a", "metrics", {"step": step})

        thread = threading.Thread(target=trainer)
        thread.start()
        seqs = await asyncio.wait_for(_take(sub, 50), 2)
        thread.join()
        return seqs

    assert asyncio.run(run()) == list(range(1, 51))


# --- hub: replay ---------------------------------------------------------------------------------


def _fill(hub: Hub) -> None:
    """seq 1..8: texts at 1, 3, 6, 8; boundaries at 2, 5, 7; one histogram at 4."""
    hub.publish("a", "status", {"status": "running"})  # 1
    hub.publish("a", "boundary", {"step": 1}, b"\x01")  # 2
    hub.publish("a", "metrics", {"rows": []})  # 3
    hub.publish("a", "histogram", {"step": 1}, b"\x02")  # 4
    hub.publish("a", "boundary", {"step": 2}, b"\x03")  # 5
    hub.publish("a", "metrics", {"rows": []})  # 6
    hub.publish("a", "boundary", {"step": 3}, b"\x04")  # 7
    hub.publish("a", "metrics", {"rows": []})  # 8


def test_replay_since_returns_later_texts_and_newest_binary_of_each_kind() -> None:
    hub = Hub()
    _fill(hub)
    assert [m.seq for m in _drain(hub.subscribe("a", since=3))] == [4, 6, 7, 8]
    assert [m.seq for m in _drain(hub.subscribe("a", since=5))] == [6, 7, 8]
    assert [m.seq for m in _drain(hub.subscribe("a", since=8))] == []
    assert [m.seq for m in _drain(hub.subscribe("a"))] == [1, 3, 4, 6, 7, 8]


def test_replay_since_beyond_last_seq_replays_everything() -> None:
    # The client saw an earlier life of the channel (the server restarted and numbering began again).
    hub = Hub()
    _fill(hub)
    assert [m.seq for m in _drain(hub.subscribe("a", since=500))] == [1, 3, 4, 6, 7, 8]


def test_replay_then_live() -> None:
    async def run() -> list[int]:
        hub = Hub()
        _fill(hub)
        sub = hub.subscribe("a", since=6)
        hub.publish("a", "metrics", {})  # 9
        return await _take(sub, 3)

    assert asyncio.run(run()) == [7, 8, 9]


def test_replay_buffer_is_bounded() -> None:
    hub = Hub(replay_size=10)
    for i in range(100):
        hub.publish("a", "metrics", {"i": i})
        hub.publish("a", "boundary", {"i": i}, bytes(100))
    replayed = _drain(hub.subscribe("a"))
    assert [m.seq for m in replayed] == [*range(181, 200, 2), 200]
    assert [m.kind for m in replayed].count("boundary") == 1


# --- hub: slow clients ---------------------------------------------------------------------------


def test_slow_subscriber_never_blocks_publish() -> None:
    hub = Hub(replay_size=50, subscriber_backlog=100)
    idle = hub.subscribe("a")  # never reads while publishing
    started = time.perf_counter()
    for i in range(10_000):
        if i % 10 == 0:
            hub.publish("a", "boundary", {"step": i}, bytes(2304))
        else:
            hub.publish("a", "metrics", {"rows": [{"step": i}]})
    assert time.perf_counter() - started < 5  # synchronous and O(1) per subscriber; generous for slow CI
    assert idle.pending == 101
    assert idle.dropped == 9_000 - 100
    assert idle.coalesced == 1_000 - 1
    messages = _drain(idle)
    seqs = [m.seq for m in messages]
    assert seqs == sorted(seqs)
    boundaries = [m for m in messages if m.kind == "boundary"]
    assert [_payload(m)["step"] for m in boundaries] == [9_990]  # only the newest, never a stale backlog
    metric_seqs = [s for s in range(1, 10_001) if s % 10 != 1]
    assert [m.seq for m in messages if m.kind == "metrics"] == metric_seqs[-100:]


def test_binary_of_each_kind_coalesces_independently() -> None:
    hub = Hub()
    sub = hub.subscribe("a")
    hub.publish("a", "boundary", {}, b"\x01")  # 1
    hub.publish("a", "histogram", {}, b"\x02")  # 2
    hub.publish("a", "boundary", {}, b"\x03")  # 3
    assert [(m.kind, m.seq) for m in _drain(sub)] == [("histogram", 2), ("boundary", 3)]


# --- hub: closing --------------------------------------------------------------------------------


def test_drop_ends_subscribers_iteration_and_forgets_channel() -> None:
    async def run() -> tuple[list[int], list[int]]:
        hub = Hub()
        subs = [hub.subscribe("a"), hub.subscribe("a")]

        async def collect(sub: Subscription) -> list[int]:
            return [m.seq async for m in sub]

        readers = [asyncio.create_task(collect(sub)) for sub in subs]
        hub.publish("a", "metrics", {})
        await asyncio.sleep(0.01)
        hub.drop("a")
        results = await asyncio.wait_for(asyncio.gather(*readers), 1)
        assert hub.last_seq("a") == 0 and hub.subscriber_count("a") == 0
        with pytest.raises(StreamClosed):
            await subs[0].get()
        assert hub.publish("a", "status", {}).seq == 1  # a fresh channel under the same name
        return results[0], results[1]

    assert asyncio.run(run()) == ([1], [1])


def test_close_unsubscribes() -> None:
    hub = Hub()
    sub = hub.subscribe("a")
    other = hub.subscribe("a")
    hub.publish("a", "metrics", {})
    sub.close()
    sub.close()  # idempotent
    assert sub.closed and sub.pending == 0
    assert hub.subscriber_count("a") == 1
    hub.publish("a", "metrics", {})
    assert sub.pending == 0 and other.pending == 2


def test_listening_to_a_silent_channel_leaves_no_state() -> None:
    hub = Hub()
    hub.subscribe("ghost").close()
    assert "ghost" not in hub._channels
