"""Sequence datasets: generated time series, (N, T, F) float32, whose target is another sequence.

`waves` puts F independent waves side by side; each is a sum of sines with random frequency, phase and amplitude.
The input is the first T steps and the target the next T steps (the seq2seq LSTM template's [6, 4] → [6, 4]), so
the task is regression with a target of the input's shape (mean squared error).
"""

from __future__ import annotations

import math

import numpy as np

from ..tasks import TaskName
from .options import SequenceOptions
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
