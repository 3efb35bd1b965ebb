"""Image datasets: small grey-scale pictures, (N, 1, H, W) float32 in [0, 1], labelled by class.

`digits` is scikit-learn's bundled set of 8×8 handwritten digits (offline: it ships with the package); `shapes`
is drawn here, seeded, at 28×28 (or 16×16). Noise adds Gaussian noise of standard deviation noise/100 to every pixel
and clips back to [0, 1]. With `target: "input"` either set poses reconstruction (the target is the image), with
`"denoise"` denoising (noisy input, clean target), with `"vae"` the VAE's ELBO; with
`target: "mask"` shapes poses segmentation: the generator then returns a (N, 1, H, W) label map (0 background, class
+ 1 on the shape, so previews still know the class) and loading turns it into the binary float mask.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..tasks import Task, TaskName
from .options import DigitsOptions, ImageOptions, ShapesOptions
from .registry import DatasetType, TaskFn, register

Arrays = tuple[np.ndarray, np.ndarray]
SHAPES = ("circle", "square", "triangle", "cross")
SHAPES_SIDE = 28


DENOISE_NOISE = 25.0  # percent: the input noise of `target: "denoise"` when the options ask for none


def _add_noise(images: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    if noise > 0:
        images = images + rng.normal(0.0, noise / 100.0, images.shape).astype(np.float32)
    return np.clip(images, 0.0, 1.0).astype(np.float32)


def _finish(clean: np.ndarray, labels: np.ndarray, opts: ImageOptions, rng: np.random.Generator) -> Arrays:
    """Noisy images and their labels; denoising pairs the noisy images with the clean ones as targets."""
    if opts.target == "denoise":
        return _add_noise(clean, opts.noise or DENOISE_NOISE, rng), np.clip(clean, 0.0, 1.0).astype(np.float32)
    return _add_noise(clean, opts.noise, rng), labels


@lru_cache(maxsize=1)
def _digits_raw() -> Arrays:
    from sklearn.datasets import load_digits  # imported on first use: scikit-learn takes a while to import

    bunch = load_digits()
    images = (bunch.images / 16.0).astype(np.float32)[:, None, :, :]  # pixel values 0..16 → [0, 1]
    return images, bunch.target.astype(np.int64)


def _to_mnist_frame(images: np.ndarray) -> np.ndarray:
    """8×8 → 28×28: every pixel becomes a 3×3 block (24×24) inside a 2-pixel border, like MNIST's framing."""
    big = images.repeat(3, axis=2).repeat(3, axis=3)
    return np.pad(big, ((0, 0), (0, 0), (2, 2), (2, 2)))


def digits(opts: DigitsOptions, rng: np.random.Generator) -> Arrays:
    images, labels = _digits_raw()
    if opts.size < len(images):
        chosen = np.sort(rng.choice(len(images), opts.size, replace=False))
        images, labels = images[chosen], labels[chosen]
    if opts.resolution == 28:
        images = _to_mnist_frame(images)
    return _finish(images, labels.copy(), opts, rng)


def _shape_masks(kind: np.ndarray, cx: np.ndarray, cy: np.ndarray, r: np.ndarray,
                 side: int = SHAPES_SIDE) -> np.ndarray:
    """(N, side, side) booleans: shape `kind[i]` (an index into SHAPES) of half-size r[i] centred on (cx[i], cy[i])."""
    axis = np.arange(side, dtype=np.float32) + 0.5
    dx = axis[None, None, :] - cx[:, None, None]
    dy = axis[None, :, None] - cy[:, None, None]
    r = r[:, None, None]
    bar = r / 3.0
    masks = np.stack([
        dx * dx + dy * dy <= r * r,  # circle (filled disc)
        np.maximum(np.abs(dx), np.abs(dy)) <= 0.8 * r,  # square, about the disc's area
        (dy <= 0.8 * r) & (np.abs(dx) <= 0.6 * (dy + r)),  # triangle, apex up
        ((np.abs(dx) <= bar) & (np.abs(dy) <= r)) | ((np.abs(dy) <= bar) & (np.abs(dx) <= r)),  # cross
    ])
    return masks[kind, np.arange(len(kind))]


def shapes(opts: ShapesOptions, rng: np.random.Generator) -> Arrays:
    """Balanced classes; each shape has a random half-size (5 to 11 pixels at 28×28, scaled with the side), position
    (always fully inside the frame) and brightness (0.6 to 1) on a black background. With `target: "mask"` the
    targets are label maps (0 background, class + 1 on the shape)."""
    side = opts.resolution
    labels = rng.permutation(np.arange(opts.size) % len(SHAPES)).astype(np.int64)
    r = (rng.uniform(5.0, 11.0, opts.size) * (side / SHAPES_SIDE)).astype(np.float32)
    cx = rng.uniform(r + 1.0, side - r - 1.0).astype(np.float32)
    cy = rng.uniform(r + 1.0, side - r - 1.0).astype(np.float32)
    brightness = rng.uniform(0.6, 1.0, opts.size).astype(np.float32)
    masks = _shape_masks(labels, cx, cy, r, side)
    images = (masks.astype(np.float32) * brightness[:, None, None])[:, None, :, :]
    if opts.target == "mask":
        return _add_noise(images, opts.noise, rng), (masks * (labels[:, None, None] + 1))[:, None, :, :].astype(
            np.int64)
    return _finish(images, labels, opts, rng)


def _task_by_target(num_classes: int) -> TaskFn:
    """`target` chooses the task: the class, the image itself (reconstruction) or the shape's mask."""
    tasks = {"class": Task(TaskName.CLASSIFICATION, num_classes), "input": Task(TaskName.RECONSTRUCTION),
             "denoise": Task(TaskName.DENOISING), "vae": Task(TaskName.VAE), "mask": Task(TaskName.SEGMENTATION, 1)}
    return lambda options: tasks[options.target]


register(DatasetType(
    name="digits", title="Handwritten digits", task=TaskName.CLASSIFICATION, num_classes=10, kind="images",
    description="1797 handwritten digits 0–9 as 8×8 grey images (scikit-learn's copy of the UCI set). Input "
    "[1, 8, 8], or [1, 28, 28] with resolution 28; target input turns it into a reconstruction task.",
    options_model=DigitsOptions, generate=digits, class_names=tuple(str(d) for d in range(10)),
    input_shape=lambda o: [1, o.resolution, o.resolution], task_from=_task_by_target(10)))
register(DatasetType(
    name="shapes", title="Shapes", task=TaskName.CLASSIFICATION, num_classes=len(SHAPES), kind="images",
    description="Circles, squares, triangles and crosses of random size, position and brightness, drawn on "
    "28×28 (or 16×16) grey images. Input [1, 28, 28]; target mask poses segmentation (the shape's mask, for the UNet "
    "at resolution 16).",
    options_model=ShapesOptions, generate=shapes, class_names=SHAPES,
    input_shape=lambda o: [1, o.resolution, o.resolution], task_from=_task_by_target(len(SHAPES))))
