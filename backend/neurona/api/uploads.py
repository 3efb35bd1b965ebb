"""Uploaded datasets: send a CSV, a zip of image folders or a text file; list, inspect and delete them.

An upload belongs to the session that sent it (another session gets 404) and becomes the dataset
`upload:{id}` of that session's `GET /api/datasets`, usable by experiments like any other.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..config import Settings
from ..data.registry import DataKind
from ..data.uploads import (
    UploadIssue,
    UploadLibrary,
    UploadLimits,
    UploadProblem,
    UploadService,
    kind_catalog,
    use_data_dir,
)
from ..data.uploads.library import Manifest
from ..errors import NotFound
from ..i18n import negotiate
from ..i18n.messages import say
from ..rooms.models import Control
from ..tasks import TaskName
from .receive import FORM_OVERHEAD, declared_length, receive_form, too_large
from .schemas import ErrorMessage
from .session import current_owner

MB = 1024 * 1024
PREVIEW_IMAGES_PER_CLASS = 4
PATH = "/api/uploads"
router = APIRouter(prefix=PATH, tags=["uploads"])


class UploadErrorList(BaseModel):
    detail: list[UploadIssue]


class UploadInfo(BaseModel):
    id: str
    dataset: str = Field(description="The dataset name experiments use: upload:{id}.")
    file_name: str
    kind: Literal["csv", "images", "text"]
    data_kind: DataKind
    task: TaskName
    num_classes: int
    input_shape: list[int]
    class_names: list[str]
    size: int = Field(description="Examples.")
    bytes: int = Field(description="Size of the file as uploaded.")
    options: dict[str, Any]
    created_at: str


class UploadImageSample(BaseModel):
    label: int
    pixels: list[Any] = Field(description="[C][H][W] bytes 0..255.")


class UploadPreview(BaseModel):
    columns: list[str] | None = None  # csv: the header
    features: list[str] | None = None
    target: str | None = None
    rows: list[list[str]] | None = None  # csv: the first rows as written
    counts: dict[str, int] | None = None  # images: examples per class
    samples: list[UploadImageSample] | None = None  # images: a few per class
    snippet: str | None = None  # text: its beginning
    characters: int | None = None
    vocabulary: list[str] | None = None


class UploadDetail(UploadInfo):
    preview: UploadPreview


class UploadKindInfo(BaseModel):
    name: str
    title: str
    description: str
    suffixes: list[str]
    options_schema: dict[str, Any]


class UploadLimitsInfo(BaseModel):
    max_upload_mb: float
    max_rows: int
    max_columns: int
    max_images: int
    max_image_pixels: int
    max_text_mb: float
    max_uploads: int


class UploadList(BaseModel):
    uploads: list[UploadInfo]
    kinds: list[UploadKindInfo]
    limits: UploadLimitsInfo


ERRORS: dict[int | str, dict[str, Any]] = {403: {"model": ErrorMessage}, 409: {"model": UploadErrorList},
                                           413: {"model": UploadErrorList}, 422: {"model": UploadErrorList}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}
FORM = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["kind", "file"], "properties": {
        "kind": {"type": "string", "enum": ["csv", "images", "text"]},
        "options": {"type": "string", "description": "A JSON object of the kind's options (GET /api/uploads "
                    "lists their schemas), e.g. {\"target\": \"species\", \"task\": \"classification\"}."},
        "file": {"type": "string", "format": "binary"}}}}}}}


def service(request: Request) -> UploadService:
    svc: UploadService = request.app.state.uploads
    return svc


def install(app: FastAPI, settings: Settings, responses: dict[int | str, dict[str, Any]]) -> None:
    """Serve the uploads under the data folder as datasets, and their routes; imports a crash cut short go."""
    library = use_data_dir(settings.data_dir)
    library.clean_incoming()
    app.state.uploads = UploadService(library, limits_of(settings))
    app.include_router(router, responses=responses)  # the routes' own answers (413, 422 with files) win

    @app.exception_handler(UploadProblem)
    async def upload_problem(request: Request, err: UploadProblem) -> JSONResponse:
        lang = negotiate(request.headers.get("accept-language"))
        return JSONResponse(status_code=err.status, content={"detail": [err.issue_in(lang).model_dump()]},
                            headers={"Content-Language": lang, "Vary": "Accept-Language"})


def limits_of(s: Settings) -> UploadLimits:
    return UploadLimits(max_bytes=int(s.max_upload_mb * MB), max_rows=s.max_upload_rows,
                        max_columns=s.max_upload_columns, max_images=s.max_upload_images,
                        max_pixels=s.max_image_pixels, max_unzipped_bytes=int(s.max_unzipped_mb * MB),
                        max_text_bytes=int(s.max_text_mb * MB), max_uploads=s.max_uploads)


@router.post("", status_code=201, response_model=UploadInfo, responses=ERRORS, openapi_extra=FORM,
             summary="Upload a CSV, a zip of image folders or a text file (multipart: kind, options, file)")
async def create_upload(request: Request, owner: str = Depends(current_owner),
                        svc: UploadService = Depends(service)) -> dict[str, Any]:
    limit = svc.limits.max_bytes
    declared = declared_length(request)
    if declared is not None and declared > limit + FORM_OVERHEAD:
        raise too_large(limit, declared)
    svc.check_room(owner)
    request.app.state.rooms.check_action(owner, Control.UPLOADS)
    upload_id, folder = svc.library.staging()
    try:
        received = await receive_form(request, folder, limit)
        kind = svc.kind(received.fields.get("kind"))
        options = svc.options(kind, received.fields.get("options"))
        if received.path is None or received.file_name is None:
            raise UploadProblem(say("no_file_sent"), field="file")
        manifest = await run_in_threadpool(svc.import_file, owner, kind, options, received.path,
                                           received.file_name, folder, upload_id)
    except BaseException:
        svc.library.discard(folder)
        raise
    return _info(manifest)


@router.get("", response_model=UploadList, summary="This session's uploads, the kinds of file and the limits")
def list_uploads(owner: str = Depends(current_owner), svc: UploadService = Depends(service)) -> dict[str, Any]:
    lim = svc.limits
    limits = {"max_upload_mb": lim.max_bytes / MB, "max_rows": lim.max_rows, "max_columns": lim.max_columns,
              "max_images": lim.max_images, "max_image_pixels": lim.max_pixels,
              "max_text_mb": lim.max_text_bytes / MB, "max_uploads": lim.max_uploads}
    return {"uploads": [_info(m) for m in svc.library.manifests(owner)], "kinds": kind_catalog(), "limits": limits}


@router.get("/{upload_id}", response_model=UploadDetail, responses=NOT_FOUND,
            summary="One upload with a preview: a table's first rows, a few images per class, a text's beginning")
def get_upload(upload_id: str, owner: str = Depends(current_owner),
               svc: UploadService = Depends(service)) -> dict[str, Any]:
    manifest = _owned(svc.library, owner, upload_id)
    preview = dict(manifest.preview)
    if manifest.data_kind == "images":
        preview["samples"] = _image_samples(svc.library, manifest)
    if manifest.vocabulary:
        preview["vocabulary"] = manifest.vocabulary
    return {**_info(manifest), "preview": preview}


@router.delete("/{upload_id}", status_code=204, responses=NOT_FOUND,
               summary="Delete an upload (experiments using it can no longer start)")
def delete_upload(upload_id: str, owner: str = Depends(current_owner),
                  svc: UploadService = Depends(service)) -> Response:
    _owned(svc.library, owner, upload_id)
    svc.library.delete(upload_id)
    return Response(status_code=204)


def _owned(library: UploadLibrary, owner: str, upload_id: str) -> Manifest:
    manifest = library.manifest(upload_id)
    if manifest is None or manifest.owner != owner:
        raise NotFound(say("no_upload", id=upload_id))
    return manifest


def _info(m: Manifest) -> dict[str, Any]:
    return {**m.model_dump(include=set(UploadInfo.model_fields) - {"dataset"}), "dataset": m.dataset_name}


def _image_samples(library: UploadLibrary, manifest: Manifest) -> list[dict[str, Any]]:
    x, y = library.arrays(manifest.id)
    chosen = [i for c in range(manifest.num_classes) for i in np.flatnonzero(y == c)[:PREVIEW_IMAGES_PER_CLASS]]
    return [{"label": int(y[i]), "pixels": x[i].tolist()} for i in chosen]
