"""End-to-end: upload a CSV from the browser (a bad one first, whose errors name the row), then train on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.api.upload_files import iris_csv
from tests.e2e.conftest import PageProblems
from tests.e2e.test_ui import train_and_watch

pytestmark = pytest.mark.e2e


def setosa_csv() -> bytes:
    """Iris with two classes, setosa or other: the default network's single output unit fits it."""
    lines = iris_csv().decode().splitlines()
    rows = [re.sub(r",(versicolor|virginica)$", ",other", line) for line in lines[1:]]
    return "\n".join([lines[0], *rows]).encode()


def test_upload_csv_in_the_browser_and_train(page: Page, problems: PageProblems, artifacts: Path) -> None:
    page.get_by_test_id("upload-open").click()
    dialog = page.get_by_test_id("upload-dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_test_id("upload-limits")).to_contain_text("MB")

    # A ragged row is refused; the message names the file and the row, and nothing is added.
    bad = b"sepal,petal,species\n1,2,a\n3,b\n"
    page.get_by_test_id("upload-file").set_input_files({"name": "ragged.csv", "mimeType": "text/csv", "buffer": bad})
    expect(page.get_by_test_id("upload-option-target")).to_have_value("species")
    page.get_by_test_id("upload-send").click()
    errors = page.get_by_test_id("upload-errors")
    expect(errors).to_contain_text("ragged.csv, row 3")
    page.screenshot(path=artifacts / "30-upload-error.png")

    # The header's columns are offered as the target; the guess is the label-like one.
    page.get_by_test_id("upload-file").set_input_files(
        {"name": "setosa.csv", "mimeType": "text/csv", "buffer": setosa_csv()})
    target = page.get_by_test_id("upload-option-target")
    expect(target.locator("option")).to_have_count(5)
    expect(target).to_have_value("species")
    page.screenshot(path=artifacts / "31-upload-dialog.png")
    page.get_by_test_id("upload-send").click()
    expect(dialog).to_be_hidden(timeout=30_000)

    # The upload is a dataset of the panel, chosen at once, and listed with a delete button.
    uploaded = page.locator("[data-testid^='dataset-upload:']")
    expect(uploaded).to_have_count(1)
    expect(uploaded).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("uploads")).to_contain_text("setosa.csv")
    expect(page.get_by_test_id("node-shape-in")).to_have_text("[4]")
    page.screenshot(path=artifacts / "32-upload-listed.png")

    first, best = train_and_watch(page, min_accuracy=0.9)
    assert best < first
    page.screenshot(path=artifacts / "33-upload-trained.png")

    # Deleting it removes it from the list and from the datasets.
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("uploads").locator("[data-testid^='upload-delete-']").click()
    expect(uploaded).to_have_count(0)
    # the browser logs the refused upload's 422 as a failed resource; nothing else may fail
    assert [m for m in problems.all() if "status of 422" not in m] == [], problems.all()
    assert len(problems.console) == 1, problems.console
