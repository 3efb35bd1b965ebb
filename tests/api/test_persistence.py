"""Experiments survive a crash: kill -9 the server, start a new one on the same data dir, and everything that was
stored is still there; runs that were training are `interrupted` and refuse further actions."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import FOREVER_EPOCHS, act, body, create, get, metrics, wait_for, wait_status
from tests.server import ServerProcess


@pytest.mark.both_stores
def test_a_crash_keeps_experiments_and_interrupts_running_ones(tmp_path: Path, server_env: dict[str, str]) -> None:
    token = f"persist-{uuid.uuid4().hex}"
    headers = {"X-Neurona-Token": token}
    data_dir = tmp_path / "data"
    server = ServerProcess(data_dir, **server_env).start()
    try:
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            done = create(client, epochs=2, name="finished before the crash", eval_every_steps=1)
            act(client, done["id"], "start")
            long = create(client, epochs=FOREVER_EPOCHS, name="running at the crash", eval_every_steps=1)
            act(client, long["id"], "start")
            wait_status(client, done["id"], "finished")
            wait_for(client, long["id"], lambda e: e["status"] == "running" and e["step"] > 0, "running")
            idle = create(client, name="never started")
            before = {e["id"]: get(client, e["id"]) for e in (done, long, idle)}
            done_rows = metrics(client, done["id"])
        server.kill()
        assert server.process is not None and server.process.returncode == -9
    finally:
        server.kill()

    restarted = ServerProcess(data_dir, **server_env).start()
    try:
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=30) as client:
            listed = client.get("/api/experiments")
            assert listed.status_code == 200
            assert [e["id"] for e in listed.json()] == [idle["id"], long["id"], done["id"]], "newest first"

            after_done = get(client, done["id"])
            assert after_done["status"] == "finished" and after_done["step"] == 50
            assert after_done["graph"] == before[done["id"]]["graph"] == done["graph"]
            assert after_done["training"] == done["training"] and after_done["dataset"] == done["dataset"]
            assert after_done["last_metrics"] == before[done["id"]]["last_metrics"]
            assert metrics(client, done["id"]) == done_rows and len(done_rows) == 50

            after_long = get(client, long["id"])
            assert after_long["status"] == "interrupted"
            assert after_long["graph"] == long["graph"] and after_long["name"] == "running at the crash"
            assert after_long["queue_position"] is None
            rows = metrics(client, long["id"])
            assert rows, "the metrics stored before the crash are kept"
            assert [r["step"] for r in rows] == list(range(1, len(rows) + 1))
            assert after_long["step"] == rows[-1]["step"] >= before[long["id"]]["step"]
            for action in ("start", "pause", "step", "stop"):
                response = client.post(f"/api/experiments/{long['id']}/{action}")
                assert response.status_code == 409, action
                assert "interrupted" in response.json()["detail"] and "resume" in response.json()["detail"]
            assert get(client, long["id"])["status"] == "interrupted"
            # Killed before its first checkpoint: resuming starts it again from step 0, same seed.
            resumed = act(client, long["id"], "resume")
            assert resumed["status"] == "queued" and resumed["step"] == 0
            assert metrics(client, long["id"]) == []
            wait_for(client, long["id"], lambda e: e["status"] == "running" and e["step"] > 0, "training again")
            act(client, long["id"], "stop")

            assert get(client, idle["id"])["status"] == "created", "a run that never started is not interrupted"

            # The restarted server trains as before, and the interrupted run can still be deleted.
            again = client.post("/api/experiments", json=body(epochs=1, name="after the restart"))
            assert again.status_code == 201
            act(client, again.json()["id"], "start")
            assert wait_status(client, again.json()["id"], "finished")["step"] == 25
            assert client.delete(f"/api/experiments/{long['id']}").status_code == 204
            assert client.get(f"/api/experiments/{long['id']}/metrics").status_code == 404
    finally:
        restarted.stop()
