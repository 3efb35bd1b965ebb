"""Watches: what clients ask the worker to probe, as websocket messages and as the worker's command payload.

A client sends `watch` / `unwatch` messages (`WatchMessage`, `UnwatchMessage`); the server checks a watch against
the probe table and the run's graph and dataset (`resolve`), giving a `Watch` with a deterministic `key`, and
sends the worker the union of every client's watches.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ..i18n.messages import Said

MAX_SAMPLES = 16


class WatchMessage(BaseModel):
    """Client → server: start receiving a probe's frames."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["watch"]
    probe: str = Field(description="A probe name from GET /api/probes.")
    node: str | None = Field(None, description="The node to probe; required by node probes, absent for model ones.")
    samples: list[Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: [0], min_length=1, max_length=MAX_SAMPLES,
        description="Pinned test-set indices (probes that use samples).")
    options: dict[str, Any] = Field(default_factory=dict, description="Validated by the probe's options_schema.")


class UnwatchMessage(BaseModel):
    """Client → server: stop one watch (by key) or every watch of a probe (and node)."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["unwatch"]
    key: str | None = None
    probe: str | None = None
    node: str | None = None


ClientMessage = Annotated[WatchMessage | UnwatchMessage, Field(discriminator="type")]
CLIENT_MESSAGE: TypeAdapter[WatchMessage | UnwatchMessage] = TypeAdapter(ClientMessage)


class Watch(BaseModel):
    """A checked watch: options with their defaults filled in, samples only for probes that use them."""

    model_config = ConfigDict(frozen=True)
    key: str
    probe: str
    node: str | None
    samples: tuple[int, ...]
    options: dict[str, Any]

    @classmethod
    def make(cls, probe: str, node: str | None, samples: tuple[int, ...], options: dict[str, Any]) -> Watch:
        canonical = json.dumps({"s": list(samples), "o": options}, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha1(canonical.encode()).hexdigest()[:8]
        return cls(key=f"{probe}:{node or '*'}:{digest}", probe=probe, node=node, samples=samples, options=options)

    def public(self) -> dict[str, Any]:
        return {"key": self.key, "probe": self.probe, "node": self.node, "samples": list(self.samples),
                "options": self.options}


class WatchProblem(ValueError):
    """A watch the server refuses, said as a message template; `field` names the message field to change."""

    def __init__(self, message: str | Said, field: str | None = None):
        super().__init__(str(message))
        self.said = message  # a plain string only for a pydantic error without a sentence of ours
        self.field = field
