"""A classroom in Chromium: a teacher and three students, each a browser context of their own (own cookie session).
The teacher creates a room, the students join by link and name, the teacher shares a workspace and hides a
control, the students train, their runs appear on the teacher view, the challenge ranks them, and no student can
read another's run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.e2e
NAMES = ("Ana", "Ben", "Cleo")
PROJECTOR = {"width": 1600, "height": 900}


def open_app(context: BrowserContext, path: str = "/") -> Page:
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(path)
    page.wait_for_selector("[data-testid=app][data-ready=true]")
    return page


@pytest.fixture
def contexts(browser: Browser, live_server: str) -> Iterator[list[BrowserContext]]:
    made = [browser.new_context(viewport=PROJECTOR if i == 0 else {"width": 1440, "height": 900},
                                base_url=live_server) for i in range(4)]
    yield made
    for context in made:
        context.close()


def run_ids(page: Page) -> list[str]:
    response = page.request.get("/api/experiments")
    assert response.ok
    return [e["id"] for e in response.json()]


def test_a_teacher_and_three_students(contexts: list[BrowserContext], artifacts: Path) -> None:
    teacher = open_app(contexts[0])
    teacher.get_by_test_id("dataset-spiral").click()  # the workspace the teacher will share
    teacher.get_by_test_id("epochs-input").fill("3")
    teacher.get_by_test_id("epochs-input").press("Enter")
    teacher.get_by_test_id("room-open").click()
    teacher.get_by_test_id("room-create-name").fill("Class 3B")
    teacher.get_by_test_id("room-create-submit").click()
    view = teacher.get_by_test_id("teacher-view")
    expect(view).to_be_visible()
    code = teacher.get_by_test_id("room-code").inner_text().strip()
    expect(teacher.get_by_test_id("room-key-value")).to_have_count(0)  # not on the projector unless asked
    teacher.get_by_test_id("room-key-show").click()
    key = teacher.get_by_test_id("room-key-value").inner_text().strip()
    assert len(code) == 6 and key not in teacher.url

    students = []
    for context, name in zip(contexts[1:], NAMES, strict=True):
        page = open_app(context, f"/?room={code}")
        expect(page.get_by_test_id("room-join-code")).to_have_value(code)
        page.get_by_test_id("room-join-name").fill(name)
        page.get_by_test_id("room-join-submit").click()
        expect(page.get_by_test_id("room-badge-name")).to_have_text(name)
        students.append(page)
    expect(teacher.get_by_test_id("room-card")).to_have_count(3)
    expect(teacher.get_by_test_id("room-member-count")).to_contain_text("3")

    # the teacher shares the spiral workspace and hides the uploads from everyone
    teacher.get_by_test_id("room-push").click()
    teacher.get_by_test_id("room-hidden-uploads").click()  # checked once the server has answered
    expect(teacher.get_by_test_id("room-hidden-uploads")).to_be_checked()
    teacher.get_by_test_id("room-challenge-max").fill("1000")
    teacher.get_by_test_id("room-challenge-start").click()
    expect(teacher.get_by_test_id("room-challenge")).to_contain_text("spiral")
    for page in students:
        expect(page.get_by_test_id("dataset-spiral")).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_test_id("uploads")).to_be_hidden()
        expect(page.get_by_test_id("room-badge-challenge")).to_be_visible()
    students[0].screenshot(path=str(artifacts / "room-student.png"))

    # Ben trains longer; Cleo on another data set, so her run does not count for the spiral challenge
    students[1].get_by_test_id("epochs-input").fill("8")
    students[1].get_by_test_id("epochs-input").press("Enter")
    students[2].get_by_test_id("dataset-circle").click()
    for page in students:
        page.get_by_test_id("play-button").click()
    for page in students:
        expect(page.get_by_test_id("run-status")).to_have_attribute("data-status", "finished", timeout=90_000)
    expect(teacher.locator("[data-testid=room-card-status]", has_text="Finished")).to_have_count(3, timeout=20_000)
    expect(teacher.get_by_test_id("room-leaderboard-row")).to_have_count(2, timeout=20_000)
    teacher.get_by_test_id("room-key").get_by_role("button", name="Noted").click()
    teacher.screenshot(path=str(artifacts / "room-teacher.png"))

    state = teacher.request.get(f"/api/rooms/{code}", headers={"X-Neurona-Room-Key": key}).json()
    board = state["leaderboard"]
    assert {e["display_name"] for e in board} == {"Ana", "Ben"}
    accuracies = [e["accuracy"] for e in board]
    assert accuracies == sorted(accuracies, reverse=True)
    shown = teacher.get_by_test_id("room-leaderboard-row").evaluate_all("rows => rows.map(r => r.dataset.student)")
    assert shown == [e["display_name"] for e in board]

    # isolation: a student reads only their own runs; the teacher view needs the key
    ana, ben = students[0], students[1]
    ben_run = run_ids(ben)[0]
    assert ana.request.get(f"/api/experiments/{ben_run}").status == 404
    assert ben_run not in run_ids(ana)
    assert ana.request.get(f"/api/rooms/{code}").status == 401

    # the teacher opens Ben's run read-only
    teacher.locator("[data-testid=room-card][data-student=Ben] [data-testid=room-card-run]").click()
    dialog = teacher.get_by_test_id("room-run")
    expect(dialog.get_by_test_id("run-status")).to_have_attribute("data-status", "finished")
    expect(dialog.get_by_test_id("boundary-canvas")).not_to_have_attribute("data-step", "")  # a finished run too
    expect(dialog.get_by_test_id("room-run-layers").locator("li")).not_to_have_count(0)
    teacher.screenshot(path=str(artifacts / "room-run.png"))


def _numbers(page: Page, test_id: str) -> int:
    return int(page.get_by_test_id(test_id).inner_text().strip() or 0)


def test_a_locked_lesson_preset_and_a_students_run_followed_live(contexts: list[BrowserContext],
                                                                  artifacts: Path) -> None:
    teacher = open_app(contexts[0])
    teacher.get_by_test_id("dataset-spiral").click()  # the workspace to share: trains until stopped
    teacher.get_by_test_id("epochs-input").fill("100000")
    teacher.get_by_test_id("epochs-input").press("Enter")
    teacher.get_by_test_id("lessons-open").click()  # the lesson step to share with it
    teacher.get_by_test_id("lesson-class-2").click()
    teacher.get_by_test_id("lesson-mlp").click()
    teacher.get_by_test_id("lesson-next").click()
    teacher.get_by_role("button", name="Close the lessons").click()
    teacher.get_by_test_id("room-open").click()
    teacher.get_by_test_id("room-create-submit").click()
    code = teacher.get_by_test_id("room-code").inner_text().strip()
    teacher.get_by_test_id("room-key").get_by_role("button", name="Noted").click()
    student = open_app(contexts[1], f"/?room={code}")
    student.get_by_test_id("room-join-name").fill("Ana")
    student.get_by_test_id("room-join-submit").click()
    expect(student.get_by_test_id("room-badge-name")).to_have_text("Ana")

    # the workspace with its lesson step, the network, data set and settings locked: the server holds the
    # student's runs to it
    for part in ("graph", "dataset", "training"):
        teacher.get_by_test_id(f"room-locked-{part}").click()
        expect(teacher.get_by_test_id(f"room-locked-{part}")).to_be_checked()
    offer = "with the lesson step: The multi-layer perceptron, step 2"
    expect(teacher.locator(".room-push-lesson")).to_have_text(offer)
    teacher.get_by_test_id("room-push-lesson").check()
    teacher.get_by_test_id("room-push").click()
    lessons = student.get_by_test_id("lessons-dialog")
    expect(lessons).to_be_visible()
    expect(lessons.get_by_test_id("lesson-progress")).to_have_text("Step 2 of 5")
    expect(lessons.get_by_test_id("lesson-step").locator("h3")).to_have_text("Mini-batch SGD")
    expect(student.get_by_test_id("dataset-spiral")).to_have_attribute("aria-pressed", "true")
    student.screenshot(path=str(artifacts / "room-student-lesson.png"))
    student.get_by_role("button", name="Close the lessons").click()
    expect(student.get_by_test_id("room-load-shared")).to_contain_text("lesson mlp, step 2")
    student.set_viewport_size({"width": 1280, "height": 720})
    student.screenshot(path=str(artifacts / "room-student-720p.png"))
    student.get_by_test_id("play-button").click()  # the page's spec is the preset's: the locks let it train
    expect(student.get_by_test_id("run-status")).to_have_attribute("data-status", "running", timeout=60_000)

    # the teacher opens Ana's run: the student's views, fed live by the run's own stream
    card = teacher.locator("[data-testid=room-card][data-student=Ana] [data-testid=room-card-run]")
    expect(card).to_be_visible(timeout=20_000)
    card.click()
    dialog = teacher.get_by_test_id("room-run")
    views = dialog.get_by_test_id("room-run-views")
    expect(views.get_by_test_id("run-status")).to_have_attribute("data-status", "running")
    expect(views.get_by_test_id("boundary-canvas")).not_to_have_attribute("data-step", "", timeout=30_000)
    first_frame = int(views.get_by_test_id("boundary-canvas").get_attribute("data-step") or 0)
    first_step = _numbers(dialog, "room-run-step")
    expect(views.get_by_test_id("boundary-canvas")).not_to_have_attribute("data-step", str(first_frame),
                                                                           timeout=30_000)
    teacher.wait_for_function(f"() => Number(document.querySelector('[data-testid=room-run-step]').textContent) "
                              f"> {first_step}")
    expect(views.get_by_test_id("train-loss")).not_to_have_text("–")
    # read-only: none of the page's run controls
    for control in ("open-compare", "race-optimizers", "resume-checkpoint", "play-button"):
        expect(dialog.get_by_test_id(control)).to_have_count(0)
    for size, name in (({"width": 1280, "height": 720}, "720p"), ({"width": 1920, "height": 1080}, "1080p")):
        teacher.set_viewport_size(size)
        teacher.screenshot(path=str(artifacts / f"room-run-live-{name}.png"))
    teacher.get_by_test_id("room-run").get_by_role("button", name="Close").click()
    for size, name in (({"width": 1280, "height": 720}, "720p"), ({"width": 1920, "height": 1080}, "1080p")):
        teacher.set_viewport_size(size)
        teacher.screenshot(path=str(artifacts / f"room-teacher-{name}.png"))
    teacher.get_by_test_id("room-stop-all").click()
    expect(student.get_by_test_id("run-status")).to_have_attribute("data-status", "stopped", timeout=20_000)
