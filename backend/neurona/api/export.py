"""Export: an experiment (or an unsaved graph) as PyTorch code, a training bundle, ONNX, weights or its spec."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from ..errors import SpecError
from ..experiments import ExperimentService
from ..export import FORMATS, Artifact, FormatName, OnnxUnavailable, export_experiment, export_spec
from ..rooms.models import Control
from ..spec import ExperimentCreate
from .schemas import ErrorList, ErrorMessage
from .session import current_owner

router = APIRouter(prefix="/api", tags=["export"])
WEIGHTS_HEADER = "X-Neurona-Weights"
FORMAT_HELP = "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
FILES: dict[str, Any] = {
    f.media_type: {"schema": {"type": "string", "format": "binary"}} for f in FORMATS.values()}
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {200: {
    "content": FILES, "description": f"The file, as an attachment (Content-Disposition names it). The "
    f"{WEIGHTS_HEADER} header says which weights it holds: trained, initial or none."}}
ONNX_MISSING = ("ONNX export is not installed on this server; install Neurona with the export extra "
                "(pip install 'neurona[export]')")


def service(request: Request) -> ExperimentService:
    svc: ExperimentService = request.app.state.service
    return svc


def _file(make: Any) -> Response:
    """Run an export and answer the file, or the 409/422/501 that says why there is none."""
    try:
        artifact: Artifact = make()
    except OnnxUnavailable as err:
        node = str(err).split(":", 1)[0] if ":" in str(err) else None
        raise SpecError.one(str(err), node=node, field="format") from None
    except ModuleNotFoundError as err:
        if err.name and err.name.split(".")[0] in ("onnx", "onnxruntime", "onnxscript"):
            return JSONResponse(status_code=501, content={"detail": ONNX_MISSING})
        raise
    headers = {"Content-Disposition": f'attachment; filename="{artifact.filename}"',
               WEIGHTS_HEADER: artifact.weights}
    return Response(artifact.content, media_type=artifact.media_type, headers=headers)


@router.get("/experiments/{experiment_id}/export", response_class=Response,
            responses={**FILE_RESPONSE, 403: {"model": ErrorMessage}, 404: {"model": ErrorMessage},
                       409: {"model": ErrorMessage},
                       422: {"model": ErrorList}, 501: {"model": ErrorMessage}},
            summary="Download an experiment as PyTorch code, a training bundle, ONNX, safetensors weights or its spec")
def export_run(request: Request, experiment_id: str,
               format: FormatName = Query("torch", description=FORMAT_HELP),
               owner: str = Depends(current_owner), svc: ExperimentService = Depends(service)) -> Response:
    row = svc.get(owner, experiment_id)
    request.app.state.rooms.check_action(owner, Control.EXPORT)
    spec = ExperimentCreate.model_validate(row.spec)
    return _file(lambda: export_experiment(spec, svc.settings.data_dir, row.id, format))


@router.post("/specs/export", response_class=Response,
             responses={**FILE_RESPONSE, 403: {"model": ErrorMessage}, 409: {"model": ErrorMessage},
                        422: {"model": ErrorList}, 501: {"model": ErrorMessage}},
             summary="Export a graph that is not saved as an experiment (no trained weights: onnx holds the "
                     "seeded initial weights, safetensors answers 409)")
def export_unsaved(request: Request, body: ExperimentCreate,
                   format: FormatName = Query("torch", description=FORMAT_HELP),
                   owner: str = Depends(current_owner)) -> Response:
    request.app.state.rooms.check_action(owner, Control.EXPORT)
    return _file(lambda: export_spec(body, format))
