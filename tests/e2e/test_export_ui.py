"""The Code menu in Chromium: PyTorch code of the editor's graph before training; after a run, its trained
weights, which load into that code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from playwright.sync_api import Page, expect
from safetensors.torch import load_file

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e


def download(page: Page, format_name: str, folder: Path) -> Path:
    page.get_by_test_id("export-code").click()
    with page.expect_download() as info:
        page.get_by_test_id(f"export-{format_name}").click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_code_menu_exports_the_graph_then_the_trained_weights(page: Page, problems: PageProblems, artifacts: Path,
                                                              tmp_path: Path) -> None:
    page.get_by_test_id("export-code").click()
    expect(page.get_by_test_id("export-safetensors")).to_be_disabled()  # nothing trained yet
    expect(page.get_by_role("menu")).to_contain_text("Train this network first")
    page.screenshot(path=artifacts / "export-menu-untrained.png")
    page.keyboard.press("Escape")
    expect(page.get_by_role("menu")).to_have_count(0)

    source = download(page, "torch", tmp_path)
    assert source.suffix == ".py" and "class " in source.read_text()

    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=120_000)
    page.get_by_test_id("play-button").click()  # pause: a checkpoint holds the weights so far
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "paused", timeout=60_000)
    page.get_by_test_id("export-code").click()
    expect(page.get_by_test_id("export-safetensors")).to_be_enabled()
    page.screenshot(path=artifacts / "export-menu-trained.png")
    page.get_by_test_id("export-code").click()

    weights = download(page, "safetensors", tmp_path)
    code = download(page, "torch", tmp_path)
    namespace: dict = {"__name__": "exported"}
    exec(compile(code.read_text(), str(code), "exec"), namespace)
    name = re.search(r"^class (\w+)\(nn.Module\):\n    \"\"\"One attribute", code.read_text(), re.MULTILINE)
    assert name is not None
    model = namespace[name.group(1)]()
    model.load_state_dict(load_file(weights), strict=True)
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert problems.all() == []
