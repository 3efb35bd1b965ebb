"""Experiments: create, list, inspect, control and delete; their metrics."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from ..experiments import ACTIONS, ExperimentService
from ..spec import ExperimentCreate
from .schemas import ErrorList, ErrorMessage, Experiment, MetricsPage
from .session import current_owner

router = APIRouter(prefix="/api/experiments", tags=["experiments"])
Action = Literal[ACTIONS]  # type: ignore[valid-type]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}


def service(request: Request) -> ExperimentService:
    svc: ExperimentService = request.app.state.service
    return svc


@router.post("", status_code=201, response_model=Experiment, responses={422: {"model": ErrorList}},
             summary="Create an experiment (validated; not started)")
def create_experiment(body: ExperimentCreate, owner: str = Depends(current_owner),
                      svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.create(owner, body))


@router.get("", response_model=list[Experiment], summary="This session's experiments, newest first")
def list_experiments(owner: str = Depends(current_owner),
                     svc: ExperimentService = Depends(service)) -> list[dict[str, Any]]:
    return [svc.describe(row, with_graph=False) for row in svc.store.list(owner)]


@router.get("/{experiment_id}", response_model=Experiment, responses=NOT_FOUND)
def get_experiment(experiment_id: str, owner: str = Depends(current_owner),
                   svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.get(owner, experiment_id))


@router.delete("/{experiment_id}", status_code=204, responses=NOT_FOUND,
               summary="Delete an experiment (stopping it first if it is active)")
def delete_experiment(experiment_id: str, owner: str = Depends(current_owner),
                      svc: ExperimentService = Depends(service)) -> Response:
    svc.delete(owner, experiment_id)
    return Response(status_code=204)


@router.post("/{experiment_id}/{action}", response_model=Experiment,
             responses={**NOT_FOUND, 409: {"model": ErrorMessage}},
             summary="Control a run: start, pause, resume, step (one batch) or stop")
def control_experiment(experiment_id: str, action: Action, owner: str = Depends(current_owner),
                       svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    return svc.describe(svc.act(owner, experiment_id, action))


@router.get("/{experiment_id}/metrics", response_model=MetricsPage, responses=NOT_FOUND,
            summary="Metric rows (one per step) after a given step")
def get_metrics(experiment_id: str, after_step: int = Query(0, ge=0), limit: int = Query(100_000, ge=1, le=100_000),
                owner: str = Depends(current_owner), svc: ExperimentService = Depends(service)) -> dict[str, Any]:
    svc.get(owner, experiment_id)
    return {"rows": svc.store.metrics(experiment_id, after_step, limit)}
