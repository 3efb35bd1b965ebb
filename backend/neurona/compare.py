"""Comparing experiments: which settings differ, and metric curves short enough to plot side by side."""

from __future__ import annotations

from typing import Any


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}} -> {"a.b": 1}; lists stay whole (a list of frozen nodes is one setting)."""
    if not isinstance(value, dict):
        return {prefix: value}
    flat: dict[str, Any] = {}
    for key, item in value.items():
        flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def comparable(experiment: dict[str, Any]) -> dict[str, Any]:
    """The settings that define a run: training, dataset, and each node's type and parameters."""
    graph = experiment.get("graph") or {}
    nodes = {n["id"]: {"type": n["type"], "params": n.get("params", {})} for n in graph.get("nodes", [])}
    return flatten({"training": experiment["training"], "dataset": experiment["dataset"], "graph": nodes})


def settings_diff(experiments: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """{setting path: {experiment id: value}} for every setting whose value is not the same in all."""
    flat = {e["id"]: comparable(e) for e in experiments}
    paths = sorted({p for values in flat.values() for p in values})
    diff: dict[str, dict[str, Any]] = {}
    for path in paths:
        values = {eid: values.get(path) for eid, values in flat.items()}
        if len({repr(v) for v in values.values()}) > 1:
            diff[path] = values
    return diff


def downsample(rows: list[dict[str, Any]], max_points: int) -> list[dict[str, Any]]:
    """At most `max_points` rows, evenly spaced, always keeping the first and the last."""
    if len(rows) <= max_points:
        return rows
    if max_points == 1:
        return [rows[-1]]
    last = len(rows) - 1
    picks = sorted({round(i * last / (max_points - 1)) for i in range(max_points)})
    return [rows[i] for i in picks]
