"""The 2-D point datasets, modelled on TensorFlow Playground's, each one generator plus one declaration.

Every point lies in [-6, 6]², the plane the editor shows. Classification labels are 0/1; regression targets
lie in about [-1, 1]. Noise follows Playground's conventions on its 0..0.5 scale
(`Points2DOptions.noise_fraction`): circle and xor label each point by a jittered copy of it (label noise near
the border), gaussian widens its blobs, spiral and moons jitter the points, and the regression sets add noise
to the target. At noise 0 every classification set is separable with a margin.
"""

from __future__ import annotations

import math

import numpy as np

from ..tasks import TaskName
from .options import Points2DOptions
from .registry import DatasetType, GenerateFn, register

RADIUS = 5.0  # how far the classification sets reach
PLANE = 6.0  # every point lies in [-6, 6]², the plane shown, as in Playground
TAU = 2 * math.pi
Arrays = tuple[np.ndarray, np.ndarray]


def _halves(size: int) -> tuple[int, int]:
    """Points of class 0 and class 1: balanced classes."""
    return size // 2, size - size // 2


def _polar(radius: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def _jitter(rng: np.random.Generator, size: int, reach: float, noise: float) -> np.ndarray:
    return rng.uniform(-reach, reach, (size, 2)) * noise


def _inside_plane(rng: np.random.Generator, centres: np.ndarray, sd: float) -> np.ndarray:
    """centres + N(0, sd²) jitter, redrawn where it would push a point off the plane: the view stays put."""
    points = centres + rng.normal(0.0, sd, centres.shape)
    outside = np.abs(points).max(axis=1) > PLANE
    while outside.any():
        points[outside] = centres[outside] + rng.normal(0.0, sd, (int(outside.sum()), 2))
        outside = np.abs(points).max(axis=1) > PLANE
    return points


def _class_labels(n0: int, n1: int) -> np.ndarray:
    return np.repeat(np.array([0, 1], dtype=np.int64), [n0, n1])


def circle(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """Class 1 is the inner disc (r < 2.5), class 0 the outer ring (3.5 < r < 5); the gap is the margin."""
    n_outer, n_inner = _halves(opts.size)
    outer, inner = rng.uniform(0.7 * RADIUS, RADIUS, n_outer), rng.uniform(0.0, 0.5 * RADIUS, n_inner)
    radius = np.concatenate([outer, inner])
    points = _polar(radius, rng.uniform(0, TAU, opts.size))
    moved = points + _jitter(rng, opts.size, RADIUS, opts.noise_fraction)
    return points, (np.linalg.norm(moved, axis=1) < 0.5 * RADIUS).astype(np.int64)


XOR_PADDING = 0.3  # keeps points off the axes so the quadrants are separable at noise 0


def xor(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """Class 1 where x1 and x2 share a sign (top-right and bottom-left quadrants), class 0 elsewhere."""
    points = rng.uniform(-RADIUS, RADIUS, (opts.size, 2))
    points += np.where(points >= 0, XOR_PADDING, -XOR_PADDING)
    moved = points + _jitter(rng, opts.size, RADIUS, opts.noise_fraction)
    return points, (moved[:, 0] * moved[:, 1] >= 0).astype(np.int64)


def gaussian(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """Class 1 is a blob around (2, 2), class 0 one around (-2, -2); noise grows their variance 0.5 → 4."""
    n0, n1 = _halves(opts.size)
    centres = np.repeat(np.array([[-2.0, -2.0], [2.0, 2.0]]), [n0, n1], axis=0)
    points = _inside_plane(rng, centres, math.sqrt(0.5 + 7.0 * opts.noise_fraction))
    return points, _class_labels(n0, n1)


def _spiral_arm(rng: np.random.Generator, size: int, turn: float) -> np.ndarray:
    along = rng.uniform(0.05, 1.0, size)  # starting off the centre keeps the two arms apart there
    return _polar(along * RADIUS, 1.75 * TAU * along + turn)


def spiral(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """Two interleaved spirals of 1.75 turns: class 1, and class 0 its copy turned by half a turn; noise is
    Gaussian, sd up to 0.5 (the arms lie 0.7 apart)."""
    n0, n1 = _halves(opts.size)
    centres = np.concatenate([_spiral_arm(rng, n0, math.pi), _spiral_arm(rng, n1, 0.0)])
    return _inside_plane(rng, centres, opts.noise_fraction), _class_labels(n0, n1)


MOONS_SCALE = 3.5  # the unit moons span x in [-1, 2], y in [-0.5, 1]; centred and scaled into the plane


def _moon(rng: np.random.Generator, size: int, lower: bool) -> np.ndarray:
    angle = rng.uniform(0.0, math.pi, size)
    arc = _polar(np.ones(size), angle)
    if lower:  # the upper arc flipped and shifted so the two interlock
        arc = np.array([1.0, 0.5]) - arc
    return (arc - np.array([0.5, 0.25])) * MOONS_SCALE


def moons(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """Two interleaved half-moons: class 0 the upper, class 1 the lower; noise is Gaussian, sd up to 1."""
    n0, n1 = _halves(opts.size)
    centres = np.concatenate([_moon(rng, n0, lower=False), _moon(rng, n1, lower=True)])
    return _inside_plane(rng, centres, 2.0 * opts.noise_fraction), _class_labels(n0, n1)


def _target_noise(opts: Points2DOptions, rng: np.random.Generator) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, opts.size) * opts.noise_fraction


def plane(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    """y = (x1 + x2) / 12 on [-6, 6]², so y lies in [-1, 1] before noise."""
    points = rng.uniform(-PLANE, PLANE, (opts.size, 2))
    return points, points.sum(axis=1) / 12.0 + _target_noise(opts, rng)


# (x1, x2, sign) of each bump: a 3×2 checkerboard of hills and valleys, like Playground's
BUMPS = np.array([(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)])
BUMP_WIDTH = 1.4  # narrow enough that neighbours barely overlap, so y stays within about [-1, 1]


def multi_gaussian_surface(points: np.ndarray) -> np.ndarray:
    """The noise-free target: a sum of signed Gaussian bumps of height 1."""
    dist2 = ((points[:, None, :] - BUMPS[None, :, :2]) ** 2).sum(axis=2)
    return (BUMPS[:, 2] * np.exp(-dist2 / (2 * BUMP_WIDTH**2))).sum(axis=1)


def multi_gaussian(opts: Points2DOptions, rng: np.random.Generator) -> Arrays:
    points = rng.uniform(-PLANE, PLANE, (opts.size, 2))
    return points, multi_gaussian_surface(points) + _target_noise(opts, rng)


def _declare(name: str, title: str, description: str, generate: GenerateFn, *,
             regression: bool = False) -> None:
    register(DatasetType(
        name=name, title=title, description=description,
        task=TaskName.REGRESSION if regression else TaskName.CLASSIFICATION, num_classes=0 if regression else 2,
        kind="points2d", options_model=Points2DOptions, generate=generate,
        input_shape=lambda o: [len(o.features)],
    ))


_declare("circle", "Circle", "A disc (class 1) inside a ring (class 0). Not linearly separable in x1, x2; "
         "try adding x1^2 and x2^2.", circle)
_declare("xor", "Exclusive or", "Four quadrants: class 1 where x1 and x2 have the same sign. Try the x1*x2 "
         "feature, or a hidden layer.", xor)
_declare("gaussian", "Two Gaussians", "Two blobs, one per class; a single neuron separates them. Noise "
         "widens the blobs until they overlap.", gaussian)
_declare("spiral", "Spiral", "Two interleaved spirals, one per class: the hardest of the 2-D sets. Try "
         "several hidden layers, or the sin features.", spiral)
_declare("moons", "Two moons", "Two interleaved half-moons, one per class; separable by a curved boundary.",
         moons)
_declare("plane", "Plane", "Regression: the target is a linear function of x1 and x2, in [-1, 1].", plane,
         regression=True)
_declare("multi-gaussian", "Multiple Gaussians", "Regression: the target is a sum of six signed Gaussian "
         "bumps (hills and valleys), in about [-1, 1].", multi_gaussian, regression=True)
