"""The documentation names what the code has, no more and no less.

Every list is read from its registry (server settings, training settings, layers, datasets, optimizers,
schedules, run statuses) and compared with the README and docs/: a setting added without documentation, or a
name the docs keep after the code dropped it, fails here with the names and the file to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from neurona.config import Settings
from neurona.data.registry import DATASETS
from neurona.docs import layer_catalog_markdown
from neurona.layers.registry import LayerCategory
from neurona.lessons.catalog import LESSONS
from neurona.lessons.explainers import EXPLAINERS
from neurona.spec.models import TrainingSettings
from neurona.status import Status
from neurona.train.optimizers import OPTIMIZERS
from neurona.train.schedules import SCHEDULES

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PROTOCOL = ROOT / "docs" / "protocol.md"
LAYERS = ROOT / "docs" / "layers.md"
ENV_PREFIX = Settings.model_config["env_prefix"]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def all_docs() -> dict[str, str]:
    paths = [README, *sorted((ROOT / "docs").glob("*.md"))]
    return {str(p.relative_to(ROOT)): read(p) for p in paths}


def listed(text: str, label: str) -> list[str]:
    """The names after `Label:` in the text: its backticked words, e.g. "Schedules: `step`, `cosine` (per step)"."""
    match = re.search(rf"\b{label}:((?:\s*(?:`[^`]+`|\([^)]*\)|,|;|and|or|→|⇄|\|))+)", text)
    assert match, f"no '{label}:' line listing names in backticks"
    names = re.sub(r"\([^)]*\)", "", match.group(1))  # a remark in parentheses lists no names
    return [name for chunk in re.findall(r"`([^`]+)`", names) for name in re.split(r"[\s→⇄|]+", chunk) if name]


def table_names(text: str, header: str) -> list[str]:
    """Backticked names in the first column of the Markdown table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(header)), None)
    assert start is not None, f"no table headed '{header}'"
    names: list[str] = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        names += re.findall(r"`([^`]+)`", line.split("|")[1])
    return names


def same(documented: list[str], actual: list[str], where: str) -> None:
    missing = [name for name in actual if name not in documented]
    unknown = [name for name in documented if name not in actual]
    assert not missing and not unknown, (
        f"{where}: add {missing or 'nothing'}, remove {unknown or 'nothing'} (the code has {sorted(actual)})")


def statuses() -> list[str]:
    return [status.value for status in Status]


def categories() -> list[str]:
    return [category.value for category in LayerCategory]


def test_readme_lists_every_server_setting() -> None:
    documented = [n.removeprefix(ENV_PREFIX).lower() for n in table_names(read(README), "| variable |")]
    same(documented, list(Settings.model_fields), "README.md, Configuration table (NEURONA_* variables)")


@pytest.mark.parametrize("name", sorted(all_docs()))
def test_docs_name_only_settings_that_exist(name: str) -> None:
    named = set(re.findall(rf"{ENV_PREFIX}([A-Z][A-Z0-9_]*)", all_docs()[name]))
    unknown = sorted(f"{ENV_PREFIX}{n}" for n in named if n.lower() not in Settings.model_fields)
    assert not unknown, f"{name} names settings the server does not read: {unknown}"


def test_protocol_lists_every_training_setting() -> None:
    same(table_names(read(PROTOCOL), "| field |"), list(TrainingSettings.model_fields),
         "docs/protocol.md, the training settings table")


@pytest.mark.parametrize(("label", "names"), [
    ("Datasets", lambda: list(DATASETS)),
    ("Optimizers", lambda: list(OPTIMIZERS)),
    ("Schedules", lambda: list(SCHEDULES)),
    ("Categories", categories),
])
@pytest.mark.parametrize("path", [README, PROTOCOL], ids=["README", "protocol"])
def test_lists_match_the_registries(path: Path, label: str, names: Callable[[], list[str]]) -> None:
    same(listed(read(path), label), names(), f"{path.relative_to(ROOT)}, the '{label}:' line")


@pytest.mark.parametrize(("label", "names"), [("Lessons", lambda: list(LESSONS)),
                                             ("Explainers", lambda: list(EXPLAINERS))])
def test_readme_lists_every_lesson_and_explainer(label: str, names: Callable[[], list[str]]) -> None:
    same(listed(read(README), label), names(), f"README.md, the '{label}:' line")


def test_protocol_lists_every_status() -> None:
    same(listed(read(PROTOCOL), "Statuses"), statuses(), "docs/protocol.md, the 'Statuses:' line")


def test_categories_are_listed_in_palette_order() -> None:
    assert listed(read(PROTOCOL), "Categories") == categories()


def test_layer_catalog_is_the_generated_one() -> None:
    assert read(LAYERS) == layer_catalog_markdown(), (
        "docs/layers.md is out of date: run `.venv/bin/python -m neurona.cli catalog > docs/layers.md`")


def test_listed_reads_backticked_names_after_a_label() -> None:
    text = ("Intro.\nSchedules: `constant`, `step` (see `x`) and `cosine` (per step). Other: `x`.\n"
            "Statuses: `a → b ⇄ c | d`.")
    assert listed(text, "Schedules") == ["constant", "step", "cosine"]
    assert listed(text, "Statuses") == ["a", "b", "c", "d"]
    with pytest.raises(AssertionError):
        listed(text, "Datasets")


def test_a_setting_added_without_documentation_fails() -> None:
    with pytest.raises(AssertionError, match=r"add \['new_knob'\]"):
        same(["lr"], ["lr", "new_knob"], "somewhere")
    with pytest.raises(AssertionError, match=r"remove \['gone'\]"):
        same(["lr", "gone"], ["lr"], "somewhere")
