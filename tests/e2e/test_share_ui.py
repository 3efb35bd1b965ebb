"""End-to-end: a workspace built in one browser (graph, data set and options, training settings with the seed,
a lesson step, the Training panel) shared by a short link and by the full URL, opened in fresh browser contexts
that see the same state; the teacher options (presentation mode, hidden parts); bad addresses fall back with a
message. Screenshots of the Share dialog and presentation mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e
VIEWPORT = {"width": 1440, "height": 900}


def build_workspace(page: Page) -> None:
    """Change every part a link carries away from the defaults."""
    page.get_by_test_id("dataset-spiral").click()
    page.get_by_test_id("feature-x1^2").locator("input").check()
    page.get_by_test_id("node-fc1").click()
    page.get_by_test_id("param-out_features").fill("5")
    page.get_by_test_id("param-out_features").press("Enter")
    expect(page.get_by_test_id("node-params-fc1")).to_have_text("20 params")
    page.get_by_test_id("seed-input").fill("77")
    page.get_by_test_id("seed-input").press("Enter")
    page.get_by_test_id("batch-size-input").fill("16")
    page.get_by_test_id("batch-size-input").press("Enter")
    page.get_by_test_id("lr-select").select_option("0.1")
    page.get_by_test_id("lessons-open").click()
    page.get_by_test_id("lesson-class-3").click()
    page.get_by_test_id("lesson-next").click()
    expect(page.get_by_test_id("lesson-progress")).to_have_text("Step 2 of 3")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("lessons-dialog")).to_have_count(0)
    page.get_by_test_id("training-toggle").click()  # after the dialog: Escape closes the panel too
    expect(page.get_by_test_id("training-panel")).to_be_visible()


def expect_same_workspace(page: Page) -> None:
    expect(page.get_by_test_id("dataset-spiral")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("feature-x1^2").locator("input")).to_be_checked()
    expect(page.get_by_test_id("node-params-fc1")).to_have_text("20 params")
    expect(page.get_by_test_id("seed-input")).to_have_value("77")
    expect(page.get_by_test_id("batch-size-input")).to_have_value("16")
    expect(page.get_by_test_id("lr-select")).to_have_value("0.1")
    expect(page.get_by_test_id("training-panel")).to_be_visible()


def open_page(browser: Browser, base: str, address: str, problems: PageProblems) -> Page:
    context = browser.new_context(viewport=VIEWPORT, base_url=base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: problems.console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.exceptions.append(str(err)))
    page.goto(address)
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    return page


def test_share_by_short_link_and_full_url(browser: Browser, live_server: str, problems: PageProblems,
                                          artifacts: Path) -> None:
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto("/")
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    build_workspace(page)
    page.get_by_test_id("share-open").click()
    dialog = page.get_by_test_id("share-dialog")
    expect(dialog).to_contain_text("seed 77")
    expect(page.get_by_test_id("share-with-lesson")).to_be_checked()
    page.get_by_test_id("share-present").check()
    page.get_by_test_id("share-hide-palette").check()
    page.get_by_test_id("share-make-short").click()
    short = page.get_by_test_id("share-short-url")
    expect(short).to_have_value(re.compile(r"/s/[A-Za-z0-9_-]+\?present=1&hide=palette$"))
    page.get_by_test_id("share-short-url-copy").click()
    expect(page.get_by_test_id("share-short-url-copy")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == short.input_value()
    page.screenshot(path=artifacts / "share-01-dialog.png")
    long_url = page.get_by_test_id("share-long-url").input_value()
    short_url = short.input_value()
    context.close()

    other = open_page(browser, live_server, short_url, problems)
    expect_same_workspace(other)
    expect(other.get_by_test_id("lessons-dialog")).to_be_visible()
    expect(other.get_by_test_id("lesson-progress")).to_have_text("Step 2 of 3")
    expect(other.get_by_test_id("app")).to_have_attribute("data-present", "true")
    expect(other.get_by_test_id("palette")).to_be_hidden()
    assert "link=" not in other.url and "present=1" in other.url, "the link is spent, the options stay"
    other.screenshot(path=artifacts / "share-02-short-link-present.png")
    other.keyboard.press("Escape")
    other.screenshot(path=artifacts / "share-03-presentation-mode.png")
    other.get_by_test_id("share-open").click()
    other.screenshot(path=artifacts / "share-04-dialog-presentation-mode.png")
    other.keyboard.press("Escape")
    other.context.close()

    full = open_page(browser, live_server, long_url.replace("present=1&", ""), problems)
    expect_same_workspace(full)
    expect(full.get_by_test_id("app")).to_have_attribute("data-present", "false")
    expect(full.get_by_test_id("palette")).to_be_hidden()
    assert "#s=" not in full.url
    full.context.close()
    assert problems.all() == []


@pytest.mark.parametrize(("address", "message"), [
    ("/#s=N4IgLgTg9gzg", "cut short or mistyped"),
    ("/?link=nOsUcHlInK", "no link 'nOsUcHlInK'"),
    ("/?hide=palette,nonsense", "nonsense"),
])
def test_a_bad_address_says_so_and_keeps_the_page(browser: Browser, live_server: str, address: str,
                                                  message: str) -> None:
    page = open_page(browser, live_server, address, PageProblems())
    expect(page.get_by_test_id("toast").first).to_contain_text(message)
    expect(page.get_by_test_id("node-fc1")).to_be_visible()  # the default workspace, not a blank page
    page.context.close()
