"""Classroom rooms against a real server: creating and joining, the teacher key, isolation between students, the
quota, pushing presets and locks live, pausing and stopping everything, and the challenge's ranking."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from neurona.rooms.service import RANKING_TTL_S
from tests.api.helpers import (
    DEADLINE,
    FOREVER_EPOCHS,
    act,
    body,
    create,
    get,
    issue_for,
    metrics,
    mlp,
    stop_quietly,
    wait_status,
)
from tests.conftest import session_client

KEY = "X-Neurona-Room-Key"
SPIRAL = {"name": "spiral", "options": {"size": 200, "seed": 0, "noise": 0}}


class Room:
    def __init__(self, client: httpx.Client, quota: int = 2):
        response = client.post("/api/rooms", json={"name": "Class 3B", "quota": quota})
        assert response.status_code == 201, response.text
        self.info: dict[str, Any] = response.json()
        self.code: str = self.info["code"]
        self.teacher = httpx.Client(base_url=str(client.base_url), headers={KEY: self.info["teacher_key"]},
                                    timeout=30)

    def state(self) -> dict[str, Any]:
        response = self.teacher.get(f"/api/rooms/{self.code}")
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
def students(live_server: str) -> Iterator[list[httpx.Client]]:
    clients = [session_client(live_server) for _ in range(3)]
    yield clients
    for c in clients:
        for experiment in c.get("/api/experiments").json():
            stop_quietly(c, experiment["id"])
        c.close()


def join(student: httpx.Client, code: str, name: str) -> dict[str, Any]:
    response = student.post("/api/rooms/join", json={"code": code.lower(), "display_name": name})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_create_answers_a_readable_code_and_a_teacher_key(client: httpx.Client) -> None:
    room = Room(client, quota=3)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", room.code)
    assert room.info["join_path"] == f"/?room={room.code}" and room.info["quota"] == 3
    assert len(room.info["teacher_key"]) >= 24
    assert room.info["teacher_key"] not in room.info["join_path"]
    state = room.state()
    assert state["members"] == [] and state["preset"] is None and state["controls"] == {"hidden": [], "locked": []}


@pytest.mark.parametrize(("payload", "field"), [({"quota": 0}, "quota"), ({"quota": "2"}, "quota"),
                                                ({"name": "x" * 121}, "name"), ({"colour": 1}, "colour")])
def test_bad_room_requests_name_the_field(client: httpx.Client, payload: dict[str, Any], field: str) -> None:
    response = client.post("/api/rooms", json=payload)
    assert response.status_code == 422
    issue_for(response.json()["detail"], field)


def test_join_refuses_unknown_codes_blank_names_and_taken_names(client: httpx.Client,
                                                                students: list[httpx.Client]) -> None:
    room = Room(client)
    assert client.post("/api/rooms/join", json={"code": "ZZZZZZ", "display_name": "Ana"}).status_code == 404
    blank = client.post("/api/rooms/join", json={"code": room.code, "display_name": "   "})
    assert blank.status_code == 422
    issue_for(blank.json()["detail"], "display_name")
    missing = client.post("/api/rooms/join", json={"code": room.code})
    issue_for(missing.json()["detail"], "display_name")
    view = join(students[0], room.code, "Ana")
    assert view["display_name"] == "Ana" and view["code"] == room.code
    taken = students[1].post("/api/rooms/join", json={"code": room.code, "display_name": "ana"})
    assert taken.status_code == 409 and "taken" in taken.json()["detail"]
    assert join(students[0], room.code, "Ana")["display_name"] == "Ana"  # joining again with one's own name is fine
    assert students[0].get("/api/rooms/mine").json()["display_name"] == "Ana"
    nowhere = students[2].get("/api/rooms/mine")
    assert nowhere.status_code == 200 and nowhere.json() is None


def test_the_teacher_view_needs_the_rooms_own_key(client: httpx.Client) -> None:
    room, other = Room(client), Room(client)
    assert client.get(f"/api/rooms/{room.code}").status_code == 401
    wrong = client.get(f"/api/rooms/{room.code}", headers={KEY: other.info["teacher_key"]})
    assert wrong.status_code == 403 and room.code in wrong.json()["detail"]
    assert client.put(f"/api/rooms/{room.code}/controls", json={"hidden": ["graph"]}).status_code == 401
    assert client.post(f"/api/rooms/{room.code}/stop").status_code == 401
    assert room.teacher.get("/api/rooms/ZZZZZZ").status_code == 404
    assert room.state()["code"] == room.code


def test_students_see_only_their_runs_and_the_teacher_only_the_rooms(client: httpx.Client,
                                                                   students: list[httpx.Client]) -> None:
    ana, ben, outsider = students
    before = create(ana, name="before joining")
    room = Room(client)
    join(ana, room.code, "Ana")
    join(ben, room.code, "Ben")
    mine, theirs, elsewhere = create(ana, name="ana's"), create(ben, name="ben's"), create(outsider)
    assert ben.get(f"/api/experiments/{mine['id']}").status_code == 404
    assert [e["id"] for e in ben.get("/api/experiments").json()] == [theirs["id"]]
    state = room.state()
    runs = {m["display_name"]: [r["id"] for r in m["runs"]] for m in state["members"]}
    assert runs == {"Ana": [mine["id"]], "Ben": [theirs["id"]]}  # not Ana's run from before she joined
    seen = room.teacher.get(f"/api/rooms/{room.code}/experiments/{mine['id']}")
    assert seen.status_code == 200 and seen.json()["graph"]["output"] == "out"
    for foreign in (before["id"], elsewhere["id"]):
        assert room.teacher.get(f"/api/rooms/{room.code}/experiments/{foreign}").status_code == 404
    # the teacher reads; only the student's own session controls the run
    assert room.teacher.post(f"/api/experiments/{mine['id']}/start").status_code == 404


def test_the_quota_refuses_a_start_with_429_until_a_run_ends(client: httpx.Client,
                                                             students: list[httpx.Client]) -> None:
    ana = students[0]
    room = Room(client, quota=1)
    join(ana, room.code, "Ana")
    first, second = create(ana, epochs=FOREVER_EPOCHS), create(ana, epochs=FOREVER_EPOCHS)
    act(ana, first["id"], "start")
    refused = ana.post(f"/api/experiments/{second['id']}/start")
    assert refused.status_code == 429
    assert f"room '{room.code}' allows 1 run per student" in refused.json()["detail"]
    assert first["id"] in refused.json()["detail"]
    assert get(ana, second["id"])["status"] == "created"
    act(ana, first["id"], "stop")
    wait_status(ana, first["id"], "stopped")
    act(ana, second["id"], "start")
    assert room.teacher.put(f"/api/rooms/{room.code}/settings", json={"quota": 0}).status_code == 422
    assert room.teacher.put(f"/api/rooms/{room.code}/settings", json={"quota": 2}).json()["quota"] == 2


def test_pause_and_stop_everything(client: httpx.Client, students: list[httpx.Client]) -> None:
    room = Room(client)
    runs = []
    for student, name in zip(students[:2], ("Ana", "Ben"), strict=True):
        join(student, room.code, name)
        run = create(student, epochs=FOREVER_EPOCHS)
        act(student, run["id"], "start")
        wait_status(student, run["id"], "running")
        runs.append((student, run["id"]))
    paused = room.teacher.post(f"/api/rooms/{room.code}/pause").json()
    assert sorted(paused["experiments"]) == sorted(r for _s, r in runs)
    for student, run_id in runs:
        assert get(student, run_id)["status"] == "paused"
    stopped = room.teacher.post(f"/api/rooms/{room.code}/stop").json()
    assert sorted(stopped["experiments"]) == sorted(r for _s, r in runs)
    for student, run_id in runs:
        wait_status(student, run_id, "stopped")
    assert client.post(f"/api/rooms/{room.code}/explode", headers={KEY: room.info["teacher_key"]}).status_code == 422


def token_header(client: httpx.Client) -> dict[str, str]:
    return {"X-Neurona-Token": client.headers["X-Neurona-Token"]}


def ws_base(url: str) -> str:
    return url.replace("http://", "ws://", 1)


async def _next_room_message(ws: Any) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), DEADLINE))
    return message


def test_presets_and_controls_reach_students_live(client: httpx.Client, students: list[httpx.Client]) -> None:
    room = Room(client)
    ana = students[0]
    join(ana, room.code, "Ana")
    bad = room.teacher.put(f"/api/rooms/{room.code}/preset",
                           json={"graph": mlp(out=3), "dataset": SPIRAL})
    assert bad.status_code == 422 and issue_for(bad.json()["detail"], "out_features", node="out")
    lesson = room.teacher.put(f"/api/rooms/{room.code}/preset",
                              json={"graph": mlp(), "dataset": SPIRAL, "lesson": {"lesson": "nope"}})
    issue_for(lesson.json()["detail"], "lesson.lesson")
    controls = room.teacher.put(f"/api/rooms/{room.code}/controls", json={"hidden": ["wallpaper"]})
    assert controls.status_code == 422
    issue_for(controls.json()["detail"], "hidden.0")
    preset = {"graph": mlp((6,)), "dataset": SPIRAL, "training": {"lr": 0.1, "epochs": 3}}

    async def follow() -> list[dict[str, Any]]:
        url = ws_base(str(client.base_url)) + "/ws/rooms/mine"
        async with websockets.connect(url, additional_headers=token_header(ana)) as ws:
            first = await _next_room_message(ws)
            pushed = room.teacher.put(f"/api/rooms/{room.code}/preset", json=preset)
            assert pushed.status_code == 200, pushed.text
            second = await _next_room_message(ws)
            locks = {"hidden": ["uploads"], "locked": ["graph"]}
            assert room.teacher.put(f"/api/rooms/{room.code}/controls", json=locks).status_code == 200
            third = await _next_room_message(ws)
            return [first, second, third]

    first, second, third = asyncio.run(follow())
    assert first["type"] == "room" and first["room"]["display_name"] == "Ana" and first["room"]["preset"] is None
    assert second["room"]["preset_version"] == 1 and second["seq"] == first["seq"] + 1
    assert second["room"]["preset"]["graph"]["nodes"][1]["params"]["out_features"] == 6
    assert second["room"]["preset"]["training"]["lr"] == 0.1
    assert third["room"]["controls"] == {"hidden": ["uploads"], "locked": ["graph"]}
    assert ana.get("/api/rooms/mine").json()["preset_version"] == 1


def test_a_session_in_no_room_gets_no_room_stream(client: httpx.Client) -> None:
    async def attempt() -> int | None:
        url = ws_base(str(client.base_url)) + "/ws/rooms/mine"
        async with websockets.connect(url, additional_headers=token_header(client)) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), DEADLINE)
            return closed.value.rcvd.code if closed.value.rcvd else None

    assert asyncio.run(attempt()) == 4404


def test_the_teacher_streams_a_students_run_with_the_key_as_subprotocol(client: httpx.Client,
                                                                         students: list[httpx.Client]) -> None:
    room, other = Room(client), Room(client)
    join(students[0], room.code, "Ana")
    run = create(students[0])
    url = ws_base(str(client.base_url)) + f"/ws/experiments/{run['id']}"

    async def hello(key: str) -> dict[str, Any] | int | None:
        async with websockets.connect(url, subprotocols=[f"neurona-room-key.{key}"]) as ws:  # type: ignore[list-item]
            try:
                return dict(json.loads(await asyncio.wait_for(ws.recv(), DEADLINE)))
            except ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd else None

    first = asyncio.run(hello(room.info["teacher_key"]))
    assert isinstance(first, dict) and first["type"] == "hello" and first["experiment"]["id"] == run["id"]
    assert asyncio.run(hello(other.info["teacher_key"])) == 4404


def test_the_leaderboard_ranks_best_accuracy_within_the_parameter_limit(client: httpx.Client,
                                                                        students: list[httpx.Client]) -> None:
    room = Room(client, quota=1)
    small, big = mlp((4,)), mlp((16, 16))  # 2·4+4 + 4+1 = 17 parameters; 321
    bad = room.teacher.put(f"/api/rooms/{room.code}/challenge", json={"dataset": "lunar", "max_params": 40})
    issue_for(bad.json()["detail"], "dataset")
    missing = room.teacher.put(f"/api/rooms/{room.code}/challenge", json={"dataset": "spiral"})
    issue_for(missing.json()["detail"], "max_params")
    challenge = {"title": "Spiral, 40 weights", "dataset": "spiral", "max_params": 40}
    assert room.teacher.put(f"/api/rooms/{room.code}/challenge", json=challenge).status_code == 200
    plans = [("Ana", small, SPIRAL, 0.05), ("Ben", small, SPIRAL, 0.001), ("Cleo", big, SPIRAL, 0.05)]
    ids = {}
    for student, (name, graph, dataset, lr) in zip(students, plans, strict=True):
        join(student, room.code, name)
        response = student.post("/api/experiments", json=body(epochs=4, graph=graph, dataset=dataset, lr=lr))
        run = response.json()
        act(student, run["id"], "start")
        ids[name] = (student, run["id"])
    for student, run_id in ids.values():
        wait_status(student, run_id, "finished")
    best = {name: max(r["accuracy"] for r in metrics(s, run_id) if r["accuracy"] is not None)
            for name, (s, run_id) in ids.items()}
    board = room.state()["leaderboard"]
    assert [e["display_name"] for e in board] == sorted(("Ana", "Ben"), key=lambda n: -best[n])
    assert [e["rank"] for e in board] == [1, 2]
    assert all(e["total_params"] == 17 and e["accuracy"] == pytest.approx(best[e["display_name"]]) for e in board)
    assert board[0]["experiment_id"] == ids[board[0]["display_name"]][1]
    # students see names, not run ids, in a ranking at most RANKING_TTL_S old (one per room, not per page)
    deadline = time.monotonic() + 2 * RANKING_TTL_S + 5
    while True:
        shared = students[2].get("/api/rooms/mine").json()["leaderboard"]
        if [e["display_name"] for e in shared] == [e["display_name"] for e in board] or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert [e["display_name"] for e in shared] == [e["display_name"] for e in board]
    assert all(e["experiment_id"] is None for e in shared)
    assert room.teacher.delete(f"/api/rooms/{room.code}/challenge").json()["leaderboard"] == []


def _locked(response: httpx.Response, code: str, part: str) -> str:
    assert response.status_code == 403, response.text
    detail = str(response.json()["detail"])
    assert f"teacher of room '{code}' locked {part}" in detail
    return detail


def test_locks_hold_the_rooms_runs_to_the_preset(client: httpx.Client, students: list[httpx.Client]) -> None:
    room = Room(client)
    ana = students[0]
    join(ana, room.code, "Ana")
    shared = body(epochs=FOREVER_EPOCHS, graph=mlp((6,)), dataset=SPIRAL, lr=0.1)
    preset = {"graph": shared["graph"], "dataset": shared["dataset"], "training": shared["training"]}
    assert room.teacher.put(f"/api/rooms/{room.code}/preset", json=preset).status_code == 200
    other_graph = body(epochs=FOREVER_EPOCHS, graph=mlp((7,)), dataset=SPIRAL, lr=0.1)
    other_data = body(epochs=FOREVER_EPOCHS, graph=mlp((6,)), dataset={**SPIRAL, "options": {"size": 300}}, lr=0.1)
    other_lr = body(epochs=FOREVER_EPOCHS, graph=mlp((6,)), dataset=SPIRAL, lr=0.3)
    # unlocked, anything goes
    assert ana.post("/api/experiments", json=other_graph).status_code == 201
    locks = {"hidden": [], "locked": ["graph", "dataset", "training"]}
    assert room.teacher.put(f"/api/rooms/{room.code}/controls", json=locks).status_code == 200
    assert "graph.nodes.fc1.params.out_features" in _locked(ana.post("/api/experiments", json=other_graph),
                                                            room.code, "the network")
    assert "dataset.options.size" in _locked(ana.post("/api/experiments", json=other_data), room.code,
                                             "the data set")
    assert "training.lr" in _locked(ana.post("/api/experiments", json=other_lr), room.code,
                                    "the training settings")
    race = {"name": "race", "graph": shared["graph"], "dataset": SPIRAL, "training": shared["training"],
            "optimizers": ["sgd", "adam"]}
    _locked(ana.post("/api/experiments/race", json=race), room.code, "the training settings")
    # the preset itself, as the page sends it (positions moved, defaults spelt out, options in another order)
    same = json.loads(json.dumps(shared))
    for node in same["graph"]["nodes"]:
        node["position"] = {"x": 10, "y": 20}
    same["graph"]["nodes"][1]["params"]["bias"] = True
    same["dataset"]["options"] = dict(reversed(list(SPIRAL["options"].items())))
    run = ana.post("/api/experiments", json=same)
    assert run.status_code == 201, run.text
    detail = _locked(ana.patch(f"/api/experiments/{run.json()['id']}/settings", json={"lr": 0.5}), room.code,
                     "the training settings")
    assert "training.lr cannot change" in detail
    assert len(ana.get("/api/experiments").json()) == 2  # the refused ones left nothing behind
    spanish = ana.post("/api/experiments", json=other_lr, headers={"Accept-Language": "es"})
    assert spanish.status_code == 403 and f"sala '{room.code}' bloqueó los ajustes" in spanish.json()["detail"]
    # unlocked again, the student may change their run
    assert room.teacher.put(f"/api/rooms/{room.code}/controls", json={"locked": []}).status_code == 200
    assert ana.patch(f"/api/experiments/{run.json()['id']}/settings", json={"lr": 0.5}).status_code == 200
    assert ana.post("/api/experiments", json=other_lr).status_code == 201


def test_locked_export_and_uploads_are_refused_in_the_room_only(client: httpx.Client,
                                                                students: list[httpx.Client]) -> None:
    room = Room(client)
    ana, outsider = students[0], students[2]
    join(ana, room.code, "Ana")
    run = create(ana)
    locks = {"hidden": ["export"], "locked": ["export", "uploads"]}
    assert room.teacher.put(f"/api/rooms/{room.code}/controls", json=locks).status_code == 200
    _locked(ana.get(f"/api/experiments/{run['id']}/export?format=torch"), room.code, "export")
    _locked(ana.post("/api/specs/export?format=torch", json=body()), room.code, "export")
    csv = {"file": ("t.csv", b"x,y\n1,0\n2,1\n")}
    upload = ana.post("/api/uploads", data={"kind": "csv", "options": "{}"}, files=csv)
    _locked(upload, room.code, "uploading data")
    assert outsider.post("/api/specs/export?format=torch", json=body()).status_code == 200
    assert room.teacher.put(f"/api/rooms/{room.code}/controls", json={"locked": []}).status_code == 200
    assert ana.get(f"/api/experiments/{run['id']}/export?format=torch").status_code == 200
