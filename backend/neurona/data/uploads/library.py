"""Uploaded datasets on disk, and the dataset source that declares them to the registry.

Layout under `data_dir/uploads/`: one folder per upload, `{id}/manifest.json` (owner, shape, task, classes,
preview) and `{id}/data.npz` (`x` examples and `y` labels, in the compact dtypes the importer chose). An upload
is imported in `.incoming/{id}/` and renamed into place when complete, so a failed or interrupted import leaves
nothing half-made (the next start removes what `.incoming` still holds). The manifest answers shape and task
questions without opening the arrays; worker processes read both from the same folder.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from ...tasks import TaskName
from ..options import DatasetOptions
from ..registry import DataKind, DatasetType, add_source

PREFIX = "upload:"
ID = re.compile(r"^[0-9a-f]{12}$")  # names are checked before they become paths: no `upload:../..`
INCOMING = ".incoming"
UploadKindName = Literal["csv", "images", "text"]


class Manifest(BaseModel):
    """What an upload holds; written once, at the end of a successful import."""

    id: str
    owner: str
    file_name: str
    kind: UploadKindName
    data_kind: DataKind
    task: TaskName
    num_classes: int
    input_shape: list[int]
    class_names: list[str] = Field(default_factory=list)
    size: int  # examples
    bytes: int  # of the file as uploaded
    options: dict[str, Any] = Field(default_factory=dict)  # the import options (target column, image size, ...)
    preview: dict[str, Any] = Field(default_factory=dict)  # kind-specific: columns and first rows, a text snippet
    vocabulary: list[str] = Field(default_factory=list)  # text: the characters, in token id order
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def dataset_name(self) -> str:
        return PREFIX + self.id


class UploadedOptions(DatasetOptions):
    """How an experiment uses an uploaded dataset: the examples are the file's; only the split is chosen."""

    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the examples held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the split; same seed, same split.")


class UploadLibrary:
    """The uploads under one folder; also the registry's source of `upload:{id}` declarations."""

    prefix = PREFIX

    def __init__(self, root: Path):
        self.root = root
        self._declared: dict[str, DatasetType] = {}  # manifests never change, so their declarations are kept

    # -- reading ---------------------------------------------------------------------------------------------
    def manifest(self, upload_id: str) -> Manifest | None:
        path = self.root / upload_id / "manifest.json"
        if not ID.match(upload_id) or not path.is_file():
            return None
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))

    def manifests(self, owner: str) -> list[Manifest]:
        """This session's uploads, newest first."""
        found = [self.manifest(entry.name) for entry in _folders(self.root) if ID.match(entry.name)]
        mine = [m for m in found if m is not None and m.owner == owner]
        return sorted(mine, key=lambda m: m.created_at, reverse=True)

    def arrays(self, upload_id: str) -> tuple[np.ndarray, np.ndarray]:
        with np.load(self.root / upload_id / "data.npz", allow_pickle=False) as data:
            return data["x"], data["y"]

    # -- the dataset source ----------------------------------------------------------------------------------
    def resolve(self, name: str) -> DatasetType | None:
        upload_id = name.removeprefix(PREFIX)
        if upload_id not in self._declared:
            manifest = self.manifest(upload_id)
            if manifest is None:
                return None
            self._declared[upload_id] = self.declaration(manifest)
        return self._declared[upload_id]

    def declarations(self, owner: str) -> list[DatasetType]:
        return [d for m in self.manifests(owner) if (d := self.resolve(m.dataset_name)) is not None]

    def declaration(self, manifest: Manifest) -> DatasetType:
        def generate(_opts: Any, _rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
            x, y = self.arrays(manifest.id)
            return _as_examples(x, manifest.data_kind), y
        return DatasetType(
            name=manifest.dataset_name, title=manifest.file_name, description=_describe(manifest),
            task=manifest.task, num_classes=manifest.num_classes, kind=manifest.data_kind,
            options_model=_options_model(manifest), generate=generate,
            input_shape=lambda _opts: list(manifest.input_shape), class_names=tuple(manifest.class_names),
            owner=manifest.owner, vocab_from=_vocab_size(manifest), describe=_preview_extra(manifest))

    # -- writing ---------------------------------------------------------------------------------------------
    @cached_property
    def incoming(self) -> Path:
        return self.root / INCOMING

    def staging(self) -> tuple[str, Path]:
        """A fresh id and the empty folder its import writes into."""
        upload_id = secrets.token_hex(6)
        folder = self.incoming / upload_id
        folder.mkdir(parents=True)
        return upload_id, folder

    def commit(self, folder: Path, manifest: Manifest, x: np.ndarray, y: np.ndarray) -> None:
        """Write the arrays and the manifest in the staging folder, then move it into place in one rename."""
        np.savez_compressed(folder / "data.npz", x=x, y=y)
        (folder / "manifest.json").write_text(manifest.model_dump_json(), encoding="utf-8")
        os.replace(folder, self.root / manifest.id)

    def discard(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def delete(self, upload_id: str) -> None:
        """Remove an upload: first out of sight (renamed into `.incoming`), then its files."""
        if not ID.match(upload_id):
            return
        self.incoming.mkdir(parents=True, exist_ok=True)
        doomed = self.incoming / f"deleted-{upload_id}"
        os.replace(self.root / upload_id, doomed)
        self._declared.pop(upload_id, None)
        shutil.rmtree(doomed, ignore_errors=True)

    def clean_incoming(self) -> None:
        """Imports a crash interrupted are not uploads: drop them (at start-up, before any import runs)."""
        shutil.rmtree(self.incoming, ignore_errors=True)


def use_data_dir(data_dir: Path | str) -> UploadLibrary:
    """Serve the uploads under `data_dir` as datasets in this process (the server's and each worker's)."""
    library = UploadLibrary(Path(data_dir) / "uploads")
    add_source(library)
    return library


def _folders(root: Path) -> list[os.DirEntry[str]]:
    try:
        return [entry for entry in os.scandir(root) if entry.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _as_examples(x: np.ndarray, kind: str) -> np.ndarray:
    """Stored compact (uint8 pixels, uint16 tokens); trained on as float32 in [0, 1] and int64 ids."""
    if kind == "images":
        return x.astype(np.float32) / 255.0
    return x.astype(np.int64) if kind == "tokens" else x.astype(np.float32)


def _describe(m: Manifest) -> str:
    shape = "×".join(map(str, m.input_shape))
    classes = f", {m.num_classes} classes ({', '.join(m.class_names[:6])})" if m.class_names else ""
    return f"Uploaded {m.kind} file {m.file_name}: {m.size} examples, input [{shape}], {m.task}{classes}."


def _vocab_size(manifest: Manifest) -> Callable[[Any], int] | None:
    """Text uploads: token ids run over the characters of the vocabulary."""
    size = len(manifest.vocabulary)
    return (lambda _opts: size) if size else None


def _preview_extra(manifest: Manifest) -> Callable[[Any], dict[str, Any]]:
    """What the dataset preview adds for an upload: a table's feature columns, a text's characters."""
    extra: dict[str, Any] = {}
    if "features" in manifest.preview:
        extra["columns"] = list(manifest.preview["features"])
    if manifest.vocabulary:
        extra |= {"vocabulary": list(manifest.vocabulary), "tokenizer": "char"}
    return lambda _opts: extra


def _options_model(manifest: Manifest) -> type[UploadedOptions]:
    """Text uploads answer `vocab_size` (token previews and embeddings ask it) from their vocabulary."""
    if not manifest.vocabulary:
        return UploadedOptions
    size = len(manifest.vocabulary)
    return type("UploadedTextOptions", (UploadedOptions,), {"vocab_size": property(lambda _self: size)})
