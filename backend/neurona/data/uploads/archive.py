"""Zip uploads of images: one folder per class (`cats/1.png`, `dogs/a.jpg`), optionally inside one top folder.

Every entry is checked before a byte of it is unpacked: no absolute paths, `..`, backslashes, links or deeper
folders; the declared sizes must stay under the server's limits and a plausible compression ratio. Members are
then unpacked one at a time into memory with a cap on the bytes actually produced (a lying header cannot make
one produce more), decoded with Pillow (never trusted by their extension), and resized to the declared size.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Literal

import numpy as np
from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, Field

from ...i18n.messages import say
from ...tasks import TaskName
from .base import Imported, UploadLimits
from .problems import UploadProblem

FORMATS = {"PNG", "JPEG"}
SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")  # what archivers add; not images, not refused
PREVIEW_PER_CLASS = 4
CHUNK = 1 << 16
SLACK = 1 << 20  # a small archive of tiny files may compress well without being a bomb


class ImageZipOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(28, ge=4, le=128, description="Every image is resized to size × size pixels.")
    color: Literal["grayscale", "rgb"] = Field("grayscale", description="grayscale: 1 channel; rgb: 3 channels.")


def import_image_zip(path: Path, file_name: str, options: ImageZipOptions, limits: UploadLimits) -> Imported:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UploadProblem(say("not_a_zip"), file=file_name) from None
    with archive:
        members = _image_members(archive, file_name, limits)
        classes = sorted({label for label, _info in members})
        if len(classes) < 2:
            raise UploadProblem(say("too_few_class_folders", count=len(classes)), file=file_name)
        if len(classes) > limits.max_classes:
            raise UploadProblem(say("too_many_class_folders", count=len(classes), limit=limits.max_classes),
                                file=file_name)
        index = {name: i for i, name in enumerate(classes)}
        pixels = np.stack([_decode(archive, info, file_name, options, limits) for _label, info in members])
    labels = np.asarray([index[label] for label, _info in members], dtype=np.int64)
    channels = 3 if options.color == "rgb" else 1
    counts = {name: int((labels == i).sum()) for i, name in enumerate(classes)}
    return Imported(pixels, labels, "images", TaskName.CLASSIFICATION, len(classes),
                    [channels, options.size, options.size], classes, preview={"counts": counts})


def _image_members(archive: zipfile.ZipFile, file_name: str, limits: UploadLimits) -> list[tuple[str, zipfile.ZipInfo]]:
    """(class, entry) for every file, in archive order, after checking every entry and the archive's sizes."""
    entries = [info for info in archive.infolist() if not info.is_dir() and not _skipped(info.filename)]
    for info in entries:
        _check_entry(info, file_name, limits)
    declared = sum(info.file_size for info in entries)
    packed = max(1, sum(info.compress_size for info in entries))
    if declared > limits.max_unzipped_bytes or declared > limits.max_ratio * packed + SLACK:
        raise UploadProblem(say("zip_bomb_total", declared=declared / 2**20, packed=packed / 2**20,
                                limit=limits.max_unzipped_bytes / 2**20, ratio=limits.max_ratio), file=file_name)
    if len(entries) > limits.max_images:
        raise UploadProblem(say("too_many_images", count=len(entries), limit=limits.max_images), file=file_name)
    if not entries:
        raise UploadProblem(say("no_images"), file=file_name)
    parts = [PurePosixPath(info.filename).parts for info in entries]
    top = {p[0] for p in parts}
    # one folder around the class folders (what zipping a folder makes) is fine: classes are one level down
    wrapped = len(top) == 1 and all(len(p) == 3 for p in parts)
    members = []
    for info, p in zip(entries, parts, strict=True):
        depth = 3 if wrapped else 2
        if len(p) != depth:
            hint = say("not_in_class_folder") if len(p) < depth else say("in_nested_folder")
            raise UploadProblem(say("image_folder_layout", hint=hint), file=f"{file_name}/{info.filename}")
        members.append((p[-2], info))
    return members


def _skipped(name: str) -> bool:
    return name.startswith(SKIPPED[0]) or PurePosixPath(name).name in SKIPPED[1:]


def _check_entry(info: zipfile.ZipInfo, file_name: str, limits: UploadLimits) -> None:
    name = info.filename
    where = f"{file_name}/{name}"
    parts = PurePosixPath(name).parts
    if name.startswith("/") or "\\" in name or ".." in parts or (parts and parts[0].endswith(":")):
        raise UploadProblem(say("path_escapes"), file=where)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UploadProblem(say("symbolic_link"), file=where)
    if info.file_size > limits.max_ratio * max(1, info.compress_size) + CHUNK:
        raise UploadProblem(say("zip_bomb_member", packed=info.compress_size, size=info.file_size), file=where)


def _decode(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str, options: ImageZipOptions,
            limits: UploadLimits) -> np.ndarray:
    """The image as (C, size, size) uint8 pixels, or a problem naming the member."""
    where = f"{file_name}/{info.filename}"
    data = _unpack(archive, info, where)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise UploadProblem(say("image_format", format=image.format), file=where)
            width, height = image.size
            if width * height > limits.max_pixels:
                raise UploadProblem(say("image_too_large", width=width, height=height, limit=limits.max_pixels),
                                    file=where)
            converted = image.convert("RGB" if options.color == "rgb" else "L")
            resized = converted.resize((options.size, options.size), Image.Resampling.BILINEAR)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise UploadProblem(say("image_undecodable"), file=where) from None
    pixels = np.asarray(resized, dtype=np.uint8)
    return pixels[None] if pixels.ndim == 2 else pixels.transpose(2, 0, 1)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """The member's bytes, read in chunks and stopped as soon as it produces more than it declared."""
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > info.file_size:
                    raise UploadProblem(say("unpacks_beyond_size"), file=where)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
        raise UploadProblem(say("cannot_unpack", error=str(err)), file=where) from None
    return b"".join(chunks)
