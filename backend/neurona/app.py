"""The FastAPI application: routers, error handlers, sessions, static frontend, and the runner's lifetime."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .api import catalog, experiments, probes, ws
from .api.export import router as export_router
from .api.limits import BodyLimit
from .api.links import router as links_router
from .api.messages import STREAM_MODELS
from .api.schemas import ErrorList, ErrorMessage, Health
from .api.session import COOKIE, HEADER, TOKEN_RULE, first_token, is_valid, new_token
from .api.templates import router as templates_router
from .api.uploads import PATH as UPLOADS_PATH
from .api.uploads import install as install_uploads
from .config import Settings
from .errors import Issue, Refusal, SpecError, field_path, field_problem
from .experiments import ExperimentService
from .explorer.router import router as explorer_router
from .i18n import negotiate
from .i18n.messages import Said, say
from .lessons.router import router as lessons_router
from .probes.service import ProbeService
from .rooms import router as rooms
from .rooms.models import RoomMessage
from .store.db import Store
from .stream import Hub
from .train.runners import make_runner
from .train.trainer import resolve_device

PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"
templates = Jinja2Templates(directory=PACKAGE / "templates")
# Answers any operation can give, so the OpenAPI document lists every status code: 413 for a body over the limit
# (checked before routing) and 422 for a malformed session header.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {413: {"model": ErrorMessage}, 422: {"model": ErrorList}}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        hub = Hub()
        store = Store(settings.db_url, settings.database_pool_size)
        store.mark_interrupted()
        runner = make_runner(settings)

        service = ExperimentService(settings, store, runner, hub, loop.call_soon_threadsafe)
        app.state.hub, app.state.service = hub, service
        app.state.probes = ProbeService(service, hub)
        rooms.start(app, service)
        runner.start(service.on_event)
        try:
            yield
        finally:
            runner.shutdown()
            store.mark_interrupted()
            store.close()

    # One schema per model for requests and responses alike, so the browser has one type per model.
    app = FastAPI(title="Neurona", version=__version__, lifespan=lifespan, separate_input_output_schemas=False,
                  description="Build neural networks from layers, train them live, and watch them learn. "
                              "The websocket stream is described in docs/protocol.md; its messages are the "
                              "StreamMessage and FrameHeader schemas.")
    app.state.settings = settings
    for router in (catalog.router, templates_router, experiments.router, probes.router, export_router,
                   explorer_router, lessons_router, links_router):
        app.include_router(router, responses=COMMON_RESPONSES)
    app.include_router(ws.router)
    install_uploads(app, settings, COMMON_RESPONSES)
    rooms.install(app, COMMON_RESPONSES)
    _add_error_handlers(app)
    _add_sessions(app)
    # outermost: before anything reads; uploads stream to disk under their own, larger limit
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_kb * 1024, streamed=(UPLOADS_PATH,))

    @app.get("/healthz", response_model=Health, tags=["server"], responses=COMMON_RESPONSES)
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "device": str(resolve_device("auto")),
                "workers": settings.max_workers}

    _add_frontend(app)
    _publish_stream_messages(app)
    return app


def _publish_stream_messages(app: FastAPI) -> None:
    """Add the websocket messages (api/messages.py) to the OpenAPI components: no route returns them, and the
    browser's stream types are generated from them like the REST types."""
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes, separate_input_output_schemas=False)
            models: list[type[BaseModel]] = [*STREAM_MODELS, RoomMessage]  # the room stream's message too
            _keys, defs = models_json_schema([(model, "serialization") for model in models],
                                             ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, definition in defs.get("$defs", {}).items():
                components.setdefault(name, definition)  # models the routes already publish stay as they are
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_error_handlers(app: FastAPI) -> None:
    def issues(status: int, items: list[Issue], request: Request | None = None) -> JSONResponse:
        """The issues in the request's language (each kept as its template where it was made)."""
        lang = negotiate(request.headers.get("accept-language")) if request else "en"
        return JSONResponse(status_code=status, content={"detail": [i.in_language(lang).model_dump() for i in items]},
                            headers={"Content-Language": lang, "Vary": "Accept-Language"})

    @app.exception_handler(SpecError)
    async def spec_error(request: Request, err: SpecError) -> JSONResponse:
        return issues(422, err.issues, request)

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, err: RequestValidationError) -> JSONResponse:
        items = []
        for e in err.errors():
            if e["type"] == "json_invalid":
                error = (e.get("ctx") or {}).get("error", "invalid JSON")
                items.append(Issue.said(say("body_not_json", error=error), field="body"))
                continue
            name = field_path(e["loc"])
            problem = field_problem(name or "request", e)
            where = {"node": _node_at(err.body, e["loc"]), "field": name or None}
            items.append(Issue.said(problem, **where) if isinstance(problem, Said) else Issue(**where, message=problem))
        return issues(422, items, request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        if err.status_code == 400:  # a body FastAPI could not decode (not UTF-8): the same answer as bad JSON
            return issues(422, [Issue.said(say("body_not_utf8"), field="body")], request)
        return await http_exception_handler(request, err)

    @app.exception_handler(Refusal)
    async def refused(request: Request, err: Refusal) -> JSONResponse:
        lang = negotiate(request.headers.get("accept-language"))
        return JSONResponse(status_code=err.status, content={"detail": err.in_language(lang)},
                            headers={**err.headers, "Content-Language": lang, "Vary": "Accept-Language"})


def _node_at(body: Any, loc: tuple[Any, ...] | list[Any]) -> str | None:
    """The id of the graph node a request error lies in (loc ... "nodes", i, ...), so the editor can mark it."""
    parts = [p for p in loc if p != "body"]
    for i, part in enumerate(parts[:-1]):
        if part == "nodes" and isinstance(parts[i + 1], int):
            node: Any = body
            for key in parts[:i + 2]:
                in_dict = isinstance(node, dict) and key in node
                in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
                node = node[key] if in_dict or in_list else None
            node_id = node.get("id") if isinstance(node, dict) else None
            return node_id if isinstance(node_id, str) and node_id else None
    return None


def _add_sessions(app: FastAPI) -> None:
    @app.middleware("http")
    async def session(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        header = request.headers.get(HEADER)
        if header is not None and not is_valid(header):
            return JSONResponse(status_code=422, content={"detail": [
                {"node": None, "field": "X-Neurona-Token", "message": f"X-Neurona-Token {TOKEN_RULE}"}]})
        cookie = request.cookies.get(COOKIE)
        token = first_token(header, cookie if cookie and is_valid(cookie) else None)
        request.state.owner = token or new_token()
        response = await call_next(request)
        if token is None:
            response.set_cookie(COOKIE, request.state.owner, max_age=365 * 24 * 3600, httponly=True,
                                samesite="lax")
        return response


def _add_frontend(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False, response_model=None)
    def index(request: Request) -> FileResponse | HTMLResponse:
        if (STATIC / "index.html").is_file():
            return FileResponse(STATIC / "index.html")
        return templates.TemplateResponse(request, "no_frontend.html", {"static": str(STATIC)},
                                          status_code=503)

    # Built assets (scripts, styles, icons); routes declared above take precedence.
    app.mount("/", StaticFiles(directory=STATIC, check_dir=False), name="static")
