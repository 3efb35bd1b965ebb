"""The runner is chosen by configuration: one declaration per runner, and the setting's choices are exactly those."""

from __future__ import annotations

from typing import get_args

import pytest

from neurona.config import Settings
from neurona.train.runner import LocalRunner
from neurona.train.runners import RUNNERS, make_runner


def test_every_runner_the_setting_allows_is_declared() -> None:
    assert set(get_args(Settings.model_fields["runner"].annotation)) == set(RUNNERS)


def test_the_embedded_runner_is_the_default() -> None:
    assert isinstance(make_runner(Settings()), LocalRunner)


def test_an_unknown_runner_is_refused_naming_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEURONA_RUNNER", "slurm")
    with pytest.raises(ValueError, match=r"embedded.*ray"):
        Settings()
