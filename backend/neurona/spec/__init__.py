"""Specs users send (graphs, training settings) and their validation."""

from ..tasks import Task
from .analyze import Plan, PlannedNode, analyze
from .models import (
    EdgeSpec,
    ExperimentCreate,
    GraphSpec,
    NodeSpec,
    TrainingSettings,
    ValidateRequest,
    ValidationReport,
)

__all__ = [
    "EdgeSpec", "ExperimentCreate", "GraphSpec", "NodeSpec", "Plan", "PlannedNode", "Task",
    "TrainingSettings", "ValidateRequest", "ValidationReport", "analyze",
]
