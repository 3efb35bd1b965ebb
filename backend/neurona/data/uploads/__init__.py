"""Uploaded datasets: CSV tables, zips of image folders and plain text, imported per session."""

from .base import Imported, UploadLimits
from .kinds import UPLOAD_KINDS, UploadKind, kind_catalog
from .library import PREFIX, Manifest, UploadedOptions, UploadLibrary, use_data_dir
from .problems import UploadIssue, UploadProblem
from .service import UploadService

__all__ = [
    "PREFIX",
    "UPLOAD_KINDS",
    "Imported",
    "Manifest",
    "UploadIssue",
    "UploadKind",
    "UploadLibrary",
    "UploadLimits",
    "UploadProblem",
    "UploadService",
    "UploadedOptions",
    "kind_catalog",
    "use_data_dir",
]
