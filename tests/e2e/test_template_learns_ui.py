"""End-to-end: a template learns as it is. Loading LeNet-5 from the gallery sets the training panel to its own
settings, and pressing Play, with no other change, reaches its declared test accuracy on the digits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from neurona.gallery import template
from tests.e2e.conftest import PageProblems

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SECONDS = 60  # the promise to a class: a template reaches its target within a minute on a laptop CPU


def test_lenet_from_the_gallery_reaches_its_target_with_its_own_settings(
        page: Page, problems: PageProblems, artifacts: Path) -> None:
    lenet = template("lenet5")
    page.get_by_test_id("open-templates").click()
    expect(page.get_by_test_id("template-target-lenet5")).to_contain_text("97%")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("template-lenet5").click()
    expect(page.get_by_test_id("template-gallery")).to_be_hidden(timeout=30_000)  # after the server checks it
    expect(page.get_by_test_id("batch-size-input")).to_have_value(str(lenet["training"]["batch_size"]))
    expect(page.get_by_test_id("epochs-input")).to_have_value(str(lenet["training"]["epochs"]))
    expect(page.get_by_test_id("lr-select")).to_have_value(str(lenet["training"]["lr"]))

    started = time.monotonic()
    page.get_by_test_id("play-button").click()
    status = page.get_by_test_id("run-status")
    expect(status).to_have_attribute("data-status", "finished", timeout=4 * SECONDS * 1000)
    seconds = time.monotonic() - started
    accuracy = float(page.get_by_test_id("test-accuracy").get_attribute("data-value") or 0)
    page.screenshot(path=artifacts / "20-lenet-template-trained.png")
    assert accuracy >= lenet["target"]["value"], accuracy
    print(f"LeNet-5 from the gallery: {accuracy:.4f} test accuracy in {seconds:.1f} s")
    assert seconds < 4 * SECONDS, "within a minute on a quiet 2-core machine; 4× allowed for a loaded one"
    assert problems.all() == []
