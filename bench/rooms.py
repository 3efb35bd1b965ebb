"""A classroom under load: 30 students (each their own session) join a room and train the pushed, locked preset
while the teacher follows them as the page does, only harder.

Each student's page is open on their run as it trains, watching its boundary, confusion matrix, weights and
gradient norms. Following is, on top of that, all of it at once: the teacher view's room state (every 0.5 s
instead of the page's 1.5 s), one student's live run open read-only (its experiment stream with the room key as
subprotocol, watching what that dialog watches, the same probes), and every student's page polling the ranking
(`/api/rooms/mine` every 4 s, as it does while a challenge runs). The class trains alternately with nobody
following and with all of that, `ROUNDS` times each, on one server; the ratio of their aggregate steps per second
(the median of the rounds' ratios) says whether following slows training, and the ratio of steps per CPU-second
of the server and its workers what following costs them, which other jobs on a shared machine move far less than
wall time. The room state's latency and size are measured while following, beside /healthz's at the same
moments. `python -m bench.rooms [STUDENTS] [STEPS] [ROUNDS]`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from tests.server import ServerProcess
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from neurona.gallery import template

FOLLOW_SECONDS = 0.5
RANKING_SECONDS = 4.0
ENDED = ("finished", "failed", "stopped")
KEY_SUBPROTOCOL = "neurona-room-key."


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


Follow = Callable[[list[str]], Callable[[], None]]  # the class's runs -> the function that stops following


def _cpu_seconds(root: int) -> float:
    """CPU time (user and system, reaped children included) of a process and every descendant alive now."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(f) for f in fields[11:15])
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(ticks.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def _train_class(students: list[httpx.Client], preset: dict[str, Any], follow: Follow | None,
                 server_pid: int, pages: Follow | None = None) -> tuple[float, float]:
    """Every student creates and starts the preset; aggregate steps per second until the last run ends, and
    steps per CPU-second of the server and its workers (what following costs, whatever else the machine runs)."""
    runs = [(s, s.post("/api/experiments", json={"name": "lesson", **preset}).json()["id"]) for s in students]
    cpu = _cpu_seconds(server_pid)
    started = time.perf_counter()
    for student, run_id in runs:
        student.post(f"/api/experiments/{run_id}/start").raise_for_status()
    stops = [watch([run_id for _s, run_id in runs]) for watch in (pages, follow) if watch]
    pending = dict(runs)  # student -> run: polled once a second, so the polling is not the load measured
    steps = 0
    while pending:
        time.sleep(1.0)
        for student, run_id in list(pending.items()):
            state = _get(student, f"/api/experiments/{run_id}").json()
            if state["status"] in ENDED:
                steps += state["step"]
                del pending[student]
    elapsed = time.perf_counter() - started
    spent = _cpu_seconds(server_pid) - cpu
    for stop in stops:
        stop()
    return steps / elapsed, steps / spent


def _follow_state(teacher: httpx.Client, code: str, stop: threading.Event, seen: dict[str, list[float]]) -> None:
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


def _follow_runs(streams: list[tuple[str, list[str]]], watches: list[dict[str, Any]], stop: threading.Event,
                 seen: dict[str, list[float]] | None) -> None:
    """Runs' streams one after another (url, subprotocols), watching what the views watch; each until its run
    ends, then the next (so a live run is followed the whole time)."""
    frames = texts = 0
    for url, subprotocols in streams:
        with connect(url, subprotocols=subprotocols or None, open_timeout=30) as ws:  # type: ignore[arg-type]
            for watch in watches:
                ws.send(json.dumps(watch))
            while not stop.is_set():
                try:
                    message = ws.recv(timeout=0.5)
                except TimeoutError:
                    continue
                except ConnectionClosed:
                    break
                if isinstance(message, bytes):
                    frames += 1
                    continue
                texts += 1
                if json.loads(message).get("status") in ENDED:
                    break
        if stop.is_set():
            break
    if seen is not None:
        seen["frames"].append(frames)
        seen["texts"].append(texts)


def _follow_ranking(students: list[httpx.Client], stop: threading.Event) -> None:
    """Every student's page asking for the ranking, spread over the polling period."""
    while not stop.is_set():
        for student in students:
            _get(student, "/api/rooms/mine")
            if stop.wait(RANKING_SECONDS / len(students)):
                return


def _follower(server_url: str, teacher: httpx.Client, room: dict[str, Any], students: list[httpx.Client],
              watches: list[dict[str, Any]], seen: dict[str, list[float]]) -> Follow:
    def follow(run_ids: list[str]) -> Callable[[], None]:
        stop = threading.Event()
        base = server_url.replace("http://", "ws://", 1)
        key = [f"{KEY_SUBPROTOCOL}{room['teacher_key']}"]
        streams = [(f"{base}/ws/experiments/{run_id}", key) for run_id in run_ids]
        threads = [threading.Thread(target=_follow_state, args=(teacher, room["code"], stop, seen)),
                   threading.Thread(target=_follow_runs, args=(streams, watches, stop, seen)),
                   threading.Thread(target=_follow_ranking, args=(students, stop))]
        return _started(threads, stop)

    return follow


def _started(threads: list[threading.Thread], stop: threading.Event) -> Callable[[], None]:
    """Starts the threads; answers the function that tells them to stop and waits for them."""
    for thread in threads:
        thread.start()

    def done() -> None:
        stop.set()
        for thread in threads:
            thread.join()

    return done


def _pages(server_url: str, tokens: list[str], watches: list[dict[str, Any]]) -> Follow:
    """The students' own pages, open on their runs as they train (both ways the class is measured): the page
    watches the same probes the teacher's dialog does, so following a run adds a subscriber, not a probe. With two
    workers two runs train at once, in the order they were started: two pages at a time follow them."""
    base = server_url.replace("http://", "ws://", 1)

    def open_pages(run_ids: list[str]) -> Callable[[], None]:
        stop = threading.Event()
        streams = [(f"{base}/ws/experiments/{run_id}?token={token}", []) for run_id, token in zip(run_ids, tokens,
                                                                                                   strict=True)]
        threads = [threading.Thread(target=_follow_runs, args=(streams[lane::2], watches, stop, None))
                   for lane in (0, 1)]
        return _started(threads, stop)

    return open_pages


def _dialog_watches(preset: dict[str, Any]) -> list[dict[str, Any]]:
    linear = [n["id"] for n in preset["graph"]["nodes"] if n["type"] == "Linear"]
    return ([{"type": "watch", "probe": p, "node": None} for p in ("boundary", "confusion", "norms")]
            + [{"type": "watch", "probe": "weight_image", "node": n} for n in linear])


def classroom(count: int = 30, steps: int = 1500, rounds: int = 2, workers: int = 2) -> dict[str, float]:
    seen: dict[str, list[float]] = {"state": [], "kb": [], "healthz": [], "frames": [], "texts": []}
    alone: list[tuple[float, float]] = []
    followed: list[tuple[float, float]] = []
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
            tokens = [f"bench-student-{i:04d}" for i in range(count)]
            students = [httpx.Client(base_url=server.url, headers={"X-Neurona-Token": token}, timeout=30)
                        for token in tokens]
            for i, student in enumerate(students):
                student.post("/api/rooms/join", json={"code": room["code"], "display_name": f"S{i}"}).raise_for_status()
            # warm the workers (PyTorch imported, the data set made) so the first timed pass is not the slow one
            pid = server.process.pid if server.process else os.getpid()
            _train_class(students, {**preset, "training": {**preset["training"], "max_steps": 20}}, None, pid)
            # locked as a class would be: every create below is checked against the preset
            teacher.put(f"/api/rooms/{room['code']}/controls",
                        json={"locked": ["graph", "dataset", "training"]}).raise_for_status()
            follow = _follower(server.url, teacher, room, students, _dialog_watches(preset), seen)
            pages = _pages(server.url, tokens, _dialog_watches(preset))
            for _ in range(rounds):
                alone.append(_train_class(students, preset, None, pid, pages))
                followed.append(_train_class(students, preset, follow, pid, pages))
            final = teacher.get(f"/api/rooms/{room['code']}").json()
        finally:
            server.stop()
    ratios = [f[0] / a[0] for f, a in zip(followed, alone, strict=True)]
    cpu_ratios = [f[1] / a[1] for f, a in zip(followed, alone, strict=True)]
    return {"students": count, "rounds": rounds, "steps_per_s_alone": statistics.median(a for a, _c in alone),
            "steps_per_s_followed": statistics.median(f for f, _c in followed), "ratio": statistics.median(ratios),
            "ratio_min": min(ratios), "ratio_max": max(ratios),
            "steps_per_cpu_s_alone": statistics.median(c for _a, c in alone),
            "steps_per_cpu_s_followed": statistics.median(c for _f, c in followed),
            "cpu_ratio": statistics.median(cpu_ratios), "cpu_ratio_min": min(cpu_ratios),
            "cpu_ratio_max": max(cpu_ratios),
            "state_median_ms": 1000 * statistics.median(seen["state"]),
            "state_p95_ms": 1000 * statistics.quantiles(seen["state"], n=20, method="inclusive")[18],
            "state_max_ms": 1000 * max(seen["state"]), "healthz_median_ms": 1000 * statistics.median(seen["healthz"]),
            "state_kb": statistics.median(seen["kb"]), "requests": len(seen["state"]),
            "stream_frames": statistics.median(seen["frames"]), "stream_texts": statistics.median(seen["texts"]),
            "runs_listed": sum(len(m["runs"]) for m in final["members"]), "ranked": len(final["leaderboard"])}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    figures = classroom(count, steps, rounds)
    for name, value in figures.items():
        print(f"  {name:<22} {value:10.2f}")


if __name__ == "__main__":
    main()
