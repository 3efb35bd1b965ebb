"""End-to-end: attention heatmaps of the reverse transformer (one head, all heads, scores), the computation graph
of LeNet-5 collapsed and expanded with an operation's detail, and Grad-CAM over a pinned digit, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems
from tests.e2e.test_probe_views import canvas_colours, load_template, step_of
from tests.e2e.test_ui import wait_for

pytestmark = pytest.mark.e2e


def play(page: Page) -> None:
    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=60_000)


def test_attention_heads_scores_and_cross_attention(page: Page, problems: PageProblems, artifacts: Path) -> None:
    load_template(page, "transformer_seq2seq")
    play(page)
    page.get_by_test_id("node-dec").click()
    view = page.get_by_test_id("attention-view")
    expect(view).to_be_visible(timeout=10_000)
    view.scroll_into_view_if_needed()
    wait_for(lambda: canvas_colours(page, "attention-canvas") > 5, 20, "the attention was not drawn")
    page.get_by_test_id("attention-which").select_option("cross")
    wait_for(lambda: (step_of(page, "attention-view") or 0) > 150, 120, "the run did not train")
    view.scroll_into_view_if_needed()
    view.screenshot(path=artifacts / "40-attention-head.png")
    page.get_by_test_id("attention-head").select_option("all")
    view.screenshot(path=artifacts / "41-attention-all-heads.png")
    page.get_by_test_id("attention-scores").check()
    wait_for(lambda: "Q·Kᵀ" in view.inner_text(), 10, "the scores did not arrive")
    view.screenshot(path=artifacts / "42-attention-scores.png")
    assert problems.exceptions == [], problems.exceptions


def test_lenet_graph_and_grad_cam(page: Page, problems: PageProblems, artifacts: Path) -> None:
    load_template(page, "lenet5")
    play(page)
    page.get_by_test_id("graph-tab").click()
    group = page.get_by_test_id("graph-group-c1")
    expect(group).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("graph-group-loss")).to_be_visible()
    page.get_by_test_id("graph-dialog").screenshot(path=artifacts / "43-graph-collapsed.png")
    first = group.text_content()
    wait_for(lambda: group.text_content() != first, 20, "the gradient summary did not change while training")
    group.click()
    conv = page.locator("[data-testid^=graph-op-]").filter(has_text="convolution").first
    expect(conv).to_be_visible()
    conv.click()
    expect(page.get_by_test_id("graph-tensors")).to_be_visible(timeout=10_000)
    page.get_by_test_id("graph-dialog").screenshot(path=artifacts / "44-graph-expanded-detail.png")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("graph-dialog")).to_be_hidden()

    attribution = page.get_by_test_id("attribution-view")
    attribution.scroll_into_view_if_needed()
    expect(page.get_by_test_id("attribution-overlay")).to_be_visible(timeout=20_000)
    attribution.screenshot(path=artifacts / "45-grad-cam.png")
    page.get_by_test_id("attribution-method").select_option("occlusion")
    expect(attribution).to_have_attribute("data-method", "occlusion", timeout=20_000)
    attribution.screenshot(path=artifacts / "46-occlusion.png")
    assert problems.exceptions == [], problems.exceptions
