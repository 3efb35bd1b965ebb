"""The explainer table: one declaration per worked calculation of the course.

An explainer has a name, a title and a one-line description in both languages, a pydantic input model whose
bounds are the form's (the browser draws the form from its JSON Schema), an output model, and a compute function
that runs PyTorch (or the project's own code: the conv layer's arithmetic, the BPE tokenizer, the validator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, PrivateAttr

from ...i18n.language import Language
from ...i18n.messages import Said, render
from ..models import Text


class ExplainerInput(BaseModel):
    # Strict like every request of the API: no "1" for 1, no true for 1, no NaN or infinities.
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Stepped(BaseModel):
    """A result whose worked steps may hold words (`padding "same" keeps 28`): made with `said`, it keeps them as
    templates, and the route answers them in the reader's language (`in_language`)."""

    steps: list[str]
    _said: list[str | Said] | None = PrivateAttr(default=None)

    @classmethod
    def said(cls, steps: list[str | Said], **values: Any) -> Self:
        result = cls(steps=[render(step, "en") for step in steps], **values)
        result._said = steps
        return result

    def in_language(self, lang: Language) -> Self:
        if self._said is None or lang == "en":
            return self
        return self.model_copy(update={"steps": [render(step, lang) for step in self._said]})


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
