"""End-to-end: the backprop explorer opened from the top bar, an expression typed, its backward pass stepped and
the gradients checked on the nodes and edges, an error pointed at with a caret, and the Spanish strings."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e


def node(page: Page, label: str) -> Locator:
    return page.locator(f"[data-testid^=explorer-node-][data-label='{label}']")


def test_type_an_expression_and_step_its_backward_pass(page: Page, problems: PageProblems, artifacts: Path) -> None:
    page.get_by_test_id("explorer-open").click()
    dialog = page.get_by_test_id("explorer-dialog")
    expect(dialog).to_be_visible()
    # The worked example: (a*b + c) * relu(a) at a = 2, b = -3, c = 10.
    expect(page.get_by_test_id("explorer-output")).to_have_text("f = 8")
    page.get_by_test_id("explorer-forward").click()
    page.get_by_test_id("explorer-run-all").click()
    expect(page.get_by_test_id("explorer-step-count")).to_have_text("Step 7 of 7")
    expect(node(page, "a")).to_contain_text("∇ -6 + 4 = -2")  # b·relu(a) + (ab + c)·1
    page.screenshot(path=artifacts / "explorer-01-example-done.png")

    # Type f = a*b + a: value fields for a and b appear (a keeps its value, b is set here).
    expression = page.get_by_test_id("explorer-expression")
    expression.fill("a*b + a")
    expect(page.get_by_test_id("explorer-value-input-c")).to_have_count(0)
    page.get_by_test_id("explorer-value-input-b").fill("3")
    expect(page.get_by_test_id("explorer-output")).to_have_text("f = 8")
    expect(page.get_by_test_id("explorer-step-count")).to_have_text("Step 0 of 4")
    expect(node(page, "a")).not_to_contain_text("∇")

    # Step 1 visits the output (+): it sends 1 to × and 1 straight to a, whose sum is not complete yet.
    page.get_by_test_id("explorer-forward").click()
    expect(node(page, "+")).to_have_attribute("data-current", "true")
    expect(node(page, "+")).to_contain_text("∇ 1")
    expect(node(page, "a")).to_contain_text("∇ 1 + …")
    # Step 2 visits ×: a receives 1 × b = 3 more, so d f/d a = b + 1 = 4; b receives 1 × a = 2.
    page.get_by_test_id("explorer-forward").click()
    expect(node(page, "×")).to_have_attribute("data-current", "true")
    expect(node(page, "a")).to_contain_text("∇ 3 + 1 = 4")
    expect(node(page, "b")).to_contain_text("∇ 2")
    times = node(page, "×").get_attribute("data-testid").removeprefix("explorer-node-")
    expect(page.get_by_test_id(f"explorer-sent-{times}:0")).to_have_text("← 3")
    expect(page.get_by_test_id("explorer-explanation")).to_contain_text("a receives 1 × 3 = 3")
    page.screenshot(path=artifacts / "explorer-02-stepping.png")
    # Back and forward again land on the same state; keys step too.
    page.get_by_test_id("explorer-back").click()
    expect(node(page, "a")).to_contain_text("∇ 1 + …")
    page.get_by_test_id("explorer-step-count").click()
    page.keyboard.press("ArrowRight")
    expect(node(page, "a")).to_contain_text("∇ 3 + 1 = 4")
    page.get_by_test_id("explorer-run-all").click()
    expect(page.get_by_test_id("explorer-explanation")).to_contain_text("Backward pass done")

    # A bad expression: the message names the column and a caret points at the character.
    expression.fill("2a + b")
    error = page.get_by_test_id("explorer-error")
    expect(error).to_contain_text("column 2")
    expect(page.get_by_test_id("explorer-caret")).to_have_text(" ^")
    page.screenshot(path=artifacts / "explorer-03-error.png")
    expression.fill("log(b - 4)")
    expect(error).to_contain_text("log needs a positive number")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # The server's 422 answers are expected here; anything else is a problem.
    assert [p for p in problems.all() if "422" not in p] == []


def test_the_explorer_speaks_spanish(page: Page, problems: PageProblems, artifacts: Path) -> None:
    page.goto("/?lang=es")
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    page.get_by_test_id("explorer-open").click()
    page.get_by_test_id("explorer-example-neuron").click()
    expect(page.get_by_test_id("explorer-output")).to_have_text("f = 0.7071")
    for _ in range(2):
        page.get_by_test_id("explorer-forward").click()
    expect(page.get_by_test_id("explorer-step-count")).to_have_text("Paso 2 de 10")
    expect(page.get_by_test_id("explorer-explanation")).to_contain_text("recibe")
    page.screenshot(path=artifacts / "explorer-04-spanish-neuron.png")
    assert problems.all() == []
