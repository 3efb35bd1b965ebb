"""The course: every class has lessons, every text is in both languages, and broken declarations are refused."""

from __future__ import annotations

import pytest

from neurona.lessons.catalog import LESSONS, PRESETS, LessonError, _collect, view
from neurona.lessons.models import Lesson, Preset, Step, t


def test_every_class_has_a_lesson_and_every_text_both_languages() -> None:
    assert {lesson.class_number for lesson in LESSONS.values()} == set(range(1, 8))
    for lesson in LESSONS.values():
        es, en = view(lesson, "es"), view(lesson, "en")
        assert es.title != en.title or lesson.title.es == lesson.title.en
        for a, b in zip(es.steps, en.steps, strict=True):
            assert a.text and b.text and a.text != b.text, f"{lesson.id}: {b.title} is not translated"
            assert len(a.try_this) == len(b.try_this)


def test_explainers_and_presets_are_spread_over_the_course() -> None:
    steps = [s for lesson in LESSONS.values() for s in lesson.steps]
    assert {s.explainer for s in steps} - {None} >= {"softmax", "cross_entropy", "conv_size", "dice", "bpe",
                                                     "positional_encoding", "batch_norm", "dropout",
                                                     "param_count"}
    assert len(PRESETS) >= 15 and all(p.total_params > 0 for p in PRESETS.values())


def _lesson(step: Step, lesson_id: str = "broken") -> list[Lesson]:
    lessons = list(LESSONS.values())
    return [*lessons, Lesson(id=lesson_id, class_number=1, title=t("x", "x"), summary=t("x", "x"), steps=(step,))]


@pytest.mark.parametrize(("step", "words"), [
    (Step(title=t("a", "a"), text=t("a", "a"), explainer="nope"), "unknown explainer 'nope'"),
    (Step(title=t("a", "a"), text=t("a", "a"), views=("histogram",)), "unknown view 'histogram'"),
    (Step(title=t("a", "a"), text=t("a", "a"), preset=Preset(
        graph={"nodes": [{"id": "in", "type": "Input"}, {"id": "fc", "type": "Linear",
                                                         "params": {"out_features": 7}}],
               "edges": [{"source": "in", "target": "fc"}]}, dataset={"name": "circle", "options": {}})),
     "fc: the output has shape [7]"),
])
def test_a_broken_lesson_is_refused_naming_lesson_and_step(step: Step, words: str) -> None:
    with pytest.raises(LessonError) as err:
        _collect(_lesson(step))
    assert "lesson broken, step 1" in str(err.value) and words in str(err.value)


def test_a_lesson_id_used_twice_is_refused() -> None:
    with pytest.raises(LessonError, match="declared twice"):
        _collect(_lesson(Step(title=t("a", "a"), text=t("a", "a")), lesson_id="mlp"))


def test_a_preset_names_a_template_or_a_graph() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Preset()
    with pytest.raises(ValueError, match="names its dataset"):
        Preset(graph={"nodes": []})
