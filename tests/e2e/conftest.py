"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright (sync API).

The server comes from `live_server` in tests/conftest.py and serves the built frontend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageProblems:
    """Console errors and uncaught exceptions a page produced; a clean page has none."""

    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.console, *self.exceptions]


# Package scope: Playwright's sync API keeps an event loop running while it is open, which would break the
# asyncio-based tests if it outlived this package.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


def open_app(browser: Browser, live_server: str, problems: PageProblems, locale: str = "en-US") -> Iterator[Page]:
    """A fresh browser context (own cookie session, empty localStorage, `locale` as the preferred language) on
    the app, fully loaded; closed after."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: problems.console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.exceptions.append(str(err)))
    page.goto("/")
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, live_server: str, problems: PageProblems) -> Iterator[Page]:
    """The app in a fresh browser that prefers English."""
    yield from open_app(browser, live_server, problems)
