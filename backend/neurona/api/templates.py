"""The template gallery: classic architectures as graph specs, each with the dataset it trains on, the training
settings it learns with, and the metric those settings reach."""

from __future__ import annotations

import copy
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ..gallery import TEMPLATES
from ..i18n import Language, localize, request_language
from ..spec import TrainingSettings
from ..tasks import TaskName

router = APIRouter(prefix="/api", tags=["catalog"])


class TemplateInput(BaseModel):
    shape: list[int] = Field(description="The Input shape without the batch dimension.")
    kind: Literal["vector", "image", "sequence", "tokens"]
    vocab_size: int | None = Field(None, description="tokens: how many distinct token ids the input holds.")


class TemplateTask(BaseModel):
    kind: TaskName
    num_classes: int | None = None


class TemplateDataset(BaseModel):
    name: str = Field(description="A dataset name from GET /api/datasets.")
    options: dict[str, Any] = Field(description="Options to create the experiment with (others take defaults).")


class TemplateTarget(BaseModel):
    metric: Literal["accuracy", "test_loss"] = Field(description="accuracy (reached when at least `value`) or "
                                                     "test_loss (reached when at most `value`).")
    value: float = Field(description="What the template's training settings reach on its dataset's test split.")


class TemplateInfo(BaseModel):
    id: str
    title: str
    description: str
    input: TemplateInput
    task: TemplateTask
    graph: dict[str, Any] = Field(description="The graph, as POST /api/specs/validate and experiments take it.")
    dataset: TemplateDataset | None = Field(
        None, description="The dataset this template trains on as it is; null when no built-in dataset fits yet.")
    training: TrainingSettings = Field(description="The training settings it learns with out of the box.")
    target: TemplateTarget | None = Field(description="What those settings reach on the dataset's test split; null "
                                          "for a design-only template, which is not trained here.")


@router.get("/templates", response_model=list[TemplateInfo],
            summary="The gallery of classic architectures, each with its dataset, training settings and target")
def list_templates(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    return [localize({**copy.deepcopy(t), "training": TrainingSettings.model_validate(t["training"]).model_dump()},
                     "templates", t["id"], lang)
            for t in TEMPLATES]
