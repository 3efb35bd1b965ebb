"""Layer types. Importing this package registers every declared layer, in palette order."""

from . import (  # noqa: F401  (imported for their declarations)
    activations,
    attention,
    conv,
    core,
    generative,
    merge,
    norm,
    sequence,
    shape,
)
from .registry import LAYERS, LayerParams, LayerType, Shape, ShapeError, Source, layer_catalog, register

__all__ = ["LAYERS", "LayerParams", "LayerType", "Shape", "ShapeError", "Source", "layer_catalog", "register"]
