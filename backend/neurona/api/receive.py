"""Receiving a multipart upload straight to disk.

The request body is parsed as it arrives (python-multipart's streaming parser): the file part is written chunk
by chunk to the staging folder, and the small form fields are kept in memory up to `MAX_FIELD_BYTES` each. So
memory stays flat whatever is sent, and a file over the limit is refused as soon as it passes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from ..data.uploads import UploadProblem
from ..i18n.messages import say

if TYPE_CHECKING:  # the callbacks' TypedDict exists for type checkers only
    from python_multipart.multipart import MultipartCallbacks

MAX_FIELD_BYTES = 64 * 1024
FORM_OVERHEAD = 256 * 1024  # headers and fields around the file, on top of the file's own limit
DRAIN_FACTOR = 4  # past the limit the rest is read and dropped (so the client hears the 413), up to this many times
RECEIVED = "received"
UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass
class Received:
    fields: dict[str, str] = field(default_factory=dict)
    file_name: str | None = None
    path: Path | None = None
    size: int = 0


def too_large(limit: int, declared: int | None = None) -> UploadProblem:
    size = say("upload_size", size=declared / 2**20) if declared is not None else ""
    return UploadProblem(say("upload_too_large", size=size, limit=limit / 2**20), field="file", status=413)


def declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


async def receive_form(request: Request, folder: Path, max_bytes: int) -> Received:
    """The form's fields and its one file (written to `folder/received`), or an UploadProblem."""
    boundary = _boundary(request)
    form = _Form(folder / RECEIVED, max_bytes)
    parser = MultipartParser(boundary, form.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if form.over_limit and received > DRAIN_FACTOR * (max_bytes + FORM_OVERHEAD):
                break
            parser.write(chunk)
        parser.finalize()
    finally:
        form.close()
    if form.over_limit:
        raise too_large(max_bytes)
    if form.problem:
        raise form.problem
    return form.result


def _boundary(request: Request) -> bytes:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadProblem(say("send_multipart"), field="body")
    return boundary


class _Form:
    """python-multipart callbacks that route each part: the file to disk, fields to memory."""

    def __init__(self, path: Path, max_bytes: int):
        self.path, self.max_bytes = path, max_bytes
        self.result = Received()
        self.problem: UploadProblem | None = None
        self.over_limit = False
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name: str | None = None
        self._value = bytearray()
        self._file: IO[bytes] | None = None
        self._in_file = False  # the current part is a file (kept on disk, or dropped), not a field

    def callbacks(self) -> MultipartCallbacks:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value_part, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done, "on_part_data": self._data, "on_part_end": self._end}

    def _begin(self) -> None:
        self._headers, self._name, self._value, self._in_file = {}, None, bytearray(), False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_part(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name, self._header_value = b"", b""

    def _headers_done(self) -> None:
        _disposition, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        file_name = params.get(b"filename")
        if file_name is None:
            return
        self._in_file = True
        if self.result.path is not None or self._name != "file":
            self.problem = self.problem or UploadProblem(say("send_one_file"), field=self._name or "file")
            return
        self.result.file_name = _safe_name(file_name.decode("utf-8", "replace"))
        self.result.path = self.path
        self._file = self.path.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file and self._file is not None:
            self.result.size += end - start
            if self.result.size > self.max_bytes:
                self.over_limit = True
                self._close_file()
                return
            self._file.write(data[start:end])
        elif not self._in_file:
            if len(self._value) + end - start > MAX_FIELD_BYTES:
                self.problem = self.problem or UploadProblem(say("form_field_too_long", name=self._name,
                                                                 limit=MAX_FIELD_BYTES // 1024), field=self._name)
                return
            self._value += data[start:end]

    def _end(self) -> None:
        if self._in_file:
            self._close_file()
        elif self._name:
            self.result.fields[self._name] = self._value.decode("utf-8", "replace")

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def close(self) -> None:
        self._close_file()


def _safe_name(name: str) -> str:
    """The file's own name, for messages and titles: no folders, no control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return UNSAFE.sub("", base)[:200] or "upload"
