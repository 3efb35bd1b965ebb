"""Datasets. Importing this package registers every declared dataset."""

from . import points2d  # noqa: F401  (imported for its declarations)
from .features import FEATURES, FeatureName, canonical_features, compute_features
from .loading import LoadedDataset, load_dataset, preview
from .options import DatasetOptions, Points2DOptions
from .registry import (
    DATASETS,
    DatasetSpec,
    DatasetType,
    dataset_catalog,
    get_dataset_type,
    parse_options,
    register,
)

__all__ = [
    "DATASETS",
    "FEATURES",
    "DatasetOptions",
    "DatasetSpec",
    "DatasetType",
    "FeatureName",
    "LoadedDataset",
    "Points2DOptions",
    "canonical_features",
    "compute_features",
    "dataset_catalog",
    "get_dataset_type",
    "load_dataset",
    "parse_options",
    "preview",
    "register",
]
