"""End-to-end: the course in Spanish: class 3's lesson opened from the top bar, its conv explainer computed,
LeNet-5 loaded onto the canvas with its dataset and training settings, and a painted Dice mask; screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e


def open_lessons_in_spanish(page: Page) -> None:
    page.goto("/?lang=es")
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    page.get_by_test_id("lessons-open").click()
    expect(page.get_by_test_id("lessons-dialog")).to_be_visible()


def test_a_spanish_lesson_explainer_and_preset(page: Page, problems: PageProblems, artifacts: Path) -> None:
    open_lessons_in_spanish(page)
    expect(page.get_by_test_id("lesson-step")).to_contain_text("Una neurona")
    page.screenshot(path=artifacts / "lessons-01-class1-es.png")

    page.get_by_test_id("lesson-class-3").click()
    step = page.get_by_test_id("lesson-step")
    expect(step).to_contain_text("Tamaño de salida")
    expect(step.locator("strong").first).to_have_text("O = ⌊(W + 2P − F)/S⌋ + 1")  # markdown rendered
    page.get_by_test_id("lesson-open-explainer").click()
    expect(page.get_by_test_id("explainer-output-shape")).to_have_text("6 × 24 × 24")
    page.get_by_test_id("explainer-field-padding").fill("2")
    page.get_by_test_id("explainer-field-padding").press("Enter")
    expect(page.get_by_test_id("explainer-output-shape")).to_have_text("6 × 28 × 28")
    expect(page.get_by_test_id("explainer-result")).to_contain_text("156 parámetros")
    page.screenshot(path=artifacts / "lessons-02-conv-explainer-es.png")

    page.get_by_test_id("lesson-next").click()
    expect(page.get_by_test_id("lesson-progress")).to_have_text("Paso 2 de 3")
    expect(page.get_by_test_id("lesson-step")).to_contain_text("LeNet-5")
    page.get_by_test_id("lesson-load-preset").click()
    expect(page.get_by_test_id("lessons-dialog")).to_have_count(0)
    expect(page.get_by_test_id("node-c3")).to_be_visible()
    expect(page.get_by_test_id("batch-size-input")).to_have_value("32")
    expect(page.get_by_test_id("total-params")).to_have_text("61,706")  # checked against the digits at 28×28
    page.screenshot(path=artifacts / "lessons-03-lenet-loaded-es.png")
    assert problems.all() == []


def test_paint_a_mask_and_step_bpe_merges(page: Page, problems: PageProblems, artifacts: Path) -> None:
    open_lessons_in_spanish(page)
    page.get_by_test_id("lesson-class-5").click()
    for _ in range(2):
        page.get_by_test_id("lesson-next").click()
    page.get_by_test_id("lesson-open-explainer").click()
    result = page.get_by_test_id("explainer-result")
    expect(result).to_contain_text("Dice 0.667 · Jaccard 0.5")
    # Clear the predicted pixel at row 2, column 2, which the target does not have
    page.get_by_test_id("explainer-field-prediction").get_by_role("button", name="2,2: 1").click()
    expect(result).to_contain_text("Dice 0.727 · Jaccard 0.571")  # 2·4/(5 + 6), 4/(5 + 6 − 4)
    page.screenshot(path=artifacts / "lessons-04-dice-es.png")

    page.get_by_test_id("lesson-class-7").click()
    page.get_by_test_id("lesson-open-explainer").click()
    merges = page.get_by_test_id("explainer-merges").locator("li")
    expect(merges).to_have_count(4)  # then no pair occurs twice
    expect(page.get_by_test_id("explainer-result")).to_contain_text("ningún par")
    expect(merges.first).to_contain_text('"l" + "o" → "lo"')
    page.screenshot(path=artifacts / "lessons-05-bpe-es.png")
    page.get_by_test_id("lesson-next").click()
    page.get_by_test_id("lesson-next").click()
    page.get_by_test_id("lesson-open-explainer").click()
    expect(page.get_by_test_id("explainer-heatmap")).to_be_visible()
    page.screenshot(path=artifacts / "lessons-06-positional-es.png")
    assert problems.all() == []
