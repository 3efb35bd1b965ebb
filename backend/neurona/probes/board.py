"""Who watches what: each subscriber's watches per experiment, and their union, which the worker computes."""

from __future__ import annotations

from .watch import UnwatchMessage, Watch


class WatchBoard:
    def __init__(self) -> None:
        self._watches: dict[str, dict[int, dict[str, Watch]]] = {}  # experiment -> subscriber -> key -> watch

    def of(self, experiment_id: str, subscriber: int) -> list[Watch]:
        return list(self._watches.get(experiment_id, {}).get(subscriber, {}).values())

    def union(self, experiment_id: str) -> list[Watch]:
        merged: dict[str, Watch] = {}
        for watches in self._watches.get(experiment_id, {}).values():
            merged.update(watches)
        return list(merged.values())

    def add(self, experiment_id: str, subscriber: int, watch: Watch) -> bool:
        """Add a watch; True when the union changed (no one watched it before)."""
        before = {w.key for w in self.union(experiment_id)}
        self._watches.setdefault(experiment_id, {}).setdefault(subscriber, {})[watch.key] = watch
        return watch.key not in before

    def remove(self, experiment_id: str, subscriber: int, message: UnwatchMessage | None = None) -> list[str]:
        """Remove the watches `message` names (all of the subscriber's without one); returns their keys."""
        mine = self._watches.get(experiment_id, {}).get(subscriber, {})
        gone = [key for key, w in mine.items() if message is None or _matches(w, message)]
        for key in gone:
            del mine[key]
        if not mine:
            self._watches.get(experiment_id, {}).pop(subscriber, None)
        if not self._watches.get(experiment_id, True):
            del self._watches[experiment_id]
        return gone


def _matches(watch: Watch, message: UnwatchMessage) -> bool:
    if message.key is not None:
        return watch.key == message.key
    return (message.probe is None or watch.probe == message.probe) and (message.node is None or
                                                                         watch.node == message.node)
