"""Sequence datasets: generated time series, (N, T, F) float32, whose target is another sequence.

`waves` puts F independent waves side by side; each is a sum of sines with random frequency, phase and amplitude.
The input is the first T steps and the target the next T steps (the seq2seq LSTM template's [6, 4] → [6, 4]), so
the task is regression with a target of the input's shape (mean squared error).
"""

from __future__ import annotations

import math

import numpy as np

from ..tasks import Task, TaskName
from .options import SequenceOptions, SignalOptions
from .registry import DatasetType, register

Arrays = tuple[np.ndarray, np.ndarray]
FREQUENCIES = (0.3, 1.2)  # radians per step: periods of about 5 to 21 steps


def waves(opts: SequenceOptions, rng: np.random.Generator) -> Arrays:
    """Each channel: Σ a·sin(ω·t + φ) / components over t = 0 … 2T − 1, a in [0.5, 1]; values stay in [-1, 1]."""
    shape = (opts.size, 1, opts.channels, opts.components)
    amplitude = rng.uniform(0.5, 1.0, shape)
    frequency = rng.uniform(*FREQUENCIES, shape)
    phase = rng.uniform(0.0, 2 * math.pi, shape)
    t = np.arange(2 * opts.length, dtype=np.float64)[None, :, None, None]
    series = (amplitude * np.sin(frequency * t + phase)).sum(axis=3) / opts.components  # (N, 2T, F)
    inputs, targets = series[:, :opts.length], series[:, opts.length:]
    if opts.noise > 0:
        inputs = inputs + rng.normal(0.0, opts.noise / 100.0, inputs.shape)
    return inputs.astype(np.float32), targets.astype(np.float32)


register(DatasetType(
    name="waves", title="Waves", task=TaskName.REGRESSION, num_classes=0, kind="sequences",
    description="Sums of sines with random frequency, phase and amplitude: given the first `length` steps of "
    "each channel, predict the next `length` steps. Input and target [length, channels] (default [6, 4]); mean "
    "squared error.",
    options_model=SequenceOptions, generate=waves, input_shape=lambda o: [o.length, o.channels]))


SIGNAL_PERIODS = (8.0, 24.0)  # steps per cycle of the main oscillation


def _anomalies(shape: tuple[int, int], opts: SignalOptions,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(N, T) added values and (N, T) 0/1 flags: isolated spikes, and level shifts lasting 2 to 4 steps."""
    t = shape[1]
    flags = np.zeros(shape, dtype=np.int64)
    bumps = np.zeros(shape)
    starts = rng.random(shape) < opts.anomaly_rate / 2
    heights = rng.uniform(1.0, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    spans = rng.integers(1, 5, shape)  # 1: a spike; 2 to 4: a short level shift
    for row, col in zip(*np.nonzero(starts), strict=True):
        end = min(col + spans[row, col], t)
        bumps[row, col:end] = heights[row, col] * (1.0 if end - col == 1 else 0.6)
        flags[row, col:end] = 1
    return bumps, flags


def signals(opts: SignalOptions, rng: np.random.Generator) -> Arrays:
    """Each signal: a sine of random period, phase and amplitude, a slower second sine and a slope, plus noise.
    forecast: the first `length` steps [T, 1] and the next value [1]; anomalies: the steps with spikes and level
    shifts added, and a 0/1 flag per step."""
    n, total = opts.size, opts.length + 1
    t = np.arange(total, dtype=np.float64)[None, :]
    period = rng.uniform(*SIGNAL_PERIODS, (n, 1))
    phase = rng.uniform(0, 2 * math.pi, (n, 1))
    amplitude = rng.uniform(0.5, 1.0, (n, 1))
    slow = rng.uniform(0.0, 0.3, (n, 1)) * np.sin(2 * math.pi * t / (4 * period) + phase)
    slope = rng.uniform(-0.01, 0.01, (n, 1)) * t
    series = amplitude * np.sin(2 * math.pi * t / period + phase) + slow + slope
    series = series + rng.normal(0.0, opts.noise / 100.0, series.shape)
    if opts.target == "forecast":
        return series[:, :-1, None].astype(np.float32), series[:, -1:].astype(np.float32)
    bumps, flags = _anomalies((n, opts.length), opts, rng)
    return (series[:, :-1] + bumps)[:, :, None].astype(np.float32), flags


def _signal_task(opts: SignalOptions) -> Task:
    if opts.target == "forecast":
        return Task(TaskName.REGRESSION, target_shape=(1,))
    return Task(TaskName.TOKEN_CLASSIFICATION, 2)


register(DatasetType(
    name="signals", title="Signals with anomalies", task=TaskName.REGRESSION, num_classes=0, kind="sequences",
    description="Noisy oscillating signals with a drift. target forecast: from [length, 1] steps predict the next "
    "value [1] (the baseline repeats the last step). target anomalies: spikes and short level shifts are added and "
    "flagged; output [length, 2], a class per step.",
    options_model=SignalOptions, generate=signals, input_shape=lambda o: [o.length, 1], task_from=_signal_task,
    class_names=("normal", "anomaly")))
