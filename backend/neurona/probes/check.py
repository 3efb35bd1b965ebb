"""Checking a client's watch against the probe table and the run's graph and dataset."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import describe_validation_error, field_path
from .context import Subject
from .registry import PROBES
from .watch import Watch, WatchMessage, WatchProblem


def resolve(message: WatchMessage, subject: Subject) -> Watch:
    """The watch as the worker runs it, or WatchProblem naming the field to change."""
    probe = PROBES.get(message.probe)
    if probe is None:
        raise WatchProblem(f"unknown probe '{message.probe}'; choose one of {', '.join(PROBES)}", "probe")
    problem = probe.applies_to.dataset_problem(subject.task, subject.kind)
    if problem:
        raise WatchProblem(f"{probe.name} {problem}", "probe")
    node = _node(probe.name, probe.scope, message.node, subject)
    if node is not None:
        info = subject.nodes[node]
        problem = probe.applies_to.node_problem(info.layer, info.category, len(info.shape), info.params,
                                                info.matrix_params)
        if problem:
            raise WatchProblem(f"{probe.name} {problem} (node '{node}')", "node")
    samples: tuple[int, ...] = ()
    if probe.uses_samples:
        bad = [i for i in message.samples if i >= subject.test_size]
        if bad:
            raise WatchProblem(f"sample {bad[0]} is out of range: the test set has {subject.test_size} examples "
                               f"(0 to {subject.test_size - 1})", "samples")
        samples = tuple(message.samples)
    try:
        parsed = probe.options.model_validate(message.options)
    except ValidationError as err:
        first = err.errors()[0]
        name = f"options.{field_path(first['loc'])}"
        raise WatchProblem(f"{name} {describe_validation_error(first)}", name) from None
    unfit = probe.check(subject, node, parsed) if probe.check else None
    if unfit is not None:
        raise unfit
    return Watch.make(probe.name, node, samples, parsed.model_dump())


def _node(probe: str, scope: str, node: str | None, subject: Subject) -> str | None:
    if scope == "model":
        if node is not None:
            raise WatchProblem(f"{probe} looks at the whole model; leave node out", "node")
        return None
    if node is None:
        raise WatchProblem(f"{probe} looks at one node; say which in node", "node")
    if node not in subject.nodes:
        raise WatchProblem(f"node '{node}' is not in the graph", "node")
    return node
