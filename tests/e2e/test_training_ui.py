"""End-to-end: the training controls in the browser (training panel, optimizer race, compare view, failures)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e


def test_race_optimizers_compare_and_diverging_run(page: Page, problems: PageProblems, artifacts: Path) -> None:
    # The training panel is generated from the registries: every optimizer and schedule is offered.
    page.get_by_test_id("epochs-input").fill("5")
    page.get_by_test_id("epochs-input").press("Enter")
    page.get_by_test_id("training-toggle").click()
    panel = page.get_by_test_id("training-panel")
    expect(panel).to_be_visible()
    options = page.get_by_test_id("panel-optimizer-select").locator("option")
    expect(options).to_have_count(8)
    expect(page.get_by_test_id("schedule-select").locator("option")).to_have_count(5)
    page.get_by_test_id("panel-optimizer-select").select_option("momentum")
    expect(page.get_by_test_id("opt-param-momentum")).to_be_visible()
    page.get_by_test_id("schedule-select").select_option("step")
    expect(page.get_by_test_id("schedule-param-step_size")).to_be_visible()
    page.screenshot(path=artifacts / "20-training-panel.png")
    page.get_by_test_id("schedule-select").select_option("constant")
    page.get_by_test_id("training-panel-close").click()
    expect(panel).to_be_hidden()

    # One click races SGD, momentum and Adam on the current network and follows them in the compare view.
    page.get_by_test_id("race-optimizers").click()
    view = page.get_by_test_id("compare-view")
    expect(view).to_be_visible()
    expect(page.get_by_test_id("compare-legend-item")).to_have_count(3, timeout=20_000)
    expect(page.get_by_test_id("compare-chart")).to_have_attribute("data-series", "3")
    # uPlot draws one path per run: three series besides the x axis.
    diff = page.get_by_test_id("compare-diff")
    expect(diff).to_be_visible()
    optimizer_row = page.get_by_test_id("diff-row-training.optimizer")
    expect(optimizer_row).to_contain_text("sgd")
    expect(optimizer_row).to_contain_text("momentum")
    expect(optimizer_row).to_contain_text("adam")
    # Let the curves grow a little before the picture.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=compare-legend-item] .legend-value')]"
        ".every(e => e.textContent !== '–')",
        timeout=30_000,
    )
    page.screenshot(path=artifacts / "21-compare-race.png")
    page.get_by_test_id("compare-close").click()
    expect(view).to_be_hidden()

    # A learning rate of 1000 blows the weights up (regression: the squared error has no ceiling): the run
    # fails with the server's explanation, and no NaN is drawn.
    page.get_by_test_id("dataset-plane").click()
    page.get_by_test_id("optimizer-select").select_option("sgd")
    page.get_by_test_id("lr-select").select_option("1000")
    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "failed", timeout=45_000)
    failure = page.get_by_test_id("run-failure")
    expect(failure).to_be_visible()
    message = page.get_by_test_id("run-error").inner_text()
    assert "node '" in message and "lower the learning rate (now 1000)" in message, message
    for testid in ("test-loss", "train-loss"):
        assert "nan" not in page.get_by_test_id(testid).inner_text().lower()
    # The node the message names is highlighted on the canvas.
    named = page.locator("[data-testid=run-failure-node]")
    if named.count():
        node_id = named.get_attribute("data-node")
        expect(page.get_by_test_id(f"node-{node_id}")).to_have_class(re.compile(r"\bhas-error\b"))
    page.screenshot(path=artifacts / "22-diverged-run.png")
    assert not problems.exceptions, problems.exceptions


def test_freeze_validation_split_and_live_learning_rate(page: Page, problems: PageProblems, artifacts: Path) -> None:
    page.get_by_test_id("epochs-input").fill("5000")
    page.get_by_test_id("epochs-input").press("Enter")
    # A 20 % validation split gives a validation-loss curve.
    page.get_by_test_id("training-toggle").click()
    page.get_by_test_id("validation-ratio").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("training-panel")).to_contain_text("20%")
    page.get_by_test_id("training-panel-close").click()

    # Freeze the first layer from the inspector: the canvas marks it.
    page.get_by_test_id("node-fc1").click()
    page.get_by_test_id("freeze-toggle").check()
    expect(page.get_by_test_id("frozen-fc1")).to_be_visible()
    expect(page.get_by_test_id("node-fc1")).to_have_class(re.compile(r"\bis-frozen\b"))

    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=30_000)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=step-counter]').textContent.replace(/,/g, '')) > 100",
        timeout=30_000,
    )
    # Changing the learning rate while it trains applies live: no new run, a note in the history.
    page.get_by_test_id("lr-select").select_option("0.003")
    expect(page.get_by_test_id("settings-history")).to_contain_text("lr 0.003", timeout=15_000)
    expect(page.get_by_test_id("run-stale")).to_have_count(0)
    expect(page.get_by_test_id("current-lr")).to_contain_text("0.003", timeout=15_000)
    expect(page.get_by_test_id("legend-val")).to_be_visible()
    page.wait_for_timeout(1500)
    page.screenshot(path=artifacts / "23-live-lr-frozen.png")
    # While it runs, the training panel marks the settings that apply live.
    page.get_by_test_id("training-toggle").click()
    expect(page.locator(".training-panel .live-tag").first).to_be_visible()
    page.screenshot(path=artifacts / "24-training-panel-live.png")
    page.get_by_test_id("training-panel-close").click()
    page.get_by_test_id("play-button").click()  # pause
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "paused", timeout=15_000)
    page.get_by_test_id("reset-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "none", timeout=15_000)
    assert not problems.exceptions, problems.exceptions
