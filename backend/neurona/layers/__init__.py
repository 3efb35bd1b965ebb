"""Layer types. Importing this package registers every declared layer."""

from . import activations, core  # noqa: F401  (imported for their declarations)
from .registry import LAYERS, LayerParams, LayerType, Shape, ShapeError, layer_catalog, register

__all__ = ["LAYERS", "LayerParams", "LayerType", "Shape", "ShapeError", "layer_catalog", "register"]
