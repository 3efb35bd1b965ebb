"""Datasets. Importing this package registers every declared dataset."""

from . import images, points2d, sequences, tables, text, tokens  # noqa: F401  (imported for their declarations)
from .features import FEATURES, FeatureName, canonical_features, compute_features
from .loading import LoadedDataset, load_dataset
from .options import (
    DatasetOptions,
    DigitsOptions,
    ImageOptions,
    MarkerOptions,
    Points2DOptions,
    ReverseOptions,
    SequenceOptions,
    ShapesOptions,
    TableOptions,
    TokenOptions,
)
from .previews import preview
from .registry import (
    DATASETS,
    KINDS,
    DatasetShape,
    DatasetSpec,
    DatasetType,
    KindInfo,
    dataset_catalog,
    get_dataset_type,
    parse_options,
    register,
    shape_of,
)

__all__ = [
    "DATASETS",
    "FEATURES",
    "KINDS",
    "DatasetOptions",
    "DatasetShape",
    "DatasetSpec",
    "DatasetType",
    "DigitsOptions",
    "FeatureName",
    "ImageOptions",
    "KindInfo",
    "LoadedDataset",
    "MarkerOptions",
    "Points2DOptions",
    "ReverseOptions",
    "SequenceOptions",
    "ShapesOptions",
    "TableOptions",
    "TokenOptions",
    "canonical_features",
    "compute_features",
    "dataset_catalog",
    "get_dataset_type",
    "load_dataset",
    "parse_options",
    "preview",
    "register",
    "shape_of",
]
