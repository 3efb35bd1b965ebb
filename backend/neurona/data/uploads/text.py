"""Plain-text uploads, for character-level language models.

The text's distinct characters are its vocabulary (token id = position in sorted order). The examples are
consecutive, non-overlapping windows of `length` characters; the target at each position is the next character,
so the task is token classification over the vocabulary (the output is [length, vocabulary size]).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ...i18n.messages import say
from ...tasks import TaskName
from .base import Imported, UploadLimits
from .problems import UploadProblem

MAX_VOCABULARY = 1000  # distinct characters; a larger set is rarely text (binary data decoded by chance)
MIN_WINDOWS = 8
SNIPPET = 400


class TextOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    length: int = Field(32, ge=4, le=256, description="Characters per example; the Input shape is [length].")


def import_text(path: Path, file_name: str, options: TextOptions, limits: UploadLimits) -> Imported:
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise UploadProblem(say("text_too_large", size=size / 2**20, limit=limits.max_text_bytes / 2**20),
                            file=file_name, status=413)
    raw = path.read_bytes()  # at most max_text_bytes, checked above
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise UploadProblem(say("text_not_utf8"), file=file_name, row=line) from None
    if "\x00" in text:
        raise UploadProblem(say("text_has_nul"), file=file_name,
                            row=text[:text.index("\x00")].count("\n") + 1)
    vocabulary = sorted(set(text))
    if len(vocabulary) > MAX_VOCABULARY:
        raise UploadProblem(say("too_many_characters", count=len(vocabulary), limit=MAX_VOCABULARY), file=file_name)
    windows = (len(text) - 1) // options.length
    if windows < MIN_WINDOWS:
        raise UploadProblem(say("text_too_short", count=len(text), length=options.length, windows=windows,
                                least=MIN_WINDOWS), file=file_name)
    index = {char: i for i, char in enumerate(vocabulary)}
    ids = np.fromiter((index[c] for c in text), dtype=np.uint16, count=len(text))
    span = windows * options.length
    x = ids[:span].reshape(windows, options.length)
    y = ids[1:span + 1].reshape(windows, options.length)
    return Imported(x, y, "tokens", TaskName.TOKEN_CLASSIFICATION, len(vocabulary), [options.length],
                    preview={"snippet": text[:SNIPPET], "characters": len(text)}, vocabulary=vocabulary)
