"""The websocket stream's messages (docs/protocol.md), as models published in the OpenAPI schema.

The server builds every text message from these models, and `app.py` adds them to the schema's components, so
the browser's types for the stream are generated like those of the REST API. `seq` is assigned by the hub.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..probes.watch import UnwatchMessage, WatchMessage
from ..status import Status
from .schemas import Experiment, HistoryEntry, Metrics, WatchInfo


class _Message(BaseModel):
    # `type` and `seq` have defaults for building a message, but every message sent carries them
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class HelloMessage(_Message):
    """The first message of every stream: the experiment as it is now, and the seq to resume after."""

    type: Literal["hello"] = "hello"
    seq: int = 0
    experiment: Experiment


class StatusMessage(_Message):
    type: Literal["status"] = "status"
    seq: int = 0
    status: Status
    queue_position: int | None = Field(None, description="queued: the run's place in the queue (1 = next).")
    error: str | None = None
    error_node: str | None = Field(None, description="failed: the graph node the error points at, if any.")
    device: str | None = None


class MetricsMessage(_Message):
    type: Literal["metrics"] = "metrics"
    seq: int = 0
    rows: list[Metrics]


class SettingsMessage(HistoryEntry, _Message):
    """Live settings the worker applied after `step` (also appended to the experiment's `history`)."""

    type: Literal["settings"] = "settings"
    seq: int = 0


class WarningsMessage(_Message):
    type: Literal["warnings"] = "warnings"
    seq: int = 0
    messages: list[str]


class FrameHeader(BaseModel):
    """The JSON header of a binary frame (docs/protocol.md): `value = raw * scale + offset`, or per plane with
    `plane_lo`/`plane_hi`. Probes add their own fields (listed in docs/protocol.md), so others are allowed."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="The probe's name, e.g. boundary or activations.")
    seq: int
    key: str | None = Field(None, description="The watch this frame answers.")
    node: str | None = Field(None, description="The node probed; null for probes of the whole model.")
    step: int | None = None
    t: float | None = Field(None, description="When the worker computed it (Unix seconds).")
    dtype: Literal["uint8", "float16"]
    shape: list[int]
    scale: float
    offset: float
    plane_lo: list[float] | None = None
    plane_hi: list[float] | None = None
    extent: list[float] | None = Field(None, description="Plane probes: [xmin, xmax, ymin, ymax] of the plane.")


class WatchingMessage(_Message):
    """To one client only: its watches, after each watch or unwatch it sent."""

    type: Literal["watching"] = "watching"
    seq: int = 0
    watches: list[WatchInfo]


class WatchErrorMessage(_Message):
    """To one client only: a watch or unwatch it sent was refused; nothing changed."""

    type: Literal["watch_error"] = "watch_error"
    seq: int = 0
    probe: str | None = None
    node: str | None = None
    field: str | None = None
    message: str


TextMessage = (HelloMessage | StatusMessage | MetricsMessage | SettingsMessage | WarningsMessage | WatchingMessage |
               WatchErrorMessage)


class StreamMessage(RootModel[Annotated[TextMessage, Field(discriminator="type")]]):
    """Any text message of the stream, told apart by `type`."""


STREAM_MODELS: tuple[type[BaseModel], ...] = (StreamMessage, FrameHeader, WatchMessage, UnwatchMessage)
