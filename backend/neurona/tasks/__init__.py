"""Tasks, their losses and metrics: one declaration each. Importing this package registers every task."""

from . import builtin  # noqa: F401  (imported for its declarations)
from .losses import LOSSES, Head, LossType
from .metrics import METRICS, MetricType, Outputs, confusion_matrix
from .registry import (
    TASKS,
    OutputWant,
    PredictionView,
    Shape,
    Task,
    TaskName,
    TaskType,
    get_task_type,
    register,
    task_catalog,
)

__all__ = [
    "LOSSES", "METRICS", "TASKS", "Head", "LossType", "MetricType", "OutputWant", "Outputs", "PredictionView",
    "Shape", "Task", "TaskName", "TaskType", "confusion_matrix", "get_task_type", "register", "task_catalog",
]
