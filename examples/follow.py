"""Create, start and follow a Neurona experiment from a script, using only httpx and websockets.

    python examples/follow.py [BASE_URL] [--epochs N]

BASE_URL defaults to http://127.0.0.1:8000. The script does what the browser does (see docs/protocol.md):

1. identifies itself with an `X-Neurona-Token` header (the token is the session that owns the experiment);
2. validates a small network (2 → 8 tanh → 8 tanh → 1) against the `circle` dataset (`POST /api/specs/validate`);
3. creates the experiment (`POST /api/experiments`) and opens its websocket (`/ws/experiments/{id}`) before
   starting it (`POST /api/experiments/{id}/start`), so no message is missed;
4. prints the metric rows as they stream in and the status changes, skipping
   binary frames (decision boundaries; see `describe_boundary` for how to read one): the run is asked to
   evaluate its test metrics every `--every` steps (`eval_every_steps`), and those rows are printed;
5. if the socket drops, reconnects with `?since=<last seq>` to replay what it missed;
6. after the run ends, reads the stored metrics (`GET /api/experiments/{id}/metrics`) — the complete record,
   whatever the stream skipped — and prints the final test accuracy.

Exit status: 0 when the run finished, 1 when it failed or was stopped, 2 when the request was refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import struct
import sys
from typing import Any

import httpx
import websockets

GRAPH = {
    "nodes": [
        {"id": "in", "type": "Input"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act1", "type": "Tanh"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act2", "type": "Tanh"},
        {"id": "out", "type": "Linear", "params": {"out_features": 1}},
    ],
    "edges": [
        {"source": "in", "target": "fc1"}, {"source": "fc1", "target": "act1"},
        {"source": "act1", "target": "fc2"}, {"source": "fc2", "target": "act2"},
        {"source": "act2", "target": "out"},
    ],
    "output": "out",
}
ENDED = ("finished", "stopped", "failed", "interrupted")


def describe_boundary(frame: bytes) -> str:
    """A binary frame is [4-byte big-endian header length N][N bytes of JSON header][uint8 data]."""
    (length,) = struct.unpack_from(">I", frame)
    header = json.loads(frame[4:4 + length])
    data = frame[4 + length:]
    values = [byte * header["scale"] + header["offset"] for byte in data]  # row-major [C, H, W], row 0 on top
    return f"{header['type']} at step {header['step']}: shape {header['shape']}, mean {sum(values) / len(values):.2f}"


def fail(response: httpx.Response) -> None:
    """Print the server's explanation (422 items name the node and field) and exit."""
    detail = response.json().get("detail")
    items = detail if isinstance(detail, list) else [{"message": detail}]
    for item in items:
        where = ".".join(p for p in (item.get("node"), item.get("field")) if p)
        print(f"error {response.status_code}{' at ' + where if where else ''}: {item['message']}", file=sys.stderr)
    sys.exit(2)


async def follow(ws_url: str, token: str, start: Any, every: int) -> str:
    """Stream the run until it ends; returns its final status."""
    last_seq: int | None = None
    started = False
    while True:
        url = ws_url if last_seq is None else f"{ws_url}?since={last_seq}"
        try:
            async with websockets.connect(url, additional_headers={"X-Neurona-Token": token}) as ws:
                async for frame in ws:
                    if isinstance(frame, bytes):  # a decision boundary: not drawn here (see describe_boundary)
                        (length,) = struct.unpack_from(">I", frame)
                        last_seq = json.loads(frame[4:4 + length])["seq"]
                        continue
                    message = json.loads(frame)
                    if message["type"] == "hello":
                        status = message["experiment"]["status"]
                        if status in ENDED:
                            return str(status)
                        if not started:  # subscribed: now nothing can be missed
                            await asyncio.to_thread(start)
                            started = True
                        continue
                    if last_seq is not None and message["seq"] > last_seq + 1:
                        print(f"(missed seq {last_seq + 1}..{message['seq'] - 1}; the stored metrics fill the gap)")
                    last_seq = message["seq"]
                    if message["type"] == "metrics":
                        for row in message["rows"]:
                            if row["test_loss"] is not None and row["step"] % every == 0:
                                print(f"step {row['step']:>6}  epoch {row['epoch']:7.2f}  "
                                      f"train loss {row['train_loss']:.4f}  test loss {row['test_loss']:.4f}  "
                                      f"test accuracy {row['accuracy']:.3f}", flush=True)
                    elif message["type"] == "status":
                        print(f"status: {message['status']}", flush=True)
                        if message["status"] in ENDED:
                            return str(message["status"])
                    elif message["type"] == "error":
                        print(f"error: {message['message']}", flush=True)
        except (OSError, websockets.ConnectionClosedError) as err:
            print(f"(connection lost: {err}; reconnecting)", flush=True)
            await asyncio.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--every", type=int, default=100, help="print one metrics line every N steps")
    args = parser.parse_args()
    token = f"follow-{secrets.token_hex(8)}"
    base = args.base_url.rstrip("/")

    with httpx.Client(base_url=base, headers={"X-Neurona-Token": token}, timeout=30) as http:
        dataset = {"name": "circle", "options": {"noise": 0, "seed": 0}}
        report = http.post("/api/specs/validate", json={"graph": GRAPH, "dataset": dataset})
        if report.status_code != 200:
            fail(report)
        if not report.json()["valid"]:
            fail(httpx.Response(422, json={"detail": report.json()["errors"]}))
        print(f"model: {report.json()['total_params']} parameters, output shape {report.json()['output_shape']}")

        created = http.post("/api/experiments", json={
            "name": "follow.py", "graph": GRAPH, "dataset": dataset,
            "training": {"optimizer": "adam", "lr": 0.03, "batch_size": 10, "epochs": args.epochs, "seed": 0,
                         "eval_every_steps": args.every}})
        if created.status_code != 201:
            fail(created)
        experiment_id = created.json()["id"]
        print(f"experiment {experiment_id} created")

        def start() -> None:
            response = http.post(f"/api/experiments/{experiment_id}/start")
            if response.status_code != 200:
                fail(response)

        ws_url = base.replace("http", "ws", 1) + f"/ws/experiments/{experiment_id}"
        status = asyncio.run(follow(ws_url, token, start, args.every))

        rows = http.get(f"/api/experiments/{experiment_id}/metrics").json()["rows"]
        final = rows[-1] if rows else None
        accuracy = f"{final['accuracy']:.3f}" if final and final["accuracy"] is not None else "n/a"
        print(f"{status}: {final['step'] if final else 0} steps, final test accuracy {accuracy}")
    sys.exit(0 if status == "finished" else 1)


if __name__ == "__main__":
    main()
