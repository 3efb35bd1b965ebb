"""Experiments: create, list, inspect, control and delete; their metrics."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..errors import SpecError
from ..experiments import ACTIONS, ExperimentService
from ..i18n.messages import say
from ..spec import ExperimentCreate
from ..spec.models import RaceCreate, SettingsChange
from .schemas import Comparison, ErrorList, ErrorMessage, Experiment, MetricsPage, RaceResult
from .session import current_owner

router = APIRouter(prefix="/api/experiments", tags=["experiments"])
Action = Literal[ACTIONS]  # type: ignore[valid-type]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorMessage}}
INVALID: dict[int | str, dict[str, Any]] = {422: {"model": ErrorList}}
# a room's lock refused it (the teacher locked the network, data set or training settings)
LOCKED: dict[int | str, dict[str, Any]] = {403: {"model": ErrorMessage}}
ExperimentId = Path(max_length=64, description="An experiment id, as POST /api/experiments returns it.")
STEP_LIMIT = 2**53  # steps are far below this; a larger after_step is refused rather than overflowing the store
PAGE_LIMIT = 1000


def service(request: Request) -> ExperimentService:
    svc: ExperimentService = request.app.state.service
    return svc


@router.post("", status_code=201, response_model=Experiment, responses={**LOCKED, **INVALID},
             summary="Create an experiment (validated; not started)")
def create_experiment(body: ExperimentCreate, owner: str = Depends(current_owner),
                      svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.create(owner, body))


@router.get("", response_model=list[Experiment], responses=INVALID,
            summary="This session's experiments, newest first, a page at a time (without their graphs)",
            description="`limit` and `offset` choose the page; the X-Total-Count header says how many there are.")
def list_experiments(response: Response, limit: int = Query(PAGE_LIMIT, ge=1, le=PAGE_LIMIT),
                     offset: int = Query(0, ge=0, le=STEP_LIMIT), owner: str = Depends(current_owner),
                     svc: ExperimentService = Depends(service)) -> list[dict[str, Any]]:
    response.headers["X-Total-Count"] = str(svc.store.count(owner))
    return [svc.describe(row, with_graph=False) for row in svc.store.list(owner, limit, offset)]


@router.get("/compare", response_model=Comparison, responses={**NOT_FOUND, **INVALID},
            summary="Several experiments side by side: settings, the settings that differ, and metric rows")
def compare_experiments(ids: str = Query(..., max_length=2000, description="Comma-separated experiment ids (1 to "
                                                                          "20)."),
                        max_points: int = Query(500, ge=2, le=100_000, description="Most rows per experiment."),
                        owner: str = Depends(current_owner),
                        svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    chosen = list(dict.fromkeys(i.strip() for i in ids.split(",") if i.strip()))
    if not 1 <= len(chosen) <= 20:
        raise SpecError.one(say("compare_ids"), field="ids")
    return svc.compare(owner, chosen, max_points)


@router.post("/race", status_code=201, response_model=RaceResult, responses={**LOCKED, **CONFLICT, **INVALID},
             summary="Create (and optionally start) one experiment per optimizer or settings variant")
def race(body: RaceCreate, owner: str = Depends(current_owner),
         svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.race(owner, body)


@router.get("/{experiment_id}", response_model=Experiment, responses={**NOT_FOUND, **INVALID})
def get_experiment(experiment_id: str = ExperimentId, owner: str = Depends(current_owner),
                   svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.get(owner, experiment_id))


@router.delete("/{experiment_id}", status_code=204, responses={**NOT_FOUND, **INVALID},
               summary="Delete an experiment, its metric rows and checkpoints (stopping it first if it is active)")
def delete_experiment(experiment_id: str = ExperimentId, owner: str = Depends(current_owner),
                      svc: ExperimentService = Depends(service)) -> Response:
    svc.delete(owner, experiment_id)
    return Response(status_code=204)


@router.patch("/{experiment_id}/settings", response_model=Experiment,
              responses={**LOCKED, **NOT_FOUND, **CONFLICT, **INVALID},
              summary=f"Change live settings ({', '.join(SettingsChange.model_fields)})")
def change_settings(body: SettingsChange, experiment_id: str = ExperimentId, owner: str = Depends(current_owner),
                    svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.change_settings(owner, experiment_id, body))


@router.post("/{experiment_id}/{action}", response_model=Experiment,
             responses={**NOT_FOUND, **CONFLICT, **INVALID, 429: {"model": ErrorMessage}},
             summary="Control a run: start, pause, resume, step (one batch) or stop")
def control_experiment(action: Action, experiment_id: str = ExperimentId, owner: str = Depends(current_owner),
                       svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.act(owner, experiment_id, action))


@router.get("/{experiment_id}/metrics", response_model=MetricsPage, responses={**NOT_FOUND, **INVALID},
            summary="Metric rows (one per step) after a given step")
def get_metrics(experiment_id: str = ExperimentId, after_step: int = Query(0, ge=0, le=STEP_LIMIT),
                limit: int = Query(100_000, ge=1, le=100_000), owner: str = Depends(current_owner),
                svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    svc.get(owner, experiment_id)
    return {"rows": svc.store.metrics(experiment_id, after_step, limit)}
