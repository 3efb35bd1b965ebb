"""Short links to a shared workspace: POST one, GET it back from any session, open /s/{id} in a browser.

The workspace is checked with the server's own models (graph, dataset, training) plus what only makes sense for
a link: a built-in dataset (an upload is its session's alone), a lesson and step that exist, a selected node that
is in the graph. Creating is bounded in size and per session per hour; reading is free.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from ..config import Settings
from ..data.registry import DATASETS, get_dataset_type, parse_options
from ..errors import NotFound, SpecError, TooLarge, TooMany
from ..i18n.messages import say
from ..lessons.catalog import LESSONS
from ..spec.workspace import Workspace
from ..store.db import Store
from ..store.links import LinkRow, canonical_json
from .schemas import ErrorList, ErrorMessage
from .session import current_owner

router = APIRouter(tags=["links"])
LINK_ID = r"^[A-Za-z0-9_\-]{1,16}$"
LinkId = Path(pattern=LINK_ID, description="A link id, as POST /api/links answers it.")


class Link(BaseModel):
    id: str = Field(description="The short id.")
    path: str = Field(description="Where a browser opens it: /s/{id}.")
    created_at: datetime
    workspace: Workspace


ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "This workspace already had a link: the same one", "model": Link},
    413: {"model": ErrorMessage, "description": "The workspace is larger than NEURONA_MAX_LINK_KB"},
    422: {"model": ErrorList, "description": "The workspace cannot be used; each item names its field"},
    429: {"model": ErrorMessage, "description": "This session made NEURONA_MAX_LINKS_PER_HOUR links in the last "
                                                "hour"}}


def _store(request: Request) -> Store:
    store: Store = request.app.state.service.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def check_workspace(workspace: Workspace, owner: str) -> None:
    """What the models alone cannot say: the link must open the same way in any other browser."""
    name = workspace.dataset.name
    if name not in DATASETS:
        get_dataset_type(name, owner)  # unknown names get the registry's own message
        raise SpecError.one(say("upload_not_shareable", name=name), field="dataset.name")
    parse_options(workspace.dataset)
    if workspace.lesson is not None:
        lesson = LESSONS.get(workspace.lesson.id)
        if lesson is None:
            raise SpecError.one(say("no_lesson", id=workspace.lesson.id, known=", ".join(LESSONS)), field="lesson.id")
        if workspace.lesson.step >= len(lesson.steps):
            raise SpecError.one(say("no_lesson_step", id=lesson.id, last=len(lesson.steps) - 1,
                                    got=workspace.lesson.step), field="lesson.step")
    if workspace.selected is not None and workspace.selected not in {n.id for n in workspace.graph.nodes}:
        raise SpecError.one(say("selected_not_in_graph", node=workspace.selected), field="selected")


def _answer(row: LinkRow) -> dict[str, Any]:
    return {"id": row.id, "path": f"/s/{row.id}", "created_at": row.created_at, "workspace": row.state}


@router.post("/api/links", status_code=201, response_model=Link, responses=ANSWERS,
             summary="Store a workspace under a short id that any browser can open")
def create_link(workspace: Workspace, response: Response, owner: str = Depends(current_owner),
                store: Store = Depends(_store), settings: Settings = Depends(_settings)) -> dict[str, Any]:
    check_workspace(workspace, owner)
    state = workspace.model_dump(mode="json")
    size = len(canonical_json(state).encode())
    if size > settings.max_link_kb * 1024:
        raise TooLarge(say("link_too_large", size=size / 1024, limit=settings.max_link_kb))
    existing = store.links.find(state)
    if existing is not None:
        response.status_code = 200
        return _answer(existing)
    made = store.links.made_since(owner)
    if made >= settings.max_links_per_hour:
        raise TooMany(say("too_many_links", count=made), headers={"Retry-After": "3600"})
    return _answer(store.links.create(owner, state))


@router.get("/api/links/{link_id}", response_model=Link, responses={404: {"model": ErrorMessage}},
            summary="A shared workspace (any session may read it)")
def get_link(link_id: str = LinkId, store: Store = Depends(_store)) -> dict[str, Any]:
    row = store.links.get(link_id)
    if row is None:
        raise NotFound(say("no_link", id=link_id))
    return _answer(row)


@router.get("/s/{link_id}", include_in_schema=False)
def open_link(request: Request, link_id: str = Path(max_length=200)) -> RedirectResponse:
    """The page itself resolves the link and says so when it is unknown or malformed (a browser shows a page, not
    a JSON error); presentation options carry over."""
    query = urlencode([("link", link_id), *((k, v) for k, v in request.query_params.multi_items() if k != "link")])
    return RedirectResponse(f"/?{query}", status_code=307)
