"""What can be built: layer types, datasets, and validation of a graph against a dataset."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends

from ..data import DatasetSpec, dataset_catalog, get_dataset_type, preview, shape_of
from ..i18n import Language, localize, request_language
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
def list_layers(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    # Which probes a node can be watched with comes from the probe table, the one place that says so.
    return [localize({**entry, "probes": probes_for_layer(entry["type"], entry["category"])}, "layers", entry["type"],
                     lang, "params_schema") for entry in layer_catalog()]


@router.get("/layers/categories", response_model=list[LayerCategory],
            summary="The layer categories in palette order (each layer's `category` is one of them)")
def list_layer_categories() -> list[LayerCategory]:
    return list(LayerCategory)


@router.get("/datasets", response_model=list[DatasetInfo], summary="Datasets with their options schemas")
def list_datasets(owner: str = Depends(current_owner),
                  lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    # the built-in datasets, then this session's uploads (whose texts come from the file: not translated)
    return [localize(entry, "datasets", entry["name"], lang, "options_schema") for entry in dataset_catalog(owner)]


@router.get("/optimizers", response_model=list[CatalogEntry],
            summary="Optimizers with the JSON Schema of their parameters (training.optimizer_params)")
def list_optimizers(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    return [localize(entry, "optimizers", entry["name"], lang, "params_schema") for entry in optimizer_catalog()]


@router.get("/schedules", response_model=list[CatalogEntry],
            summary="Learning-rate schedules with the JSON Schema of their parameters (training.schedule_params)")
def list_schedules(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    return [localize(entry, "schedules", entry["name"], lang, "params_schema") for entry in schedule_catalog()]


@router.post("/datasets/{name}/preview", response_model=DatasetPreview, responses={422: {"model": ErrorList}},
             summary="The raw 2-D points of a dataset, for plotting")
def preview_dataset(name: str, options: dict[str, Any] = Body(default_factory=dict),
                    owner: str = Depends(current_owner)) -> dict[str, Any]:
    get_dataset_type(name, owner)  # another session's upload is unknown here
    return preview(DatasetSpec(name=name, options=options))


@router.post("/specs/validate", response_model=ValidationReport, responses={422: {"model": ErrorList}},
             summary="Shapes, parameter counts and every problem of a graph, without allocating weights")
def validate_spec(body: ValidateRequest, owner: str = Depends(current_owner),
                  lang: Language = Depends(request_language)) -> ValidationReport:
    if body.dataset is None:  # design without data: the Input declares the shape
        report = analyze(body.graph, None)[0]
    else:
        data = shape_of(body.dataset, owner)  # the shapes come from the options: no example is generated
        report, _plan = analyze(body.graph, data.input_shape, data.task, data.vocab_size)
    return report.in_language(lang)


@router.get("/tasks", response_model=list[TaskInfo],
            summary="Tasks with the losses they allow (training.loss; the first is the default) and their metrics")
def list_tasks(lang: Language = Depends(request_language)) -> list[dict[str, Any]]:
    return [localize_task(entry, lang) for entry in task_catalog()]


def localize_task(entry: dict[str, Any], lang: Language) -> dict[str, Any]:
    """A task's texts and those of its losses and metrics, each from its own kind's catalog."""
    return {**localize(entry, "tasks", entry["name"], lang),
            "losses": [localize(loss, "losses", loss["name"], lang) for loss in entry["losses"]],
            "metrics": [localize(metric, "metrics", metric["name"], lang) for metric in entry["metrics"]]}
