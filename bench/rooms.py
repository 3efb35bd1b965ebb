"""A classroom under load: 30 students (each their own session) join a room and train the pushed preset while the
teacher view follows the room state, as the page does, but every 0.5 s instead of 1.5 s.

The class trains twice on one server, once with nobody watching and once with the teacher following, so the
ratio of their aggregate steps per second says whether following slows training; the room state's latency and
size are measured while the teacher follows. `python -m bench.rooms [STUDENTS] [STEPS]`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from tests.server import ServerProcess

from neurona.gallery import template

FOLLOW_SECONDS = 0.5
ENDED = ("finished", "failed", "stopped")


def _preset(steps: int) -> dict[str, Any]:
    t = template("mlp")
    return {"graph": t["graph"], "dataset": {"name": "spiral", "options": {"seed": 0}},
            "training": {**t["training"], "epochs": 100_000, "max_steps": steps, "device": "cpu"}}


def _get(client: httpx.Client, path: str) -> httpx.Response:
    """A GET that survives the server closing an idle keep-alive connection just as it is reused (once)."""
    try:
        return client.get(path)
    except httpx.TransportError:
        return client.get(path)


def _train_class(students: list[httpx.Client], preset: dict[str, Any]) -> float:
    """Every student creates and starts the preset; aggregate steps per second until the last run ends."""
    runs = [(s, s.post("/api/experiments", json={"name": "lesson", **preset}).json()["id"]) for s in students]
    started = time.perf_counter()
    for student, run_id in runs:
        student.post(f"/api/experiments/{run_id}/start").raise_for_status()
    pending = dict(runs)  # student -> run: polled once a second, so the polling is not the load measured
    steps = 0
    while pending:
        time.sleep(1.0)
        for student, run_id in list(pending.items()):
            state = _get(student, f"/api/experiments/{run_id}").json()
            if state["status"] in ENDED:
                steps += state["step"]
                del pending[student]
    return steps / (time.perf_counter() - started)


def _follow(teacher: httpx.Client, code: str, stop: threading.Event, seen: dict[str, list[float]]) -> None:
    """The room state, interleaved with /healthz: the latency any request has on this machine at that moment."""
    while not stop.is_set():
        t0 = time.perf_counter()
        response = _get(teacher, f"/api/rooms/{code}")
        seen["state"].append(time.perf_counter() - t0)
        seen["kb"].append(len(response.content) / 1024)
        t0 = time.perf_counter()
        _get(teacher, "/healthz")
        seen["healthz"].append(time.perf_counter() - t0)
        stop.wait(FOLLOW_SECONDS)


def classroom(count: int = 30, steps: int = 1500, workers: int = 2) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        server = ServerProcess(Path(directory), NEURONA_MAX_WORKERS=str(workers)).start(timeout=60)
        try:
            room = httpx.post(f"{server.url}/api/rooms", json={"name": "bench", "quota": 2}).json()
            teacher = httpx.Client(base_url=server.url, headers={"X-Neurona-Room-Key": room["teacher_key"]},
                                   timeout=30)
            preset = _preset(steps)
            teacher.put(f"/api/rooms/{room['code']}/preset", json=preset).raise_for_status()
            teacher.put(f"/api/rooms/{room['code']}/challenge",
                        json={"dataset": "spiral", "max_params": 10_000}).raise_for_status()
            students = [httpx.Client(base_url=server.url, headers={"X-Neurona-Token": f"bench-student-{i:04d}"},
                                     timeout=30) for i in range(count)]
            for i, student in enumerate(students):
                student.post("/api/rooms/join", json={"code": room["code"], "display_name": f"S{i}"}).raise_for_status()
            time.sleep(3.0)  # warm workers, as a few seconds after start-up
            alone = _train_class(students, preset)
            seen: dict[str, list[float]] = {"state": [], "kb": [], "healthz": []}
            stop = threading.Event()
            follower = threading.Thread(target=_follow, args=(teacher, room["code"], stop, seen))
            follower.start()
            followed = _train_class(students, preset)
            stop.set()
            follower.join()
            final = teacher.get(f"/api/rooms/{room['code']}").json()
        finally:
            server.stop()
    return {"students": count, "steps_per_s_alone": alone, "steps_per_s_followed": followed,
            "ratio": followed / alone, "state_median_ms": 1000 * statistics.median(seen["state"]),
            "state_p95_ms": 1000 * statistics.quantiles(seen["state"], n=20)[18],
            "state_max_ms": 1000 * max(seen["state"]), "healthz_median_ms": 1000 * statistics.median(seen["healthz"]),
            "state_kb": statistics.median(seen["kb"]), "requests": len(seen["state"]),
            "runs_listed": sum(len(m["runs"]) for m in final["members"]), "ranked": len(final["leaderboard"])}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    figures = classroom(count, steps)
    for name, value in figures.items():
        print(f"  {name:<22} {value:10.2f}")


if __name__ == "__main__":
    main()
