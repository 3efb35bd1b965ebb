"""Attention, the backprop graph and attributions over the real server and websocket: the transformer learns to
reverse and its cross-attention turns into the anti-diagonal within a minute of play; LeNet-5's graph carries
gradient summaries that change as it trains; attributions come as a REST snapshot too."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import numpy as np

from neurona.gallery import template
from neurona.stream.frames import decode_values
from tests.api.helpers import FOREVER_EPOCHS, act, create, stop_quietly
from tests.ws.test_probes import connect, frame_of, lenet, send_watch
from tests.ws.test_stream import Message, receive_until

MINUTE = 60.0


def mirrored_share(frame: Message) -> float:
    """The mean weight each query gives the key at its mirrored position, of the head that does it most."""
    weights = decode_values(frame, frame["_data"])[0]  # (H, Q, K)
    length = weights.shape[-1]
    mirror = weights[:, np.arange(length), length - 1 - np.arange(length)]
    return float(mirror.mean(axis=1).max())


def test_reverse_cross_attention_becomes_the_anti_diagonal_within_a_minute(client: httpx.Client,
                                                                            live_server: str) -> None:
    t = template("transformer_seq2seq")
    experiment = create(client, epochs=FOREVER_EPOCHS, graph=t["graph"], dataset=t["dataset"])

    async def scenario() -> tuple[float, Message, Message]:
        async with connect(live_server, client, experiment["id"]) as ws:
            await receive_until(ws, lambda m: m["type"] == "hello")
            reply = await send_watch(ws, "attention", "dec", samples=[0], options={"attention": "cross"})
            assert reply["type"] == "watching", reply
            initial = (await receive_until(ws, frame_of("attention", "dec")))[-1]
            pressed = time.monotonic()
            act(client, experiment["id"], "start")
            while True:
                left = MINUTE - (time.monotonic() - pressed)
                assert left > 0, "the cross-attention did not find the mirrored positions within a minute"
                frame = (await receive_until(ws, frame_of("attention", "dec", after_step=0), timeout=left))[-1]
                if mirrored_share(frame) > 0.6:
                    return time.monotonic() - pressed, initial, frame

    try:
        seconds, initial, learned = asyncio.run(scenario())
    finally:
        stop_quietly(client, experiment["id"])
    print(f"play -> anti-diagonal: {seconds:.1f} s (step {learned['step']}, share {mirrored_share(learned):.2f})")
    assert mirrored_share(initial) < 0.3
    assert learned["query_labels"] == learned["key_labels"] and len(learned["query_labels"][0]) == 10


def test_lenet_graph_gradient_summaries_change_as_it_trains(client: httpx.Client, live_server: str) -> None:
    # The template's own learning rate: at the helper's 0.03 Adam saturates LeNet's softmax on the pinned sample
    # within a few probe rounds, and a gradient of exactly zero would not change.
    t = template("lenet5")
    experiment = create(client, epochs=FOREVER_EPOCHS, graph=t["graph"], dataset=t["dataset"], batch_size=32,
                        lr=t["training"]["lr"])

    async def scenario() -> list[Message]:
        async with connect(live_server, client, experiment["id"]) as ws:
            await receive_until(ws, lambda m: m["type"] == "hello")
            assert (await send_watch(ws, "graph", samples=[0]))["type"] == "watching"
            act(client, experiment["id"], "start")
            first = (await receive_until(ws, frame_of("graph", after_step=0)))[-1]
            later = (await receive_until(ws, frame_of("graph", after_step=first["step"] + 5)))[-1]
            return [first, later]

    try:
        first, later = asyncio.run(scenario())
    finally:
        stop_quietly(client, experiment["id"])

    def conv_grad(frame: Message) -> dict[str, float]:
        op = next(o for o in frame["ops"] if o["node"] == "c1" and o["name"] == "convolution")
        return op["grad"]

    assert {g["node"] for g in first["groups"]} >= {"c1", "a1", "s2", "out", "loss"}
    assert conv_grad(first)["std"] > 0 and conv_grad(first) != conv_grad(later)


def test_attribution_snapshot_and_its_bad_options(client: httpx.Client, live_server: str) -> None:
    experiment = lenet(client)
    url = f"/api/experiments/{experiment['id']}/probes/attribution"
    options = json.dumps({"method": "grad_cam", "layer": "c3"})
    answer = client.get(url, params={"sample": [0], "options": options, "format": "json"})
    assert answer.status_code == 200, answer.text
    header = answer.json()["header"]
    assert header["shape"] == [1, 28, 28] and header["layer"] == "c3" and header["method"] == "grad_cam"
    bad = client.get(url, params={"sample": [0], "options": json.dumps({"method": "guess"}), "format": "json"})
    assert bad.status_code == 422 and "method" in bad.text
    pool = client.get(url, params={"sample": [0], "options": json.dumps({"method": "grad_cam", "layer": "f5"}),
                                   "format": "json"})
    assert pool.status_code == 422 and "options.layer 'f5'" in pool.text and "c1, s2, c3, s4" in pool.text
