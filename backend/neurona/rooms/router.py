"""Rooms: `/api/rooms...` for teachers (the key in the X-Neurona-Room-Key header) and students (their session), and
`/ws/rooms/mine`, the student's live view of what the teacher shares (docs/protocol.md, "Rooms")."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..api.schemas import ErrorList, ErrorMessage, Experiment, MetricsPage
from ..api.session import COOKIE, HEADER, current_owner, first_token
from ..experiments import ExperimentService, NotFound, QuotaExceeded
from ..i18n.language import negotiate
from ..store.rooms import RoomRow
from ..store.schema import ExperimentRow
from ..stream import Hub, to_json
from .locks import Locked
from .models import (
    KEY_HEADER,
    KEY_SUBPROTOCOL,
    Affected,
    Challenge,
    Controls,
    Preset,
    RoomCreate,
    RoomCreated,
    RoomJoin,
    RoomMessage,
    RoomSettings,
    RoomState,
    RoomView,
)
from .service import KeyMissing, KeyRefused, RoomService, channel

router = APIRouter(prefix="/api/rooms", tags=["rooms"])
ws_router = APIRouter()
CLOSE_NOT_FOUND = 4404
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorMessage}, 403: {"model": ErrorMessage}, 404: {"model": ErrorMessage},
    422: {"model": ErrorList}}
Code = Path(max_length=32, description="The room's code (case does not matter).")
Key = Header(None, alias=KEY_HEADER, max_length=128, description="The teacher key POST /api/rooms answered.")


def rooms(request: Request) -> RoomService:
    svc: RoomService = request.app.state.rooms
    return svc


def teacher_room(code: str = Code, key: str | None = Key, svc: RoomService = Depends(rooms)) -> RoomRow:
    return svc.teacher(code, key)


# -- students ------------------------------------------------------------------------------------------------------
@router.post("", status_code=201, response_model=RoomCreated, summary="Create a room: its code and teacher key")
def create_room(body: RoomCreate, svc: RoomService = Depends(rooms)) -> RoomCreated:
    return svc.create(body)


@router.post("/join", response_model=RoomView, responses={404: {"model": ErrorMessage}, 409: {"model": ErrorMessage}},
             summary="Join a room with its code and a display name; this session's new runs are the room's")
def join_room(body: RoomJoin, owner: str = Depends(current_owner), svc: RoomService = Depends(rooms)) -> RoomView:
    return svc.join(owner, body)


@router.get("/mine", response_model=RoomView | None,
            summary="The room this session joined (null when none): what the teacher shares, and the ranking")
def my_room(owner: str = Depends(current_owner), svc: RoomService = Depends(rooms)) -> RoomView | None:
    # null rather than 404: every page asks on load, and being in no room is the usual answer, not an error
    try:
        room, member = svc.mine(owner)
    except NotFound:
        return None
    return svc.view(room, member.display_name)


@router.delete("/mine", status_code=204, summary="Leave the room (runs already made stay the room's)")
def leave_room(owner: str = Depends(current_owner), svc: RoomService = Depends(rooms)) -> Response:
    svc.leave(owner)
    return Response(status_code=204)


# -- the teacher ---------------------------------------------------------------------------------------------------
@router.get("/{code}", response_model=RoomState, responses=ERRORS,
            summary="The teacher's view: members, their runs (status, last metrics, recent losses), the ranking")
def room_state(room: RoomRow = Depends(teacher_room), svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.state(room)


@router.put("/{code}/preset", response_model=RoomState, responses=ERRORS,
            summary="Share a graph, data set, settings and lesson step with every student (sent live)")
def push_preset(body: Preset, room: RoomRow = Depends(teacher_room), svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.push_preset(room, body)


@router.put("/{code}/controls", response_model=RoomState, responses=ERRORS,
            summary="Hide or lock parts of the students' workspace (sent live)")
def set_controls(body: Controls, room: RoomRow = Depends(teacher_room), svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.set_controls(room, body)


@router.put("/{code}/settings", response_model=RoomState, responses=ERRORS, summary="The room's quota")
def set_settings(body: RoomSettings, room: RoomRow = Depends(teacher_room),
                 svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.set_quota(room, body.quota)


@router.put("/{code}/challenge", response_model=RoomState, responses=ERRORS,
            summary="Run a challenge: best test accuracy on a data set with at most N parameters")
def set_challenge(body: Challenge, room: RoomRow = Depends(teacher_room),
                  svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.set_challenge(room, body)


@router.delete("/{code}/challenge", response_model=RoomState, responses=ERRORS, summary="End the challenge")
def end_challenge(room: RoomRow = Depends(teacher_room), svc: RoomService = Depends(rooms)) -> RoomState:
    return svc.set_challenge(room, None)


@router.post("/{code}/{action}", response_model=Affected, responses=ERRORS,
             summary="Pause, resume or stop every run of the room")
def act_all(action: Literal["pause", "resume", "stop"], room: RoomRow = Depends(teacher_room),
            svc: RoomService = Depends(rooms)) -> Affected:
    done, skipped = svc.act_all(room, action)
    return Affected(action=action, experiments=done, skipped=skipped)


@router.get("/{code}/experiments/{experiment_id}", response_model=Experiment, responses=ERRORS,
            summary="One run of the room, read-only (with its graph)")
def room_experiment(experiment_id: str = Path(max_length=64), room: RoomRow = Depends(teacher_room),
                    svc: RoomService = Depends(rooms)) -> dict[str, Any]:
    return svc.experiments.describe(svc.run(room, experiment_id))


@router.get("/{code}/experiments/{experiment_id}/metrics", response_model=MetricsPage, responses=ERRORS,
            summary="One run's metric rows, read-only")
def room_metrics(experiment_id: str = Path(max_length=64), after_step: int = Query(0, ge=0, le=2**53),
                 room: RoomRow = Depends(teacher_room), svc: RoomService = Depends(rooms)) -> dict[str, Any]:
    svc.run(room, experiment_id)
    return {"rows": svc.experiments.store.metrics(experiment_id, after_step)}


# -- the student's stream ------------------------------------------------------------------------------------------
@ws_router.websocket("/ws/rooms/mine")
async def room_stream(ws: WebSocket, token: str | None = None) -> None:
    svc: RoomService = ws.app.state.rooms
    hub: Hub = ws.app.state.hub
    owner = first_token(ws.headers.get(HEADER), token, ws.cookies.get(COOKIE)) or ""
    await ws.accept()
    try:
        room, member = await run_in_threadpool(svc.mine, owner)
    except NotFound as err:
        await ws.close(code=CLOSE_NOT_FOUND, reason=str(err))
        return
    subscription = hub.subscribe(channel(room.id), since=hub.last_seq(channel(room.id)))
    try:
        view = await run_in_threadpool(svc.view, room, member.display_name)
        first = RoomMessage(seq=hub.last_seq(channel(room.id)), room=view)
        await ws.send_text(to_json(first.model_dump(mode="json")))
        reader = asyncio.create_task(ws.receive())  # the client sends nothing; this notices it leaving
        reader.add_done_callback(lambda _task: subscription.close())
        async for message in subscription:
            if message.text is not None:
                await ws.send_text(message.text)
        reader.cancel()
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        subscription.close()


def teacher_readable(svc: RoomService, experiment_id: str, subprotocols: list[str]) -> tuple[ExperimentRow, str]:
    """A run the socket may read because it offers the key of the run's room as a subprotocol, and that
    subprotocol (echoed on accepting, as browsers require); NotFound otherwise."""
    for offered in subprotocols:
        if not offered.startswith(KEY_SUBPROTOCOL):
            continue
        row = svc.experiments.store.get(experiment_id)
        room = svc.rooms.get(row.room_id) if row is not None and row.room_id else None
        if row is not None and room is not None:
            with contextlib.suppress(KeyRefused, KeyMissing):
                svc.teacher(room.code, offered.removeprefix(KEY_SUBPROTOCOL))
                return row, offered
    raise NotFound(f"experiment '{experiment_id}' not found")


def install(app: FastAPI, responses: dict[int | str, dict[str, Any]]) -> None:
    """The room service, routes and the statuses of its errors."""
    app.include_router(router, responses=responses)
    app.include_router(ws_router)

    for error, status in ((KeyMissing, 401), (KeyRefused, 403), (QuotaExceeded, 429), (Locked, 403)):
        app.add_exception_handler(error, _answer_with(status))


def _answer_with(status: int) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def answer(request: Request, err: Exception) -> JSONResponse:
        if not isinstance(err, Locked):
            return JSONResponse(status_code=status, content={"detail": str(err)})
        lang = negotiate(request.headers.get("accept-language"))  # a lock's message is a template
        return JSONResponse(status_code=status, content={"detail": err.said.render(lang)},
                            headers={"Content-Language": lang, "Vary": "Accept-Language"})

    return answer


def start(app: FastAPI, experiments: ExperimentService) -> None:
    app.state.rooms = RoomService(experiments)
