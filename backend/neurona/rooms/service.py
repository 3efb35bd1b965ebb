"""Classroom rooms: a teacher's key, members joined by code and name, what the teacher shares, quotas and the
challenge's ranking.

A student's session stays what it was: it reads only its own experiments. The room adds one reader, the teacher,
who proves the key on every request and may read (never change) the runs made in the room; what changes a
student's runs on the teacher's behalf (pause, resume or stop all) goes through the same state machine as the
student's own buttons. Calls come from the API's thread pool; stream messages are handed to the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

from ..data.registry import DATASETS
from ..errors import SpecError
from ..experiments import Conflict, ExperimentService, NotFound
from ..i18n.messages import Said
from ..lessons.catalog import LESSONS
from ..spec import ExperimentCreate
from ..status import ACTIVE, Status
from ..store.rooms import Measured, MemberRow, RoomRow, RoomStore
from ..store.schema import ExperimentRow
from .locks import Locked, action_problem, creation_problem, live_change_problem
from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Challenge,
    Control,
    Controls,
    Entry,
    Member,
    Preset,
    RoomCreate,
    RoomCreated,
    RoomJoin,
    RoomMessage,
    RoomState,
    RoomView,
    RunSummary,
)

SPARK_POINTS = 40
RANKING_TTL_S = 1.0  # a student's page polls the ranking every 4 s: one a second old reads the same
# action -> the statuses a run must be in for "all" to touch it
BULK: dict[str, frozenset[Status]] = {
    "pause": frozenset({Status.RUNNING}),
    "resume": frozenset({Status.PAUSED}),
    "stop": ACTIVE | {Status.CREATED},
}


class KeyMissing(PermissionError):
    """No teacher key was sent (401)."""


class KeyRefused(PermissionError):
    """The key sent is not this room's (403)."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def channel(room_id: str) -> str:
    """The hub channel of a room's stream; experiment ids are hex, so the two never meet."""
    return f"room:{room_id}"


class RoomService:
    def __init__(self, experiments: ExperimentService):
        self.experiments = experiments
        self.rooms = RoomStore(experiments.store)
        # run id -> ((step, updated_at) when read, what was read): see _measure
        self._cache: dict[str, tuple[tuple[int, datetime], Measured]] = {}
        self._lock = threading.Lock()
        # room id -> (when, the challenge then, what its ranking was made of): see view
        self._rankings: dict[str, tuple[float, dict[str, Any] | None, tuple[list[MemberRow], list[ExperimentRow],
                                                                         dict[str, float]]]] = {}
        experiments.room_of = self.room_of
        experiments.start_check = self.start_problem
        experiments.create_lock = self.check_create
        experiments.change_lock = self.check_change

    # -- the teacher's side ----------------------------------------------------------------------------------
    def create(self, body: RoomCreate) -> RoomCreated:
        key = secrets.token_urlsafe(24)
        code = self._free_code()
        row = self.rooms.create(id=secrets.token_hex(6), code=code, key_hash=_hash(key), name=body.name,
                                quota=body.quota, controls=Controls().model_dump(mode="json"))
        return RoomCreated(id=row.id, code=code, name=row.name, quota=row.quota, teacher_key=key,
                           join_path=f"/?room={code}")

    def _free_code(self) -> str:
        while True:  # 31^6 ≈ 887 million codes: a collision is rare, and simply drawn again
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if self.rooms.by_code(code) is None:
                return code

    def teacher(self, code: str, key: str | None) -> RoomRow:
        """The room, if `key` is its teacher key."""
        row = self.rooms.by_code(normalise_code(code))
        if row is None:
            raise NotFound(f"room '{code}' not found")
        if not key:
            raise KeyMissing(f"this is the teacher's view of room '{row.code}': send its teacher key in the "
                             "X-Neurona-Room-Key header")
        if not hmac.compare_digest(_hash(key), row.key_hash):
            raise KeyRefused(f"the teacher key sent is not room '{row.code}''s; use the key shown when the room "
                             "was created")
        return row

    def state(self, room: RoomRow) -> RoomState:
        members = self.rooms.members(room.id)
        runs = self.rooms.runs(room.id)
        measured = self._measure(runs)
        best = {run: m.best for run, m in measured.items() if m.best is not None}
        by_owner: dict[str, list[RunSummary]] = {}
        for run in runs:
            by_owner.setdefault(run.owner, []).append(_summary(run, measured[run.id]))
        listed = [Member(display_name=m.display_name, joined_at=_iso(m.joined_at),
                         active=sum(r.status in ACTIVE for r in by_owner.get(m.owner, [])),
                         runs=by_owner.get(m.owner, [])) for m in members]
        view = self._view(room, None, members, runs, best, with_ids=True)
        return RoomState(**view.model_dump(), id=room.id, members=listed)

    def push_preset(self, room: RoomRow, preset: Preset) -> RoomState:
        # Checked as an experiment of no session would be (a teacher's uploads are not the students'), so what is
        # pushed is something every student can train.
        self.experiments.check("", ExperimentCreate(name="preset", graph=preset.graph, dataset=preset.dataset,
                                                    training=preset.training))
        if preset.lesson is not None:
            self._check_lesson(preset.lesson.lesson, preset.lesson.step)
        return self._changed(room, preset=preset.model_dump(mode="json", exclude_none=True),
                             preset_version=room.preset_version + 1)

    @staticmethod
    def _check_lesson(lesson_id: str, step: int) -> None:
        lesson = LESSONS.get(lesson_id)
        if lesson is None:
            raise SpecError.one(f"lesson.lesson: no lesson {lesson_id!r}; GET /api/lessons lists them",
                                field="lesson.lesson")
        if step > len(lesson.steps):
            raise SpecError.one(f"lesson.step: lesson {lesson_id!r} has {len(lesson.steps)} steps (got {step})",
                                field="lesson.step")

    def set_controls(self, room: RoomRow, controls: Controls) -> RoomState:
        clean = Controls(hidden=sorted(set(controls.hidden)), locked=sorted(set(controls.locked)))
        return self._changed(room, controls=clean.model_dump(mode="json"))

    def set_quota(self, room: RoomRow, quota: int) -> RoomState:
        return self._changed(room, quota=quota)

    def set_challenge(self, room: RoomRow, challenge: Challenge | None) -> RoomState:
        if challenge is not None and challenge.dataset not in DATASETS:
            raise SpecError.one(f"dataset: unknown data set {challenge.dataset!r}; choose one of "
                                f"{', '.join(sorted(DATASETS))}", field="dataset")
        return self._changed(room, challenge=challenge.model_dump(mode="json") if challenge else None)

    def act_all(self, room: RoomRow, action: str) -> tuple[list[str], list[str]]:
        """Pause, resume or stop every run of the room that can take it; runs that moved meanwhile are skipped."""
        done, skipped = [], []
        for run in self.rooms.runs(room.id):
            if Status(run.status) not in BULK[action]:
                continue
            try:
                self.experiments.act(run.owner, run.id, action)
                done.append(run.id)
            except (Conflict, NotFound):
                skipped.append(run.id)
        return done, skipped

    def run(self, room: RoomRow, experiment_id: str) -> ExperimentRow:
        """A run made in the room, for the teacher to read; any other id is unknown here."""
        row = self.experiments.store.get(experiment_id)
        if row is None or row.room_id != room.id:
            raise NotFound(f"experiment '{experiment_id}' not found in room '{room.code}'")
        return row

    def _changed(self, room: RoomRow, **fields: Any) -> RoomState:
        updated = self.rooms.update(room.id, **fields)
        assert updated is not None  # rooms are never deleted while the server runs
        self.broadcast(updated)
        return self.state(updated)

    def broadcast(self, room: RoomRow) -> None:
        message = RoomMessage(room=self.view(room, None))
        payload = message.model_dump(mode="json", exclude={"type", "seq"})
        hub = self.experiments.hub
        self.experiments.call_soon(hub.publish, channel(room.id), "room", payload, None)

    def _measure(self, runs: list[ExperimentRow]) -> dict[str, Measured]:
        """Each run's best accuracy and recent losses. A run whose step and update time did not move since the
        last look is not read again (a class's finished runs cost nothing); one that did is read from the row
        seen last (its best so far kept), or from the start when its step went back (a resumed run)."""
        with self._lock:
            cached = {run.id: self._cache.get(run.id) for run in runs}
        since: dict[str, int] = {}
        for run in runs:
            held = cached[run.id]
            if held is None or held[0] != (run.step, run.updated_at):
                since[run.id] = held[1].last_id if held is not None and run.step >= held[0][0] else 0
        fresh = self.rooms.measurements(since, SPARK_POINTS)
        out: dict[str, Measured] = {}
        with self._lock:
            for run in runs:
                held = cached[run.id]
                if run.id not in fresh and held is not None:  # unchanged since it was read
                    out[run.id] = held[1]
                    continue
                new = fresh[run.id]
                kept = held[1].best if held is not None and since[run.id] else None
                best = max((b for b in (kept, new.best) if b is not None), default=None)
                out[run.id] = Measured(best, new.last_id, new.losses)
                self._cache[run.id] = ((run.step, run.updated_at), out[run.id])
        return out

    # -- the student's side ----------------------------------------------------------------------------------
    def join(self, owner: str, body: RoomJoin) -> RoomView:
        room = self.rooms.by_code(normalise_code(body.code))
        if room is None:
            raise NotFound(f"room '{body.code}' not found; check the code on the teacher's screen")
        name = " ".join(body.display_name.split())
        if not name:
            raise SpecError.one("display_name must not be blank; type the name your teacher will see",
                                field="display_name")
        if self.rooms.name_taken(room.id, name, owner):
            raise Conflict(f"the name '{name}' is taken in room '{room.code}'; add an initial or pick another")
        self.rooms.join(owner, room.id, name)
        return self.view(room, name)

    def mine(self, owner: str) -> tuple[RoomRow, MemberRow]:
        member = self.rooms.membership(owner)
        room = self.rooms.get(member.room_id) if member else None
        if member is None or room is None:
            raise NotFound("this session has joined no room; join one with its code")
        return room, member

    def leave(self, owner: str) -> None:
        self.rooms.leave(owner)

    def view(self, room: RoomRow, display_name: str | None) -> RoomView:
        """What a student sees. Every student's page asks for it while a challenge runs (30 pages every 4 s), so
        the ranking they share is computed at most once per RANKING_TTL_S for the room, not once per page."""
        now = time.monotonic()
        with self._lock:
            held = self._rankings.get(room.id)
        if held is not None and now - held[0] < RANKING_TTL_S and held[1] == room.challenge:
            members, runs, best = held[2]
        else:
            members = self.rooms.members(room.id)
            runs = self.rooms.runs(room.id) if room.challenge else []
            best = {run: m.best for run, m in self._measure(runs).items() if m.best is not None}
            with self._lock:
                self._rankings[room.id] = (now, room.challenge, (members, runs, best))
        return self._view(room, display_name, members, runs, best, with_ids=False)

    @staticmethod  # what the store holds is JSON (enums as text), hence strict=False where read back
    def _view(room: RoomRow, display_name: str | None, members: list[MemberRow], runs: list[ExperimentRow],
              best: dict[str, float], with_ids: bool) -> RoomView:
        challenge = Challenge.model_validate(room.challenge, strict=False) if room.challenge else None
        board = leaderboard(challenge, members, runs, best, with_ids) if challenge else []
        return RoomView(code=room.code, name=room.name, display_name=display_name, quota=room.quota,
                        preset=Preset.model_validate(room.preset, strict=False) if room.preset else None,
                        preset_version=room.preset_version, controls=Controls.model_validate(room.controls or {}),
                        challenge=challenge, leaderboard=board)

    # -- hooks the experiment service calls ------------------------------------------------------------------
    def room_of(self, owner: str) -> str | None:
        member = self.rooms.membership(owner)
        return member.room_id if member else None

    def check_create(self, owner: str, body: ExperimentCreate) -> None:
        """Refuses (Locked) a new run of the session's room that differs from the preset in a locked part."""
        room = self._room_of_session(owner)
        if room is not None:
            preset = Preset.model_validate(room.preset, strict=False) if room.preset else None
            self._refuse(creation_problem(room.code, self._locked(room), preset, body, owner))

    def check_change(self, row: ExperimentRow, changed: list[str]) -> None:
        """Refuses (Locked) a live settings change to a run of a room whose training settings are locked."""
        room = self.rooms.get(row.room_id) if row.room_id else None
        if room is not None:
            self._refuse(live_change_problem(room.code, self._locked(room), changed))

    def check_action(self, owner: str, control: Control) -> None:
        """Refuses (Locked) uploading or exporting while the session's room has it locked."""
        room = self._room_of_session(owner)
        if room is not None:
            self._refuse(action_problem(room.code, self._locked(room), control))

    def _room_of_session(self, owner: str) -> RoomRow | None:
        room_id = self.room_of(owner)
        return self.rooms.get(room_id) if room_id else None

    @staticmethod
    def _locked(room: RoomRow) -> list[Control]:
        return Controls.model_validate(room.controls or {}).locked

    @staticmethod
    def _refuse(problem: Said | None) -> None:
        if problem is not None:
            raise Locked(problem)

    def start_problem(self, row: ExperimentRow) -> str | None:
        """Why a run of the room may not become active now (the student's quota), or None."""
        if row.room_id is None:
            return None
        room = self.rooms.get(row.room_id)
        if room is None:
            return None
        active = self.rooms.active_runs(room.id, row.owner)
        if len(active) < room.quota:
            return None
        return (f"room '{room.code}' allows {room.quota} run{'s' if room.quota > 1 else ''} per student at once, "
                f"and {', '.join(active)} {'is' if len(active) == 1 else 'are'} active; stop one or wait for it to "
                "finish")


def leaderboard(challenge: Challenge, members: list[MemberRow], runs: list[ExperimentRow], best: dict[str, float],
                with_ids: bool) -> list[Entry]:
    """Each member's best run that meets the constraint, by best test accuracy (then fewer parameters)."""
    names = {m.owner: m.display_name for m in members}
    champions: dict[str, tuple[float, int, str]] = {}
    for run in runs:
        accuracy = best.get(run.id)
        eligible = run.dataset.get("name") == challenge.dataset and run.total_params <= challenge.max_params
        if accuracy is None or not eligible or run.owner not in names:
            continue
        candidate = (accuracy, run.total_params, run.id)
        held = champions.get(run.owner)
        if held is None or (-candidate[0], candidate[1]) < (-held[0], held[1]):
            champions[run.owner] = candidate
    ordered = sorted(champions.items(), key=lambda item: (-item[1][0], item[1][1], names[item[0]].lower()))
    return [Entry(rank=i, display_name=names[owner], accuracy=accuracy, total_params=params,
                  experiment_id=run_id if with_ids else None)
            for i, (owner, (accuracy, params, run_id)) in enumerate(ordered, 1)]


def _summary(run: ExperimentRow, measured: Measured) -> RunSummary:
    last = run.last_metrics or {}
    return RunSummary(id=run.id, name=run.name, status=Status(run.status), step=run.step,
                      total_params=run.total_params, dataset=str(run.dataset.get("name", "")),
                      train_loss=last.get("train_loss"), test_loss=last.get("test_loss"),
                      accuracy=last.get("accuracy"), best_accuracy=measured.best, losses=measured.losses,
                      created_at=_iso(run.created_at))
