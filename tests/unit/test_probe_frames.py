"""Probe frames in the hub: per-key coalescing, delivery to watchers only, the newest frame on watching; and the
per-plane and float16 encodings."""

from __future__ import annotations

import asyncio

import numpy as np

from neurona.stream import Hub
from neurona.stream.frames import decode_frame, decode_values, pack_float16, pack_planes


def frame(key: str, node: str, step: int) -> tuple[dict[str, object], bytes]:
    header, data = pack_planes("activations", np.full((1, 2, 3, 3), float(step)), key=key, node=node, step=step)
    return header, data


def test_frames_coalesce_per_key_and_reach_only_watchers() -> None:
    async def scenario() -> None:
        hub = Hub()
        watcher, bystander = hub.subscribe("e"), hub.subscribe("e")
        hub.watch("e", watcher, "activations:c1:x")
        hub.watch("e", watcher, "activations:c2:x")
        for step in range(5):  # the watcher reads nothing meanwhile: a slow client
            for key, node in (("activations:c1:x", "c1"), ("activations:c2:x", "c2")):
                hub.publish("e", "activations", *frame(key, node, step))
        assert watcher.pending == 2 and watcher.coalesced == 8 and bystander.pending == 0
        got = [decode_frame((await watcher.get()).binary or b"")[0] for _ in range(2)]
        assert [(h["node"], h["step"]) for h in got] == [("c1", 4), ("c2", 4)], "the newest of each node"
        late = hub.subscribe("e")
        assert late.pending == 0, "probe frames are not replayed to subscribers that do not watch them"
        hub.watch("e", late, "activations:c2:x")
        newest = decode_frame((await late.get()).binary or b"")[0]
        assert newest["step"] == 4 and newest["node"] == "c2"
        hub.unwatch(late, "activations:c2:x")
        hub.publish("e", "activations", *frame("activations:c2:x", "c2", 9))
        assert late.pending == 0

    asyncio.run(scenario())


def test_per_plane_ranges_and_float16_round_trip() -> None:
    rng = np.random.default_rng(0)
    planes = rng.normal(size=(2, 3, 4, 5)) * np.array([1, 10, 100])[None, :, None, None]
    header, data = pack_planes("activations", planes)
    assert len(data) == planes.size and len(header["plane_lo"]) == 6
    step = (np.array(header["plane_hi"]) - np.array(header["plane_lo"])) / 255
    error = np.abs(decode_values(header, data) - planes).reshape(6, -1).max(axis=1)
    assert np.all(error <= step / 2 + 1e-9), "each plane is quantized with its own range"
    header, data = pack_float16("norms", np.array([[-9.25, 0.5, np.nan]]))
    assert header["dtype"] == "float16" and len(data) == 6
    values = decode_values(header, data)
    assert values[0, 0] == -9.25 and values[0, 1] == 0.5 and np.isnan(values[0, 2])


def test_constant_and_non_finite_planes() -> None:
    header, data = pack_planes("activations", np.array([[[3.0, 3.0], [np.inf, np.nan]]]))
    assert header["plane_lo"] == [3.0] and header["plane_hi"] == [3.0]
    assert np.allclose(decode_values(header, data), 3.0)
