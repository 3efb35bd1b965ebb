"""REST routes of the lessons and explainers.

This module keeps annotations evaluated (no `from __future__ import annotations`): each explainer gets its own
route whose body and response types are that explainer's models, so the OpenAPI schema types every one of them.
"""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, Field

from ..api.schemas import ErrorList, ErrorMessage
from ..errors import NotFound
from ..i18n import Language, localize_schema, negotiate
from ..i18n.messages import say
from .catalog import LESSONS, summary, view
from .explainers import EXPLAINERS, Explainer
from .explainers.registry import Stepped
from .models import LessonSummary, LessonView

router = APIRouter(prefix="/api", tags=["lessons"])
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorList, "description": "A value cannot be used; each "
                                                 "item names its field"}}


def language(lang: Language | None, accept_language: str | None) -> Language:
    """?lang= wins; otherwise the first language of Accept-Language the course is written in (by q); else en."""
    return lang if lang is not None else negotiate(accept_language)


LangQuery = Query(None, description="es or en; omitted means the Accept-Language header's choice")


@router.get("/lessons", response_model=list[LessonSummary], summary="The course's lessons, class by class")
def list_lessons(lang: Language | None = LangQuery,
                 accept_language: str | None = Header(None)) -> list[LessonSummary]:
    chosen = language(lang, accept_language)
    ordered = sorted(LESSONS.values(), key=lambda lesson: lesson.class_number)  # stable: course order within
    return [summary(lesson, chosen) for lesson in ordered]


@router.get("/lessons/{lesson_id}", response_model=LessonView, responses={404: {"model": ErrorMessage}},
            summary="One lesson with its steps and their presets resolved")
def get_lesson(lesson_id: str, lang: Language | None = LangQuery,
               accept_language: str | None = Header(None)) -> LessonView:
    if lesson_id not in LESSONS:
        raise NotFound(say("no_lesson", id=lesson_id, known=", ".join(LESSONS)))
    return view(LESSONS[lesson_id], language(lang, accept_language))


class ExplainerInfo(BaseModel):
    name: str
    title: str
    description: str
    view: str = Field(description="How the result is drawn: bars, losses, numbers, table, masks, merges, matrix, "
                      "dropout, statistics")
    input_schema: dict[str, Any] = Field(description="JSON Schema of the request body (the form)")
    defaults: dict[str, Any] = Field(description="The body with every default filled in (a ready example)")
    lang: Language


@router.get("/explainers", response_model=list[ExplainerInfo], summary="The explainers with their input schemas")
def list_explainers(lang: Language | None = LangQuery,
                    accept_language: str | None = Header(None)) -> list[ExplainerInfo]:
    chosen = language(lang, accept_language)
    return [ExplainerInfo(name=e.name, title=e.title.get(chosen), description=e.description.get(chosen),
                          view=e.view,
                          input_schema=localize_schema(e.input.model_json_schema(), "explainers", e.name, chosen),
                          defaults=e.input().model_dump(mode="json"), lang=chosen)
            for e in EXPLAINERS.values()]


def _route(e: Explainer) -> Callable[..., BaseModel]:
    def compute(body: e.input, accept_language: str | None = Header(None)) -> BaseModel:  # type: ignore[name-defined]
        result = e.compute(body)
        return result.in_language(negotiate(accept_language)) if isinstance(result, Stepped) else result
    compute.__name__ = f"explain_{e.name}"
    return compute


for _explainer in EXPLAINERS.values():
    router.add_api_route(f"/explainers/{_explainer.name}", _route(_explainer), methods=["POST"],
                         response_model=_explainer.output, responses=ERRORS,
                         summary=f"{_explainer.title.en}: {_explainer.description.en}")


@router.post("/explainers/{name}", responses={404: {"model": ErrorMessage}}, include_in_schema=False)
def unknown_explainer(name: str) -> None:
    raise NotFound(say("no_explainer", name=name, known=", ".join(EXPLAINERS)))
