"""The whole workspace as one JSON value: what a shared URL or a short link carries.

It reuses the models the server already checks everything with (the graph, the dataset, the training settings),
so a link can hold nothing an experiment could not, and adds what the page shows: the lesson step that is open,
the panels that are open, the selected node and the data column's display switches.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..data import DatasetSpec
from .models import NODE_ID, GraphSpec, Strict, TrainingSettings

WORKSPACE_VERSION: Literal[1] = 1
# Panels a workspace can have open besides a lesson (which opens the course at its step).
OpenView = Literal["training", "explorer"]


class LessonPlace(Strict):
    id: str = Field(pattern=r"^[a-z0-9_\-]{1,64}$", description="A lesson id from GET /api/lessons.")
    step: int = Field(0, ge=0, le=999, description="The open step, counted from 0.")


class Workspace(Strict):
    """Graph, data set, training settings (seed included, so the same run) and what is on the screen."""

    version: Literal[1] = Field(WORKSPACE_VERSION, description="The format's version; readers refuse others.")
    graph: GraphSpec
    dataset: DatasetSpec = Field(default_factory=DatasetSpec)
    training: TrainingSettings = Field(default_factory=TrainingSettings)
    lesson: LessonPlace | None = Field(None, description="The lesson step open in the course dialog.")
    views: list[OpenView] = Field(default_factory=list, max_length=8, description="Open panels.")
    selected: str | None = Field(None, pattern=NODE_ID, description="The node shown in the inspector.")
    show_test_data: bool = Field(False, description="The data column also draws the test examples.")
    discretize: bool = Field(False, description="The decision boundary is drawn as two colours, not a gradient.")
