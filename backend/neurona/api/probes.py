"""The probe table and one-off probe snapshots for scripts (see docs/protocol.md)."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ..errors import NotFound, SpecError, field_issue, field_path
from ..experiments import ExperimentService
from ..i18n import Language, localize, request_language
from ..i18n.messages import say
from ..probes import PROBES, WatchMessage, WatchProblem, probe_catalog
from ..probes.service import ProbeService
from ..stream.frames import decode_values, encode_frame, to_json
from .schemas import ErrorList, ErrorMessage, ProbeInfo, WatchInfo
from .session import current_owner

router = APIRouter(prefix="/api", tags=["probes"])


@router.get("/probes", response_model=list[ProbeInfo], summary="Probes with what they apply to and their options")
def list_probes(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    return [localize(entry, "probes", entry["name"], lang, "options_schema") for entry in probe_catalog()]


@router.get("/experiments/{experiment_id}/probes/{probe}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}, "application/json": {}}},
                       404: {"model": ErrorMessage}, 422: {"model": ErrorList}},
            summary="One probe frame at the run's current weights (binary frame, or JSON with format=json)")
async def probe_snapshot(request: Request, experiment_id: str, probe: str, node: str | None = None,
                         sample: list[int] = Query([0], description="Pinned test indices (repeat the parameter)."),
                         options: str = Query("{}", description="The probe's options as a JSON object."),
                         format: Literal["binary", "json"] = "binary",
                         owner: str = Depends(current_owner)) -> Response:
    svc: ExperimentService = request.app.state.service
    probes: ProbeService = request.app.state.probes
    row = await run_in_threadpool(svc.get, owner, experiment_id)
    if probe not in PROBES:
        raise NotFound(say("no_probe", probe=probe))
    message = _message(probe, node, sample, options)
    try:
        header, data = await probes.snapshot(row, message)
    except WatchProblem as problem:
        raise SpecError.one(problem.said, node=node, field=problem.field) from None
    if format == "json":
        body = {"header": header, "data": decode_values(header, data).tolist()}
        return Response(to_json(body), media_type="application/json")
    return Response(encode_frame(header, data), media_type="application/octet-stream")


@router.get("/experiments/{experiment_id}/watches", response_model=list[WatchInfo],
            responses={404: {"model": ErrorMessage}}, summary="What the run's clients watch (the union its worker "
                                                             "computes)")
async def list_watches(request: Request, experiment_id: str,
                       owner: str = Depends(current_owner)) -> list[dict[str, Any]]:
    svc: ExperimentService = request.app.state.service
    probes: ProbeService = request.app.state.probes
    await run_in_threadpool(svc.get, owner, experiment_id)
    return [w.public() for w in probes.board.union(experiment_id)]


def _message(probe: str, node: str | None, sample: list[int], options: str) -> WatchMessage:
    try:
        parsed = json.loads(options)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise SpecError.one(say("options_not_object"), field="options")
    try:
        return WatchMessage(type="watch", probe=probe, node=node, samples=sample, options=parsed)
    except ValidationError as err:
        raise SpecError([field_issue(field_path(e["loc"]), e, node) for e in err.errors()]) from None
