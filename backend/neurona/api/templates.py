"""The template gallery: classic architectures as graph specs, each with the dataset it trains on when one fits."""

from __future__ import annotations

import copy
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..gallery import TEMPLATES
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


class TemplateInfo(BaseModel):
    id: str
    title: str
    description: str
    input: TemplateInput
    task: TemplateTask
    graph: dict[str, Any] = Field(description="The graph, as POST /api/specs/validate and experiments take it.")
    dataset: TemplateDataset | None = Field(
        None, description="The dataset this template trains on as it is; null when no built-in dataset fits yet.")


@router.get("/templates", response_model=list[TemplateInfo],
            summary="The gallery of classic architectures, each with the dataset it pairs with")
def list_templates() -> list[dict[str, Any]]:
    return copy.deepcopy(TEMPLATES)
