"""End-to-end: grouping layers into a named block, collapsing and expanding it, saving it to the library and
inserting a copy from the palette. Blocks are editor-only: the spec the server sees stays flat."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems

pytestmark = pytest.mark.e2e

DEFAULT_IDS = {"in", "fc1", "act1", "fc2", "act2", "out"}


def test_group_collapse_expand_save_and_insert_block(
        page: Page, problems: PageProblems, artifacts: Path) -> None:
    specs: list[dict] = []
    page.on("request", lambda r: specs.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/api/specs/validate") and r.method == "POST" else None)
    expect(page.get_by_test_id("total-params")).to_have_text("105")

    # Select two layers (click, then Ctrl+click): the toolbar offers to group them.
    group = page.get_by_test_id("group-block")
    expect(group).to_be_disabled()
    page.get_by_test_id("node-fc1").click()
    page.get_by_test_id("node-act1").click(modifiers=["Control"])
    expect(group).to_be_enabled()
    page.keyboard.press("Control+g")
    dialog = page.get_by_test_id("block-name-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("block-name-input").fill("Hidden")
    page.screenshot(path=artifacts / "blocks-01-name-dialog.png")
    page.get_by_test_id("block-name-ok").click()
    expect(dialog).to_be_hidden()

    frame = page.get_by_test_id("block-frame-block-1")
    expect(frame).to_contain_text("Hidden")
    # The members are drawn inside the frame.
    outer, inner = frame.bounding_box(), page.get_by_test_id("node-fc1").bounding_box()
    assert outer and inner and outer["x"] < inner["x"] and inner["x"] + inner["width"] < outer["x"] + outer["width"]
    page.screenshot(path=artifacts / "blocks-02-grouped.png")

    # Collapse: one compact node with the block's params and shapes; the graph is the same to the server.
    page.get_by_test_id("block-collapse-block-1").click()
    collapsed = page.get_by_test_id("block-collapsed-block-1")
    expect(collapsed).to_be_visible()
    expect(page.get_by_test_id("node-fc1")).to_be_hidden()
    expect(page.get_by_test_id("node-act1")).to_be_hidden()
    expect(page.get_by_test_id("block-params-block-1")).to_have_text("24 params")
    expect(page.get_by_test_id("block-shapes-block-1")).to_have_text("2 → 8")
    expect(page.get_by_test_id("edge-shape-block-1-fc2")).to_have_text("8")
    expect(page.get_by_test_id("graph-validity")).to_have_class(re.compile("is-valid"))
    expect(page.get_by_test_id("total-params")).to_have_text("105")
    page.screenshot(path=artifacts / "blocks-03-collapsed.png")
    # Grouping and collapsing did not change the spec: nothing new was sent to the server to validate.
    assert all({n["id"] for n in spec["graph"]["nodes"]} == DEFAULT_IDS for spec in specs)

    # Expand brings the layers back; save puts the block in the palette's Blocks tab.
    page.get_by_test_id("block-expand-block-1").click()
    expect(page.get_by_test_id("node-fc1")).to_be_visible()
    expect(collapsed).to_have_count(0)
    page.get_by_test_id("block-save-block-1").click()
    page.get_by_test_id("palette-tab-blocks").click()
    saved = page.get_by_test_id("palette-block-Hidden")
    expect(saved).to_contain_text("2 layers")
    saved.click()

    # A copy with fresh ids, in its own frame; the graph reports the new (not yet connected) layers.
    expect(page.get_by_test_id("block-frame-block-2")).to_contain_text("Hidden")
    expect(page.get_by_test_id("node-linear1")).to_be_visible()
    expect(page.get_by_test_id("node-tanh1")).to_be_visible()
    expect(page.get_by_test_id("node-error-linear1")).to_be_visible()
    expect(page.get_by_test_id("graph-errors")).to_contain_text("tanh1")
    expect(page.get_by_test_id("graph-validity")).to_have_class(re.compile("is-invalid"))
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "blocks-04-inserted.png")
    sent = specs[-1]["graph"]
    assert {n["id"] for n in sent["nodes"]} == DEFAULT_IDS | {"linear1", "tanh1"}
    assert {"source": "linear1", "target": "tanh1"} in sent["edges"]
    assert not any(k.startswith("block") for n in sent["nodes"] for k in (n["id"], n["type"]))

    # Export: a flat graph; the blocks are in the editor section.
    with page.expect_download() as download_info:
        page.get_by_test_id("export-graph").click()
    exported = json.loads(Path(download_info.value.path()).read_text())
    assert {n["id"] for n in exported["graph"]["nodes"]} == DEFAULT_IDS | {"linear1", "tanh1"}
    assert [(b["name"], b["members"]) for b in exported["editor"]["blocks"]] == [
        ("Hidden", ["fc1", "act1"]), ("Hidden", ["linear1", "tanh1"])]

    # Undo takes the inserted copy away; a reload keeps the block and the library.
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("node-linear1")).to_have_count(0)
    expect(page.get_by_test_id("block-frame-block-2")).to_have_count(0)
    expect(page.get_by_test_id("graph-validity")).to_have_class(re.compile("is-valid"))
    page.reload()
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    expect(page.get_by_test_id("block-frame-block-1")).to_contain_text("Hidden")
    page.get_by_test_id("palette-tab-blocks").click()
    expect(page.get_by_test_id("palette-block-Hidden")).to_be_visible()

    page.screenshot(path=artifacts / "blocks-05-reloaded.png")
    # Ungroup removes the frame and keeps the layers.
    page.get_by_test_id("block-ungroup-block-1").click()
    expect(page.get_by_test_id("block-frame-block-1")).to_have_count(0)
    expect(page.get_by_test_id("node-fc1")).to_be_visible()
    expect(page.get_by_test_id("total-params")).to_have_text("105")
    assert problems.all() == []
