"""Export a network: readable PyTorch source, a training bundle, ONNX (verified with onnxruntime), safetensors
weights and the spec. `FORMATS` declares them; `export_experiment` and `export_spec` make one."""

from .formats import FORMATS, Artifact, ExportFormat, FormatName, export_experiment, export_spec, format_catalog
from .onnx import OnnxUnavailable
from .program import NoWeights, Program, prepare
from .source import Rendering, module_source

__all__ = [
    "FORMATS", "Artifact", "ExportFormat", "FormatName", "NoWeights", "OnnxUnavailable", "Program", "Rendering",
    "export_experiment", "export_spec", "format_catalog", "module_source", "prepare",
]
