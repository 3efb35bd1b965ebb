"""The explainer table: one declaration per worked calculation of the course.

An explainer has a name, a title and a one-line description in both languages, a pydantic input model whose
bounds are the form's (the browser draws the form from its JSON Schema), an output model, and a compute function
that runs PyTorch (or the project's own code: the conv layer's arithmetic, the BPE tokenizer, the validator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..models import Text


class ExplainerInput(BaseModel):
    # Strict like every request of the API: no "1" for 1, no true for 1, no NaN or infinities.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


@dataclass(frozen=True)
class Explainer:
    name: str
    title: Text
    description: Text
    input: type[ExplainerInput]
    output: type[BaseModel]
    compute: Callable[[Any], BaseModel]
    # how the browser draws the result: bars, losses, numbers, table, masks, merges, matrix, dropout, statistics
    view: str


EXPLAINERS: dict[str, Explainer] = {}


def explainer(explainer: Explainer) -> Explainer:
    if explainer.name in EXPLAINERS:
        raise ValueError(f"explainer {explainer.name!r} is declared twice")
    EXPLAINERS[explainer.name] = explainer
    return explainer
