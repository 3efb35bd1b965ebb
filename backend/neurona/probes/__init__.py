"""Probes: one declaration per way of looking inside a model (see registry.py and docs/protocol.md)."""

from .registry import PROBES, AppliesTo, Frame, NoOptions, ProbeOptions, ProbeType, probe_catalog, probes_for_layer
from .watch import CLIENT_MESSAGE, UnwatchMessage, Watch, WatchMessage, WatchProblem

__all__ = ["CLIENT_MESSAGE", "PROBES", "AppliesTo", "Frame", "NoOptions", "ProbeOptions", "ProbeType",
           "UnwatchMessage", "Watch", "WatchMessage", "WatchProblem", "probe_catalog", "probes_for_layer"]
