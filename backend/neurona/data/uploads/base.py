"""What every import shares: the limits it checks (from the server's NEURONA_* settings) and its result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...tasks import TaskName
from ..registry import DataKind

MB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 50 * MB
    max_rows: int = 100_000
    max_columns: int = 1000
    max_images: int = 10_000
    max_pixels: int = 4_000_000
    max_unzipped_bytes: int = 500 * MB
    max_ratio: float = 100.0  # uncompressed / compressed, per zip member and for the whole archive
    max_text_bytes: int = 10 * MB
    max_classes: int = 100
    max_uploads: int = 20


@dataclass
class Imported:
    """An import's result: the arrays to store and what the manifest says of them."""

    x: np.ndarray
    y: np.ndarray
    data_kind: DataKind
    task: TaskName
    num_classes: int
    input_shape: list[int]
    class_names: list[str] = field(default_factory=list)
    preview: dict[str, Any] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
