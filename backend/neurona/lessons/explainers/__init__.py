"""The explainers: worked calculations of the course, computed on the server (see registry.py)."""

from . import masks, normalization, probabilities, sequence, sizes, tokens  # noqa: F401  (their declarations)
from .registry import EXPLAINERS, Explainer, ExplainerInput

__all__ = ["EXPLAINERS", "Explainer", "ExplainerInput"]
