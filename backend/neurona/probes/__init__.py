"""Probes: one declaration per way of looking inside a model (see registry.py and docs/protocol.md)."""

# Declaration order is the table's order: the decision boundary first.
from . import boundary  # noqa: F401  (each module registers its probes)

# isort: split
from . import activations, attention, attribution, graph, predictions, prior, weights  # noqa: F401
from .registry import PROBES, AppliesTo, Frame, NoOptions, ProbeOptions, ProbeType, probe_catalog, probes_for_layer
from .watch import CLIENT_MESSAGE, UnwatchMessage, Watch, WatchMessage, WatchProblem

__all__ = ["CLIENT_MESSAGE", "PROBES", "AppliesTo", "Frame", "NoOptions", "ProbeOptions", "ProbeType",
           "UnwatchMessage", "Watch", "WatchMessage", "WatchProblem", "probe_catalog", "probes_for_layer"]
