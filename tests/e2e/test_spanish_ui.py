"""End-to-end: the interface in Spanish. A browser that prefers Spanish gets it at once (panel titles, the
server's form labels and descriptions, validation messages); the switch changes language on the spot, refetching
what the server words, and the choice survives a reload. Screenshots of the editor, the training panel and an
explainer in Spanish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageProblems, open_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def spanish_page(browser: Browser, live_server: str, problems: PageProblems) -> Iterator[Page]:
    """The app in a fresh browser whose preferred language is Spanish (Argentina)."""
    yield from open_app(browser, live_server, problems, locale="es-AR")


def test_a_spanish_browser_gets_the_interface_in_spanish(spanish_page: Page, problems: PageProblems,
                                                         artifacts: Path) -> None:
    page = spanish_page
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_test_id("language-es")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".column-title")).to_have_text(["Datos", "Capas", "Salida"])
    # The data set's name, description and option labels come from the server, in Spanish.
    expect(page.get_by_test_id("dataset-circle")).to_contain_text("Círculo")
    expect(page.get_by_test_id("dataset-description")).to_contain_text("Un disco (clase 1)")
    expect(page.get_by_label("Ruido")).to_be_visible()
    expect(page.get_by_label("Proporción de prueba")).to_be_visible()
    page.get_by_test_id("node-fc1").click()
    expect(page.get_by_test_id("inspector")).to_contain_text("Forma de salida")
    expect(page.get_by_label("Neuronas de salida")).to_have_value("8")
    page.screenshot(path=artifacts / "es-01-editor.png")

    # A graph problem is said in Spanish too.
    page.get_by_test_id("param-out_features").fill("0")
    page.get_by_test_id("param-out_features").press("Enter")
    expect(page.get_by_test_id("param-out_features-error")).to_have_text("out_features debe ser ≥ 1 (recibido: 0)")
    page.get_by_test_id("param-out_features").fill("8")
    page.get_by_test_id("param-out_features").press("Enter")
    expect(page.get_by_test_id("graph-validity")).to_contain_text("Grafo correcto")

    page.get_by_test_id("training-toggle").click()
    panel = page.get_by_test_id("training-panel")
    expect(panel).to_contain_text("Ajustes de entrenamiento")
    expect(panel).to_contain_text("Programación de la tasa de aprendizaje")
    expect(panel).to_contain_text("Decaimiento de pesos")  # the optimizer's schema title, from the server
    page.get_by_test_id("panel-optimizer-select").select_option("momentum")
    expect(page.get_by_test_id("panel-optimizer-select").locator("option:checked")).to_have_text("SGD con momento")
    expect(page.get_by_test_id("opt-param-momentum")).to_have_accessible_name(re.compile(r"^Momento"))
    page.get_by_test_id("schedule-select").select_option("step")
    expect(panel.get_by_label("Tamaño del escalón (pasos)")).to_be_visible()
    page.screenshot(path=artifacts / "es-02-training-panel.png")
    page.get_by_test_id("training-panel-close").click()

    page.get_by_test_id("lessons-open").click()
    page.get_by_test_id("lesson-class-3").click()
    page.get_by_test_id("lesson-open-explainer").click()
    expect(page.get_by_test_id("explainer-output-shape")).to_have_text("6 × 24 × 24")
    expect(page.get_by_label("Relleno (padding)")).to_be_visible()
    expect(page.get_by_label("Tamaño del núcleo")).to_be_visible()
    page.screenshot(path=artifacts / "es-03-explainer.png")
    assert problems.all() == []


def test_the_switch_changes_language_and_is_remembered(page: Page, problems: PageProblems) -> None:
    expect(page.locator(".column-title")).to_have_text(["Data", "Layers", "Output"])
    expect(page.get_by_test_id("dataset-description")).to_contain_text("A disc (class 1)")
    page.get_by_test_id("language-es").click()
    expect(page.locator(".column-title")).to_have_text(["Datos", "Capas", "Salida"])
    expect(page.get_by_test_id("dataset-description")).to_contain_text("Un disco (clase 1)")  # refetched
    expect(page.get_by_label("Ruido")).to_be_visible()
    expect(page.get_by_test_id("play-button")).to_have_attribute("title", "Entrenar (play)")

    page.reload()
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    expect(page.get_by_test_id("language-es")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".column-title")).to_have_text(["Datos", "Capas", "Salida"])

    page.get_by_test_id("language-en").click()
    expect(page.get_by_test_id("dataset-description")).to_contain_text("A disc (class 1)")
    expect(page.get_by_label("Noise")).to_be_visible()
    assert problems.all() == []


def test_a_shape_error_and_the_shape_arithmetic_in_spanish(spanish_page: Page, problems: PageProblems,
                                                           artifacts: Path) -> None:
    page = spanish_page
    page.get_by_test_id("open-templates").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("template-vgg_block").click()  # a small CNN on 8×8 digits
    expect(page.get_by_test_id("graph-validity")).to_have_class(re.compile("is-valid"))
    page.get_by_test_id("node-c1").click()
    expect(page.get_by_test_id("shape-explain")).to_contain_text('padding "same" conserva 8')

    page.get_by_test_id("node-c2").click()
    page.get_by_test_id("param-kernel_size").fill("15")
    page.get_by_test_id("param-kernel_size").press("Enter")
    expect(page.get_by_test_id("param-kernel_size-error")).to_have_text(
        "el núcleo 15 es mayor que su entrada con relleno de 10×10; baja kernel_size o añade padding")
    expect(page.get_by_test_id("graph-validity")).not_to_have_class(re.compile("is-valid"))
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "es-04-shape-error.png")
    assert problems.all() == []
