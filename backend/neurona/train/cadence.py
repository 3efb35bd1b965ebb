"""How often the worker does the things that are not training: metric rows, held-out evaluation, probes.

Each is bounded twice: by a rate (a person cannot read a chart faster than a few updates a second) and by its
own measured cost, so a large model whose evaluation takes 50 ms is evaluated less often than a tiny one, and
neither spends more than a small share of its time on anything but training.
"""

from __future__ import annotations

from dataclasses import dataclass

ROW_SECONDS = 0.05  # a row of training loss (the mean of the batches since the last row) at most this often...
ROW_SHARE = 0.01  # ...and within this share of the time (reading the device is a sync on a GPU)
FLUSH_SECONDS = 0.1  # rows travel to the server in batches at most this often
CONTROL_SECONDS = 0.02  # how often a running job looks for pause/stop/update commands
ORPHAN_SECONDS = 1.0  # how often a running job checks that the server that gave it is still alive
EVAL_SHARE = 0.015  # held-out evaluation takes at most this share of the training time...
EVAL_HZ = 4.0  # ...and happens at most this often; the server's eval_hz setting
PROBE_SHARE = 0.03  # tensor frames (the decision boundary) take at most this share


@dataclass
class Budget:
    """A periodic task bounded by a rate and by its cost: after a run that took c seconds, the next one waits at
    least max(1/hz, c/share) seconds."""

    hz: float
    share: float
    next_at: float = 0.0

    def due(self, now: float) -> bool:
        return now >= self.next_at

    def ran(self, started: float, finished: float) -> None:
        self.next_at = finished + max(1.0 / self.hz, (finished - started) / self.share)
