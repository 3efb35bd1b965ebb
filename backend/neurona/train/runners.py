"""The runners a server can train with, one declaration each, chosen by NEURONA_RUNNER (`Settings.runner`)."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from .runner import LocalRunner, Runner


def _embedded(settings: Settings) -> Runner:
    return LocalRunner(settings.max_workers, settings.threads_per_worker(), settings.pause_timeout)


def _ray(settings: Settings) -> Runner:
    try:
        from .ray_runner import RayRunner  # the `ray` extra: imported only by servers that train on Ray
    except ImportError as err:
        raise RuntimeError(f"NEURONA_RUNNER=ray needs Ray ({err}); install it with pip install 'neurona[ray]'") from err
    return RayRunner(settings.ray_address, settings.torch_threads or 1, settings.ray_gpu_fraction,
                     settings.pause_timeout)


RUNNERS: dict[str, Callable[[Settings], Runner]] = {"embedded": _embedded, "ray": _ray}


def make_runner(settings: Settings) -> Runner:
    return RUNNERS[settings.runner](settings)
