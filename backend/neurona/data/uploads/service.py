"""Importing a received file: check the session's count, import in a staging folder, commit or discard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import field_path, field_problem
from ...i18n.messages import say
from .base import UploadLimits
from .kinds import UPLOAD_KINDS, UploadKind
from .library import Manifest, UploadLibrary
from .problems import UploadProblem


class UploadService:
    def __init__(self, library: UploadLibrary, limits: UploadLimits):
        self.library, self.limits = library, limits

    def check_room(self, owner: str) -> None:
        count = len(self.library.manifests(owner))
        if count >= self.limits.max_uploads:
            raise UploadProblem(say("too_many_uploads", count=count), status=409)

    def kind(self, name: str | None) -> UploadKind:
        if name not in UPLOAD_KINDS:
            raise UploadProblem(say("upload_kind", kinds=", ".join(UPLOAD_KINDS), got=name), field="kind")
        return UPLOAD_KINDS[name]

    def options(self, kind: UploadKind, text: str | None) -> Any:
        """The kind's options from the form's `options` field (a JSON object), every problem named."""
        try:
            raw = json.loads(text) if text else {}
        except json.JSONDecodeError as err:
            raise UploadProblem(say("upload_options_json", error=err.msg), field="options") from None
        try:
            return kind.options_model.model_validate(raw)
        except ValidationError as err:
            first = err.errors()[0]
            name = field_path(first["loc"])
            raise UploadProblem(field_problem(f"options.{name}", first), field=f"options.{name}") from None

    def import_file(self, owner: str, kind: UploadKind, options: Any, source: Path, file_name: str,
                    folder: Path, upload_id: str) -> Manifest:
        """Import `source` (already in the staging `folder`) and move the result into place; on any failure the
        folder is removed, so nothing half-imported remains."""
        try:
            self.check_room(owner)
            imported = kind.importer(source, file_name, options, self.limits)
            size = source.stat().st_size
            source.unlink()  # the compact arrays replace it
            manifest = Manifest(
                id=upload_id, owner=owner, file_name=file_name, kind=kind.name, data_kind=imported.data_kind,
                task=imported.task, num_classes=imported.num_classes, input_shape=imported.input_shape,
                class_names=imported.class_names, size=len(imported.x), bytes=size,
                options=options.model_dump(), preview=imported.preview, vocabulary=imported.vocabulary)
            self.library.commit(folder, manifest, imported.x, imported.y)
            return manifest
        except BaseException:
            self.library.discard(folder)
            raise

