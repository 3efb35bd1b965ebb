"""Checking a client's watch against the probe table and the run's graph and dataset."""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import field_path, field_problem
from ..i18n.messages import say
from .context import Subject
from .registry import PROBES
from .watch import Watch, WatchMessage, WatchProblem


def resolve(message: WatchMessage, subject: Subject) -> Watch:
    """The watch as the worker runs it, or WatchProblem naming the field to change."""
    probe = PROBES.get(message.probe)
    if probe is None:
        raise WatchProblem(say("unknown_probe", probe=message.probe, known=", ".join(PROBES)), "probe")
    problem = probe.applies_to.dataset_problem(subject.task, subject.kind)
    if problem:
        raise WatchProblem(say("field_says", field=probe.name, problem=problem), "probe")
    node = _node(probe.name, probe.scope, message.node, subject)
    if node is not None:
        info = subject.nodes[node]
        problem = probe.applies_to.node_problem(info.layer, info.category, len(info.shape), info.params,
                                                info.matrix_params)
        if problem:
            raise WatchProblem(say("probe_at_node", probe=probe.name, problem=problem, node=node), "node")
    samples: tuple[int, ...] = ()
    if probe.uses_samples:
        bad = [i for i in message.samples if i >= subject.test_size]
        if bad:
            raise WatchProblem(say("sample_out_of_range", sample=bad[0], count=subject.test_size,
                                   last=subject.test_size - 1), "samples")
        samples = tuple(message.samples)
    try:
        parsed = probe.options.model_validate(message.options)
    except ValidationError as err:
        first = err.errors()[0]
        name = f"options.{field_path(first['loc'])}"
        raise WatchProblem(field_problem(name, first), name) from None
    unfit = probe.check(subject, node, parsed) if probe.check else None
    if unfit is not None:
        raise unfit
    return Watch.make(probe.name, node, samples, parsed.model_dump())


def _node(probe: str, scope: str, node: str | None, subject: Subject) -> str | None:
    if scope == "model":
        if node is not None:
            raise WatchProblem(say("probe_whole_model", probe=probe), "node")
        return None
    if node is None:
        raise WatchProblem(say("probe_one_node", probe=probe), "node")
    if node not in subject.nodes:
        raise WatchProblem(say("node_not_in_graph", node=node), "node")
    return node
