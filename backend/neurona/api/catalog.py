"""What can be built: layer types, datasets, and validation of a graph against a dataset."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends

from ..data import DatasetSpec, dataset_catalog, get_dataset_type, preview, shape_of
from ..layers import layer_catalog
from ..layers.registry import LayerCategory
from ..probes import probes_for_layer
from ..spec import ValidateRequest, ValidationReport, analyze
from ..tasks import task_catalog
from ..train.optimizers import optimizer_catalog
from ..train.schedules import schedule_catalog
from .schemas import CatalogEntry, DatasetInfo, DatasetPreview, ErrorList, LayerInfo, TaskInfo
from .session import current_owner

router = APIRouter(prefix="/api", tags=["catalog"])


@router.get("/layers", response_model=list[LayerInfo], summary="Layer types with their parameter schemas")
def list_layers() -> list[dict[str, Any]]:
    # Which probes a node can be watched with comes from the probe table, the one place that says so.
    return [{**entry, "probes": probes_for_layer(entry["type"], entry["category"])} for entry in layer_catalog()]


@router.get("/layers/categories", response_model=list[LayerCategory],
            summary="The layer categories in palette order (each layer's `category` is one of them)")
def list_layer_categories() -> list[LayerCategory]:
    return list(LayerCategory)


@router.get("/datasets", response_model=list[DatasetInfo], summary="Datasets with their options schemas")
def list_datasets(owner: str = Depends(current_owner)) -> list[dict[str, Any]]:
    return dataset_catalog(owner)  # the built-in datasets, then this session's uploads


@router.get("/optimizers", response_model=list[CatalogEntry],
            summary="Optimizers with the JSON Schema of their parameters (training.optimizer_params)")
def list_optimizers() -> list[dict[str, Any]]:
    return optimizer_catalog()


@router.get("/schedules", response_model=list[CatalogEntry],
            summary="Learning-rate schedules with the JSON Schema of their parameters (training.schedule_params)")
def list_schedules() -> list[dict[str, Any]]:
    return schedule_catalog()


@router.post("/datasets/{name}/preview", response_model=DatasetPreview, responses={422: {"model": ErrorList}},
             summary="The raw 2-D points of a dataset, for plotting")
def preview_dataset(name: str, options: dict[str, Any] = Body(default_factory=dict),
                    owner: str = Depends(current_owner)) -> dict[str, Any]:
    get_dataset_type(name, owner)  # another session's upload is unknown here
    return preview(DatasetSpec(name=name, options=options))


@router.post("/specs/validate", response_model=ValidationReport, responses={422: {"model": ErrorList}},
             summary="Shapes, parameter counts and every problem of a graph, without allocating weights")
def validate_spec(body: ValidateRequest, owner: str = Depends(current_owner)) -> ValidationReport:
    if body.dataset is None:  # design without data: the Input declares the shape
        return analyze(body.graph, None)[0]
    data = shape_of(body.dataset, owner)  # the shapes come from the options: no example is generated
    report, _plan = analyze(body.graph, data.input_shape, data.task, data.vocab_size)
    return report


@router.get("/tasks", response_model=list[TaskInfo],
            summary="Tasks with the losses they allow (training.loss; the first is the default) and their metrics")
def list_tasks() -> list[dict[str, Any]]:
    return task_catalog()
