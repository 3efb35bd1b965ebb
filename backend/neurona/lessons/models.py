"""The lesson format: one typed declaration per lesson, texts in Spanish and English, ordered steps.

A step says what to read (markdown), what to put on the screen (a `Preset`: a gallery template or a graph, with
the dataset and training settings, checked by the real analyzer when the course is imported) or which explainer
to open, which views to show (probe names from the probe table, or a named panel), what to try and what to see.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n.language import Language  # the course is written in the languages of the interface

# Panels of the workspace a step may open besides probe views; probe names come from the probe table
Panel = Literal["data", "training", "loss", "inspector", "gallery", "explorer"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """The same text in both languages of the course."""

    es: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Language) -> str:
        return self.es if lang == "es" else self.en


def t(es: str, en: str) -> Text:
    return Text(es=es, en=en)


class Preset(Strict):
    """What a step loads: a gallery template, a graph of its own, or a template with its dataset or training
    changed. `training` holds TrainingSettings fields; the ones left out keep their defaults."""

    template: str | None = Field(None, description="A template id from GET /api/templates.")
    graph: dict[str, Any] | None = Field(None, description="A graph, as POST /api/specs/validate takes it.")
    dataset: dict[str, Any] | None = Field(None, description="{name, options}; omitted means the template's.")
    training: dict[str, Any] = Field(default_factory=dict, description="Training settings for this step.")

    @model_validator(mode="after")
    def _one_graph(self) -> Preset:
        if (self.template is None) == (self.graph is None):
            raise ValueError("a preset names a template or gives a graph (exactly one)")
        if self.graph is not None and self.dataset is None:
            raise ValueError("a preset with its own graph names its dataset")
        return self


class Step(Strict):
    title: Text
    text: Text = Field(description="Markdown.")
    preset: Preset | None = None
    explainer: str | None = Field(None, description="The explainer to open, from GET /api/explainers.")
    explainer_input: dict[str, Any] = Field(default_factory=dict, description="Values to open it with.")
    views: tuple[str, ...] = Field((), description="Probe names (GET /api/probes) or panels to show.")
    try_this: tuple[Text, ...] = ()
    observe: Text | None = None


class Lesson(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    class_number: int = Field(ge=1, le=7)
    title: Text
    summary: Text
    steps: tuple[Step, ...] = Field(min_length=1)


# -- what the API answers: one language, presets resolved to what the editor loads ---------------------------
class ResolvedPreset(BaseModel):
    template: str | None = Field(description="The template it starts from, if any.")
    graph: dict[str, Any] = Field(description="The graph to load, with editor positions.")
    dataset: dict[str, Any] = Field(description="{name, options} to select.")
    training: dict[str, Any] = Field(description="Complete training settings (defaults filled in).")
    total_params: int = Field(description="Trainable parameters, as the validator counts them.")


class StepView(BaseModel):
    title: str
    text: str = Field(description="Markdown in the chosen language.")
    preset: ResolvedPreset | None
    explainer: str | None
    explainer_input: dict[str, Any]
    views: list[str]
    try_this: list[str]
    observe: str | None


class LessonSummary(BaseModel):
    id: str
    class_number: int
    title: str
    summary: str
    step_count: int = Field(description="How many steps it has.")
    lang: Language = Field(description="The language of the texts.")


class LessonView(LessonSummary):
    steps: list[StepView] = Field(description="The steps in order.")
    languages: list[Language] = Field(description="Every language the lesson is written in.")
