"""End-to-end: the probe views in Chromium — feature maps of a clicked conv node, weights and gradients, the
confusion matrix and the sample picker on LeNet-5, the views of a finished run, the unit maps of a 2-D MLP, and a VAE's
samples from the prior and its latent grid."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems
from tests.e2e.test_ui import image_drawn, wait_for

pytestmark = pytest.mark.e2e


def load_template(page: Page, template: str) -> None:
    page.get_by_test_id("open-templates").click()
    card = page.get_by_test_id(f"template-{template}")
    expect(card).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    card.click()
    # Loading validates the graph on the server first, which takes a while on a loaded machine.
    expect(page.get_by_test_id("template-gallery")).to_be_hidden(timeout=45_000)


def step_of(page: Page, testid: str) -> int | None:
    value = page.get_by_test_id(testid).first.get_attribute("data-step")
    return int(value) if value else None


def canvas_colours(page: Page, testid: str) -> int:
    """How many distinct colours the canvas under testid holds (a drawn map has many; a blank one, one)."""
    return int(page.get_by_test_id(testid).first.evaluate(
        """canvas => {
            const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            const seen = new Set();
            for (let i = 0; i < data.length; i += 16) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
            return seen.size;
        }"""))


def test_lenet_feature_maps_weights_confusion_and_finished_run(
    page: Page, problems: PageProblems, artifacts: Path,
) -> None:
    load_template(page, "lenet5")
    expect(page.get_by_test_id("node-shape-c1")).to_have_text("[6, 28, 28]")
    page.get_by_test_id("epochs-input").fill("2")
    page.get_by_test_id("epochs-input").press("Enter")
    page.get_by_test_id("batch-size-input").fill("32")
    page.get_by_test_id("batch-size-input").press("Enter")
    # Adam at 0.03 saturates LeNet's tanh units; 0.003 learns the digits in two short epochs.
    page.get_by_test_id("lr-select").select_option("0.003")
    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=90_000)

    # Clicking a conv node shows its six 28×28 feature maps for the pinned sample, beside the sample itself.
    page.get_by_test_id("node-c1").click()
    view = page.get_by_test_id("activation-view")
    expect(view).to_be_visible()
    maps = page.get_by_test_id("feature-maps")
    expect(maps).to_have_attribute("data-layout", "maps", timeout=10_000)
    expect(maps).to_have_attribute("data-channels", "6")
    wait_for(lambda: canvas_colours(page, "feature-maps") > 20, 5, "the feature maps were not drawn")
    # While training, the maps follow the weights: a frame of a newer step arrives within a second or so.
    first = step_of(page, "activation-view")
    started = time.monotonic()
    wait_for(lambda: (step_of(page, "activation-view") or 0) > (first or 0), 5, "the feature maps did not change")
    changed_after = time.monotonic() - started
    print(f"feature maps changed {changed_after:.2f} s after the first frame (machine under shared load)")
    expect(page.get_by_test_id("activation-input")).to_be_visible()
    wait_for(lambda: image_drawn(page, "activation-input"), 5, "the pinned input was not drawn")
    page.get_by_test_id("inspector").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "30-probe-feature-maps.png")

    # The range switch redraws the same frame per channel.
    page.get_by_test_id("range-channel").click()
    expect(page.get_by_test_id("range-channel")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_test_id("probe-legend").first).to_contain_text("max of each")

    # Weights and gradients of the conv node: histograms, norms over time, the kernels as an image.
    weights = page.get_by_test_id("weights-view")
    expect(page.get_by_test_id("weight-histogram")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("grad-histogram")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("weight-image")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("norms-chart")).to_be_visible(timeout=10_000)
    # The inspector scrolls within the editor column: a taller window shows the whole section at once.
    page.set_viewport_size({"width": 1440, "height": 1400})
    weights.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.get_by_test_id("inspector").screenshot(path=artifacts / "31-probe-weights-gradients.png")
    page.set_viewport_size({"width": 1440, "height": 900})

    # The confusion matrix fills in over the evaluation subset; the picker lists test samples with predictions.
    matrix = page.get_by_test_id("confusion-matrix")
    expect(matrix).to_be_visible(timeout=15_000)
    assert int(matrix.get_attribute("data-total") or 0) > 100
    picker = page.get_by_test_id("sample-picker")
    expect(picker.locator("button")).to_have_count(12, timeout=10_000)
    expect(page.get_by_test_id("gradient-layers")).to_be_visible(timeout=10_000)
    page.get_by_test_id("output-probes").screenshot(path=artifacts / "32-probe-confusion-samples.png")

    # Pinning another sample re-watches the activations for it.
    page.get_by_test_id("sample-3").click()
    expect(page.get_by_test_id("sample-3")).to_have_attribute("aria-pressed", "true")
    expect(view).to_have_attribute("data-sample", "3")

    # A finished run still answers: from its checkpoint, the views come back for another node.
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "finished", timeout=300_000)
    accuracy = float(matrix.get_attribute("data-accuracy") or 0)
    page.get_by_test_id("node-c3").click()
    expect(page.get_by_test_id("feature-maps")).to_have_attribute("data-channels", "16", timeout=10_000)
    wait_for(lambda: canvas_colours(page, "feature-maps") > 20, 5, "the finished run's maps were not drawn")
    expect(page.get_by_test_id("weight-histogram")).to_be_visible(timeout=10_000)
    expect(matrix).to_be_visible()
    print(f"confusion-matrix accuracy after 2 epochs: {accuracy:.3f}")
    assert accuracy > 0.3, accuracy  # chance is 0.1
    page.screenshot(path=artifacts / "33-probe-finished-run.png")
    page.get_by_test_id("output-probes").screenshot(path=artifacts / "35-probe-finished-confusion.png")
    assert problems.exceptions == [], problems.exceptions


def test_points_mlp_unit_maps_and_boundary(page: Page, problems: PageProblems, artifacts: Path) -> None:
    page.get_by_test_id("play-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=90_000)
    # The default network on circle: a hidden Linear's units each drawn over the input plane.
    node = page.locator("[data-testid^=node-]").filter(has_text="Linear").first
    node.click()
    expect(page.get_by_test_id("unit-maps")).to_be_visible(timeout=10_000)
    wait_for(lambda: canvas_colours(page, "unit-maps") > 10, 5, "the unit maps were not drawn")
    expect(page.get_by_test_id("boundary-canvas")).to_have_attribute("data-step", re.compile(r"\d+"))
    page.get_by_test_id("inspector").screenshot(path=artifacts / "34-probe-unit-maps.png")
    # The small MLP's weights as Playground's edges, and the gradient norm of each of its layers.
    diagram = page.get_by_test_id("network-diagram")
    expect(diagram).to_be_visible(timeout=10_000)
    wait_for(lambda: canvas_colours(page, "network-diagram") > 5, 5, "the network's edges were not drawn")
    expect(page.get_by_test_id("gradient-layers")).to_be_visible(timeout=10_000)
    page.get_by_test_id("output-probes").screenshot(path=artifacts / "37-probe-network-gradients.png")
    page.get_by_test_id("reset-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "none")
    assert problems.exceptions == [], problems.exceptions


@pytest.mark.parametrize(("template", "view", "drawn"), [
    ("unet", "masks", "prediction-pair"),
    ("conv_autoencoder", "images", "prediction-pair"),
    ("seq2seq_lstm", "values", "forecast-curves"),
    ("transformer_seq2seq", "tokens", "token-rows"),
])
def test_prediction_view_per_task(
    page: Page, problems: PageProblems, artifacts: Path, template: str, view: str, drawn: str,
) -> None:
    # Each task's predictions are drawn as the server's task table says, on the pinned test samples.
    load_template(page, template)
    page.get_by_test_id("play-button").click()
    predictions = page.get_by_test_id("prediction-view")
    expect(predictions).to_have_attribute("data-view", view, timeout=120_000)
    expect(page.get_by_test_id(drawn).first).to_be_visible()
    if drawn != "token-rows":
        wait_for(lambda: canvas_colours(page, drawn) > 3, 10, f"the {view} view was not drawn")
    page.wait_for_timeout(1500)
    status = page.get_by_test_id("run-status")
    if status.get_attribute("data-status") == "running":  # a short template may have finished already
        page.get_by_test_id("play-button").click()  # pause, so the picture holds still
    expect(status).to_have_attribute("data-status", re.compile(r"^(paused|finished)$"), timeout=30_000)
    predictions.screenshot(path=artifacts / f"36-probe-predictions-{view}.png")
    # Reset stops the run: a paused one would keep its worker from the tests that follow.
    page.get_by_test_id("reset-button").click()
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "none")
    assert problems.exceptions == [], problems.exceptions


def test_vae_prior_samples_and_latent_grid(page: Page, problems: PageProblems, artifacts: Path) -> None:
    # The VAE's output panel decodes 16 seeded codes from the prior while it trains, and still after it finished.
    load_template(page, "vae")
    for node in ("mean", "log_var"):  # a code of 2 values, so the latent plane can be laid out as a grid
        page.get_by_test_id(f"node-{node}").click()
        page.get_by_test_id("param-out_features").fill("2")
    expect(page.get_by_test_id("node-shape-z")).to_have_text("[2]")
    page.get_by_test_id("epochs-input").fill("6")
    page.get_by_test_id("epochs-input").press("Enter")
    page.get_by_test_id("play-button").click()
    images = page.get_by_test_id("prior-images")
    expect(images).to_have_attribute("data-count", "16", timeout=90_000)
    wait_for(lambda: canvas_colours(page, "prior-images") > 10, 10, "the prior samples were not drawn")
    expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "finished", timeout=300_000)
    view = page.get_by_test_id("prior-view")
    view.scroll_into_view_if_needed()
    view.screenshot(path=artifacts / "38-probe-prior-samples.png")
    # The finished run answers from its checkpoint: a 7×7 walk over [-2, 2]² of the 2-value code.
    page.get_by_test_id("prior-grid").click()
    expect(images).to_have_attribute("data-layout", "grid", timeout=15_000)
    expect(images).to_have_attribute("data-count", "49")
    wait_for(lambda: canvas_colours(page, "prior-images") > 10, 10, "the latent grid was not drawn")
    view.screenshot(path=artifacts / "39-probe-prior-grid.png")
    assert problems.exceptions == [], problems.exceptions
