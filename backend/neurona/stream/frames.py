"""Wire encoding of stream messages: strict JSON text and binary tensor frames.

A binary frame is ``[4-byte big-endian header length N][N bytes of UTF-8 JSON header][raw data]``.
Tensors travel as uint8 with an affine map ``value = byte * scale + offset`` (never JSON arrays of floats).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from typing import Any

import numpy as np

_LENGTH = struct.Struct(">I")


def _json_default(obj: Any) -> Any:
    # numpy scalars and arrays turn up in metrics and headers; send them as plain numbers and lists.
    if isinstance(obj, np.ndarray | np.generic):
        return obj.tolist()
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def _finite(obj: Any) -> Any:
    """Copy of ``obj`` with NaN/inf as None: a diverged loss must not break the browser's JSON.parse."""
    if isinstance(obj, dict):
        return {key: _finite(value) for key, value in obj.items()}
    if isinstance(obj, list | tuple | np.ndarray):
        return [_finite(value) for value in obj]
    if isinstance(obj, np.generic):
        return _finite(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def to_json(obj: Any) -> str:
    """Compact, strictly valid JSON: non-finite floats become null, numpy values become numbers."""
    try:
        return json.dumps(obj, separators=(",", ":"), allow_nan=False, default=_json_default)
    except ValueError:
        # Slow path only when a NaN/inf is present; the common case pays for one dumps call.
        return json.dumps(_finite(obj), separators=(",", ":"), allow_nan=False, default=_json_default)


def encode_frame(header: dict[str, Any], data: bytes) -> bytes:
    """Build a binary frame from a JSON-serializable header and raw bytes."""
    head = to_json(header).encode("utf-8")
    return b"".join((_LENGTH.pack(len(head)), head, data))


def decode_frame(frame: bytes) -> tuple[dict[str, Any], bytes]:
    """Split a binary frame into (header, data); raises ValueError when the frame is malformed."""
    if len(frame) < _LENGTH.size:
        raise ValueError(f"frame of {len(frame)} bytes is shorter than its 4-byte length prefix")
    (length,) = _LENGTH.unpack_from(frame)
    end = _LENGTH.size + length
    if end > len(frame):
        raise ValueError(f"frame header claims {length} bytes but only {len(frame) - _LENGTH.size} follow")
    header = json.loads(bytes(frame[_LENGTH.size : end]).decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("frame header must be a JSON object")
    return header, bytes(frame[end:])


def _value_range(values: np.ndarray, lo: float | None, hi: float | None) -> tuple[float, float]:
    """The range to map onto 0..255: the fixed bounds given, else the finite data's min/max."""
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"lo ({lo}) must not exceed hi ({hi})")
    for bound in (lo, hi):
        if bound is not None and not math.isfinite(bound):
            raise ValueError(f"quantization bounds must be finite (got {bound})")
    finite = values[np.isfinite(values)]
    data_lo = float(finite.min()) if finite.size else 0.0
    data_hi = float(finite.max()) if finite.size else 0.0
    low = float(lo) if lo is not None else data_lo
    high = float(hi) if hi is not None else data_hi
    # With one bound fixed, data entirely beyond it would invert the range; collapse the derived bound.
    if lo is None:
        low = min(low, high)
    else:
        high = max(low, high)
    return low, high


def quantize_uint8(
    array: np.ndarray, lo: float | None = None, hi: float | None = None
) -> tuple[bytes, float, float]:
    """Quantize to row-major uint8 bytes; returns (data, scale, offset) with value ≈ byte * scale + offset.

    ``lo``/``hi`` fix the range (e.g. 0..1 for probabilities) so frames are comparable over time; values
    outside it are clipped. Without them the array's own min/max is used. A constant array gets scale 1.0
    and all-zero bytes, so it decodes exactly to ``offset``. NaN maps to ``lo``, ±inf to the nearest bound.
    """
    values = np.asarray(array, dtype=np.float64)
    low, high = _value_range(values, lo, hi)
    span = high - low
    scale = span / 255.0 if span > 0 else 1.0
    clean = np.nan_to_num(values, nan=low, posinf=high, neginf=low)
    steps = np.clip(np.rint((clean - low) / scale), 0, 255)
    return steps.astype(np.uint8).tobytes(order="C"), float(scale), float(low)


def dequantize_uint8(data: bytes, shape: Sequence[int], scale: float, offset: float) -> np.ndarray:
    """Inverse of quantize_uint8 (for tests and Python clients)."""
    steps = np.frombuffer(data, dtype=np.uint8).reshape(tuple(shape))
    return steps.astype(np.float64) * scale + offset


def tensor_header(
    kind: str, array_shape: Sequence[int], scale: float, offset: float, **extra: Any
) -> dict[str, Any]:
    """Header fields of a uint8 tensor frame; ``extra`` carries kind-specific fields (step, extent, ...)."""
    return {
        "type": kind,
        "dtype": "uint8",
        "shape": [int(dim) for dim in array_shape],
        "scale": float(scale),
        "offset": float(offset),
        **extra,
    }


def pack_uint8(
    kind: str, array: np.ndarray, lo: float | None = None, hi: float | None = None, **extra: Any
) -> tuple[dict[str, Any], bytes]:
    """Quantize ``array``; returns (payload, data) ready for ``Hub.publish(channel, kind, payload, data)``."""
    data, scale, offset = quantize_uint8(array, lo, hi)
    return tensor_header(kind, np.shape(array), scale, offset, **extra), data


def quantize_planes(array: np.ndarray) -> tuple[bytes, list[float], list[float]]:
    """Quantize each plane (the last two axes) to uint8 with its own range; returns (data, plane_lo, plane_hi).

    ``value = lo[i] + byte * (hi[i] - lo[i]) / 255`` for plane ``i`` (row-major over the leading axes), so a
    view can show each channel with its own contrast or all with the layer's, without a second request.
    Non-finite values map to the plane's low end.
    """
    values = np.asarray(array, dtype=np.float32)
    planes = values.reshape(-1, values.shape[-2] * values.shape[-1]) if values.ndim >= 2 else values.reshape(1, -1)
    finite = np.where(np.isfinite(planes), planes, np.nan)
    with np.errstate(all="ignore"):
        lo = np.nan_to_num(np.nanmin(finite, axis=1, initial=np.inf), posinf=0.0)
        hi = np.nan_to_num(np.nanmax(finite, axis=1, initial=-np.inf), neginf=0.0)
    hi = np.maximum(hi, lo)
    span = np.where(hi > lo, hi - lo, 1.0)
    clean = np.where(np.isfinite(planes), planes, lo[:, None])
    steps = np.clip(np.rint((clean - lo[:, None]) / span[:, None] * 255.0), 0, 255)
    return steps.astype(np.uint8).tobytes(order="C"), lo.astype(float).tolist(), hi.astype(float).tolist()


def dequantize_planes(data: bytes, shape: Sequence[int], lo: Sequence[float], hi: Sequence[float]) -> np.ndarray:
    """Inverse of quantize_planes (for tests and Python clients)."""
    steps = np.frombuffer(data, dtype=np.uint8).astype(np.float64).reshape(len(lo), -1)
    low, high = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    return (low[:, None] + steps * (high - low)[:, None] / 255.0).reshape(tuple(shape))


def pack_planes(kind: str, array: np.ndarray, **extra: Any) -> tuple[dict[str, Any], bytes]:
    """A uint8 frame of per-plane quantized planes (header with plane_lo/plane_hi)."""
    data, lo, hi = quantize_planes(array)
    return tensor_header(kind, np.shape(array), 1.0, 0.0, plane_lo=lo, plane_hi=hi, **extra), data


def pack_float16(kind: str, array: np.ndarray, **extra: Any) -> tuple[dict[str, Any], bytes]:
    """A little-endian float16 frame (values beyond ±65504 become ±inf)."""
    with np.errstate(over="ignore"):
        data = np.asarray(array, dtype="<f2").tobytes(order="C")
    return {**tensor_header(kind, np.shape(array), 1.0, 0.0, **extra), "dtype": "float16"}, data


def decode_values(header: dict[str, Any], data: bytes) -> np.ndarray:
    """A frame's payload as float64 values in its shape, whatever its encoding (for tests and Python clients)."""
    shape = header["shape"]
    if header["dtype"] == "float16":
        values = np.frombuffer(data, dtype="<f2").astype(np.float64).reshape(shape)
        return values * header.get("scale", 1.0) + header.get("offset", 0.0)
    if "plane_lo" in header:
        return dequantize_planes(data, shape, header["plane_lo"], header["plane_hi"])
    return dequantize_uint8(data, shape, header["scale"], header["offset"])
