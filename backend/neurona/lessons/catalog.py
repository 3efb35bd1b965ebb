"""The course's lessons, checked when imported, and their views in one language.

Every preset is resolved to the graph, dataset and complete training settings the editor loads, and validated
with the real analyzer against its dataset; every explainer and view a step names must exist. A lesson that
breaks any of this stops the server from starting, so a broken lesson never reaches a classroom.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import get_args

from ..data import DatasetSpec, shape_of
from ..gallery import template
from ..probes.registry import PROBES
from ..spec import GraphSpec, TrainingSettings, analyze
from .explainers import EXPLAINERS
from .models import Language, Lesson, LessonSummary, LessonView, Panel, Preset, ResolvedPreset, Step, StepView


class LessonError(ValueError):
    """A lesson declaration that cannot be served; says which lesson, step and what is wrong."""


def resolve(preset: Preset, where: str = "preset") -> ResolvedPreset:
    """The graph, dataset and training settings a preset loads, validated with the analyzer."""
    base = template(preset.template) if preset.template else None
    graph = copy.deepcopy(preset.graph) if preset.graph is not None else base["graph"] if base else {}
    dataset = preset.dataset or (base["dataset"] if base else None)
    if dataset is None:
        raise LessonError(f"{where}: template {preset.template} has no dataset; name one")
    data = shape_of(DatasetSpec.model_validate(dataset))
    report, _plan = analyze(GraphSpec.model_validate(graph), data.input_shape, data.task)
    if not report.valid:
        raise LessonError(f"{where}: the graph does not validate: " + "; ".join(e.message for e in report.errors))
    training = TrainingSettings.model_validate(preset.training).model_dump()
    return ResolvedPreset(template=preset.template, graph=graph, dataset=dataset, training=training,
                          total_params=report.total_params)


def _check_step(lesson: Lesson, number: int, step: Step) -> ResolvedPreset | None:
    where = f"lesson {lesson.id}, step {number}"
    if step.explainer is not None:
        if step.explainer not in EXPLAINERS:
            raise LessonError(f"{where}: unknown explainer {step.explainer!r}; pick one of {sorted(EXPLAINERS)}")
        EXPLAINERS[step.explainer].input.model_validate(step.explainer_input)
    panels = set(get_args(Panel))
    for view in step.views:
        if view not in PROBES and view not in panels:
            raise LessonError(f"{where}: unknown view {view!r}; use a probe name or one of {sorted(panels)}")
    return resolve(step.preset, where) if step.preset else None


def _collect(lessons: Iterable[Lesson]) -> tuple[dict[str, Lesson], dict[tuple[str, int], ResolvedPreset]]:
    by_id: dict[str, Lesson] = {}
    presets: dict[tuple[str, int], ResolvedPreset] = {}
    for lesson in lessons:
        if lesson.id in by_id:
            raise LessonError(f"lesson {lesson.id!r} is declared twice")
        by_id[lesson.id] = lesson
        for number, step in enumerate(lesson.steps, 1):
            resolved = _check_step(lesson, number, step)
            if resolved is not None:
                presets[(lesson.id, number)] = resolved
    missing = set(range(1, 8)) - {lesson.class_number for lesson in by_id.values()}
    if missing:
        raise LessonError(f"classes {sorted(missing)} have no lesson")
    return by_id, presets


def _course() -> list[Lesson]:
    from .course import class1, class2, class3, class4, class5, class6, class7
    return [lesson for module in (class1, class2, class3, class4, class5, class6, class7)
            for lesson in module.LESSONS]


LESSONS, PRESETS = _collect(_course())


def summary(lesson: Lesson, lang: Language) -> LessonSummary:
    return LessonSummary(id=lesson.id, class_number=lesson.class_number, title=lesson.title.get(lang),
                         summary=lesson.summary.get(lang), step_count=len(lesson.steps), lang=lang)


def view(lesson: Lesson, lang: Language) -> LessonView:
    steps = [StepView(title=s.title.get(lang), text=s.text.get(lang), preset=PRESETS.get((lesson.id, n)),
                      explainer=s.explainer, explainer_input=s.explainer_input, views=list(s.views),
                      try_this=[x.get(lang) for x in s.try_this], observe=s.observe.get(lang) if s.observe else None)
             for n, s in enumerate(lesson.steps, 1)]
    return LessonView(**summary(lesson, lang).model_dump(), steps=steps, languages=["es", "en"])
