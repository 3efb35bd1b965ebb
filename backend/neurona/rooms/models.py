"""The room API's requests, answers and stream message (docs/protocol.md, "Rooms")."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import Strict as Exact

from ..data.registry import DatasetSpec
from ..spec.models import GraphSpec, Strict, TrainingSettings
from ..status import Status

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L: a code is read off a projector
CODE_LENGTH = 6
ROOM_CODE = rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"
KEY_HEADER = "X-Neurona-Room-Key"
# A browser's WebSocket cannot set headers; it offers the key as a subprotocol instead, never in the URL.
KEY_SUBPROTOCOL = "neurona-room-key."


class Control(StrEnum):
    """A part of the student's workspace the teacher may hide or lock (the browser maps each to its panel)."""

    GRAPH = "graph"  # editing the network: palette, canvas edits, inspector
    TEMPLATES = "templates"  # the template gallery
    DATASET = "dataset"  # choosing the data set and its options
    TRAINING = "training"  # the training settings (learning rate, optimizer, ...)
    LESSONS = "lessons"  # the course
    UPLOADS = "uploads"  # uploading one's own data
    EXPORT = "export"  # downloading the network as code


# JSON carries a control as its name; strict models would take only the enum member itself
ControlName = Annotated[Control, Exact(False)]


class RoomCreate(Strict):
    name: str = Field("Class", min_length=1, max_length=120)
    quota: int = Field(2, ge=1, le=16, description="Runs each student may have queued, running or paused at once.")


class RoomJoin(Strict):
    code: str = Field(..., max_length=32, description="The room's code (case and spaces do not matter).")
    display_name: str = Field(..., min_length=1, max_length=40, description="The name the teacher sees.")


class LessonStep(Strict):
    lesson: str = Field(..., max_length=64)
    step: int = Field(1, ge=1, le=100)


class Preset(Strict):
    """What the teacher pushes to every student's workspace."""

    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: TrainingSettings = Field(default_factory=TrainingSettings)
    lesson: LessonStep | None = None


class Controls(Strict):
    hidden: list[ControlName] = Field(default_factory=list, max_length=len(Control))
    locked: list[ControlName] = Field(default_factory=list, max_length=len(Control))


class RoomSettings(Strict):
    quota: int = Field(..., ge=1, le=16, description="Runs each student may have queued, running or paused at once.")


class Challenge(Strict):
    """Best test accuracy on one data set with at most `max_params` parameters."""

    title: str = Field("Challenge", min_length=1, max_length=120)
    dataset: str = Field(..., max_length=64, description="The data set runs must train on, e.g. spiral.")
    max_params: int = Field(..., ge=1, le=1_000_000_000, description="Most parameters a run may have to count.")
    metric: Literal["accuracy"] = "accuracy"


class RoomCreated(BaseModel):
    id: str
    code: str
    name: str
    quota: int
    teacher_key: str = Field(..., description=f"Send it as the {KEY_HEADER} header; shown once, not stored.")
    join_path: str = Field(..., description="The page path students open: /?room=CODE.")


class Entry(BaseModel):
    rank: int
    display_name: str
    accuracy: float
    total_params: int
    experiment_id: str | None = Field(None, description="Only in the teacher's view.")


class RoomView(BaseModel):
    """What a student sees of the room: what the teacher shares, and the challenge's ranking (names only)."""

    code: str
    name: str
    display_name: str | None = None
    quota: int
    preset: Preset | None
    preset_version: int
    controls: Controls
    challenge: Challenge | None
    leaderboard: list[Entry]


class RunSummary(BaseModel):
    id: str
    name: str
    status: Status
    step: int
    total_params: int
    dataset: str
    train_loss: float | None
    test_loss: float | None
    accuracy: float | None
    best_accuracy: float | None
    losses: list[float] = Field(..., description="The newest training losses, oldest first (a sparkline).")
    created_at: str


class Member(BaseModel):
    display_name: str
    joined_at: str
    active: int = Field(..., description="Runs queued, running or paused now.")
    runs: list[RunSummary]


class RoomState(RoomView):
    """The teacher's view: every member and their runs in the room."""

    id: str
    members: list[Member]


class Affected(BaseModel):
    action: Literal["pause", "resume", "stop"]
    experiments: list[str]
    skipped: list[str] = Field(..., description="Runs whose state had changed meanwhile.")


class RoomMessage(BaseModel):
    """Sent on /ws/rooms/mine when the student's view of the room changes (and first on connecting)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    type: Literal["room"] = "room"
    seq: int = 0
    room: RoomView
