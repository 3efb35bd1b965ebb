"""Files to upload, made in the test: an iris CSV, zips of two image classes (and bad variants), text."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from typing import Any

import httpx
import numpy as np
from PIL import Image


def iris_csv() -> bytes:
    """scikit-learn's iris as a CSV with a header and the species by name."""
    from sklearn.datasets import load_iris

    iris = load_iris()
    names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    lines = [",".join([*names, "species"])]
    lines += [",".join([*(f"{v:.1f}" for v in row), iris.target_names[t]]) for row, t in zip(iris.data, iris.target,
                                                                                             strict=True)]
    return ("\n".join(lines) + "\n").encode()


def png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def two_class_images(per_class: int = 40, side: int = 12, seed: int = 0) -> dict[str, bytes]:
    """bars/ (a vertical bar) and rings/ (a hollow square), at random places with noise: easy to tell apart."""
    rng = np.random.default_rng(seed)
    files = {}
    for i in range(per_class):
        bar = rng.integers(0, 40, (side, side))
        col = rng.integers(2, side - 2)
        bar[:, col - 1:col + 1] = 230
        ring = rng.integers(0, 40, (side, side))
        lo = rng.integers(1, 3)
        ring[lo, lo:side - lo] = ring[side - lo - 1, lo:side - lo] = 230
        ring[lo:side - lo, lo] = ring[lo:side - lo, side - lo - 1] = 230
        files[f"bars/{i}.png"] = png(bar)
        files[f"rings/{i}.png"] = png(ring)
    return files


def zip_bytes(files: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name in links:  # a symbolic link entry, as `zip --symlinks` writes it
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def zip_bomb(megabytes: int = 150) -> bytes:
    """One member of zeros that deflates about a thousand times: tiny to send, huge to unpack."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("a/zeros.png", "w",
                                                                                      force_zip64=True) as member:
        block = bytes(1 << 20)
        for _ in range(megabytes):
            member.write(block)
    return buffer.getvalue()


def story(chars: int = 6000) -> bytes:
    words = ["el", "gato", "come", "pan", "y", "la", "niña", "lee", "un", "libro", "de", "noche"]
    rng = np.random.default_rng(0)
    text = " ".join(rng.choice(words, chars // 4))
    return text[:chars].encode()


def upload(client: httpx.Client, kind: str, name: str, data: bytes, **options: Any) -> httpx.Response:
    return client.post("/api/uploads", data={"kind": kind, "options": json.dumps(options)},
                       files={"file": (name, data)})
