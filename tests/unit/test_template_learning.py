"""Every template learns out of the box: trained by the worker's own loop on its dataset with its declared training
settings (on the CPU, one thread), it reaches the target the gallery declares for it."""

from __future__ import annotations

import os
import queue
import time
from typing import Any

import pytest
import torch

from neurona.api.templates import TemplateTarget
from neurona.gallery import TEMPLATES
from neurona.status import Status
from neurona.train.events import Event, MetricsEvent, StatusEvent
from neurona.train.worker import Job, _Run

SECONDS_PER_TEMPLATE = 240  # generous for a loaded 2-core machine; a quiet one trains each in seconds


def train(template: dict[str, Any]) -> tuple[list[Event], float]:
    spec = {"graph": template["graph"], "dataset": template["dataset"],
            "training": {**template["training"], "device": "cpu", "max_seconds": SECONDS_PER_TEMPLATE}}
    events: queue.Queue[Any] = queue.Queue()
    job = Job(experiment_id=template["id"], owner="test", spec=spec, max_steps=10**6, resolution=16, probe_hz=2)
    started = time.monotonic()
    _Run(job, queue.Queue(), events, parent_pid=os.getppid()).run()
    return list(events.queue), time.monotonic() - started


def reached(target: TemplateTarget, value: float) -> bool:
    return value >= target.value if target.metric == "accuracy" else value <= target.value


TRAINED = [t for t in TEMPLATES if t["target"] is not None]  # design-only templates are not trained here


@pytest.mark.slow
@pytest.mark.parametrize("template", TRAINED, ids=[t["id"] for t in TRAINED])
def test_template_reaches_its_declared_target(template: dict[str, Any]) -> None:
    torch.set_num_threads(1)
    target = TemplateTarget.model_validate(template["target"])
    events, seconds = train(template)
    statuses = [e for e in events if isinstance(e, StatusEvent)]
    assert statuses[-1].status == Status.FINISHED, statuses[-1]
    rows = [r for e in events if isinstance(e, MetricsEvent) for r in e.rows]
    final = rows[-1]
    assert final["test_loss"] is not None, "the last row is evaluated"
    assert final["step"] == statuses[-1].step
    value = final[target.metric]
    assert reached(target, value), f"{template['id']}: {target.metric} {value:.4g}, target {target.value}"
    print(f"{template['id']}: {target.metric} {value:.4g} (target {target.value}) in {seconds:.1f} s, "
          f"{final['step']} steps")
