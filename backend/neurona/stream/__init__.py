"""Experiment streams: binary tensor frames and the fan-out hub with replay and back-pressure."""

from neurona.stream.frames import (
    decode_frame,
    dequantize_uint8,
    encode_frame,
    pack_uint8,
    quantize_uint8,
    tensor_header,
    to_json,
)
from neurona.stream.hub import Hub, Message, StreamClosed, Subscription

__all__ = [
    "Hub",
    "Message",
    "StreamClosed",
    "Subscription",
    "decode_frame",
    "dequantize_uint8",
    "encode_frame",
    "pack_uint8",
    "quantize_uint8",
    "tensor_header",
    "to_json",
]
