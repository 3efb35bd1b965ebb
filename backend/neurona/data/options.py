"""The options every 2-D point dataset takes.

Each field carries its default, bounds and help text, because the frontend generates the dataset form from
this model's JSON Schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .features import FeatureName, canonical_features


class DatasetOptions(BaseModel):
    """Base of every dataset's options: unknown keys and non-finite numbers are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Points2DOptions(DatasetOptions):
    size: int = Field(500, ge=50, le=5000, description="Number of points, training and test together.")
    noise: float = Field(0.0, ge=0, le=50,
                         description="Noise in percent, as in TensorFlow Playground: 0 clean, 50 very noisy.")
    test_ratio: float = Field(0.5, ge=0.1, le=0.9, description="Share of the points held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1,
                      description="Seeds the points and the split; same seed, same data.")
    features: list[FeatureName] = Field(
        ["x1", "x2"],  # pydantic copies a mutable default per instance
        min_length=1,
        description="Inputs computed from each point (x1, x2); the Input shape is [number of features].",
        json_schema_extra={"uniqueItems": True},
    )

    @field_validator("features")
    @classmethod
    def _no_repeats(cls, names: list[str]) -> list[str]:
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once; pick each feature at most once")
        return names

    @property
    def noise_fraction(self) -> float:
        """Noise on Playground's internal 0..0.5 scale, which the generators are written against."""
        return self.noise / 100.0

    @property
    def ordered_features(self) -> list[str]:
        return canonical_features(self.features)


class ImageOptions(DatasetOptions):
    """Options every image dataset takes; each dataset narrows `size` to what it can provide."""

    size: int = Field(2000, ge=100, le=10000, description="Number of images, training and test together.")
    noise: float = Field(0.0, ge=0, le=50, description="Pixel noise in percent: Gaussian noise with a standard "
                         "deviation of noise/100 is added to every pixel (values stay in [0, 1]).")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the images held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the images, the noise and the split; same seed, "
                      "same data.")
    target: Literal["class", "input"] = Field(
        "class", description="What the network predicts: the class (classification) or the image itself "
        "(reconstruction, for autoencoders: the output must have the input's shape; mean squared error).")


class DigitsOptions(ImageOptions):
    size: int = Field(1797, ge=100, le=1797, description="Number of images, training and test together (the set "
                      "holds 1797; fewer takes a seeded random subset).")
    resolution: Literal[8, 28] = Field(
        8, description="8: the original 8×8 images. 28: each pixel becomes 3×3 inside a 2-pixel border, the 28×28 "
        "frame of MNIST (for LeNet-5).")


class ShapesOptions(ImageOptions):
    # widens the base's choices, which pydantic allows and mypy does not
    target: Literal["class", "input", "mask"] = Field(  # type: ignore[assignment]
        "class", description="What the network predicts: the class (classification), the image itself "
        "(reconstruction, for autoencoders: the output must have the input's shape; mean squared error), or the "
        "shape's mask (segmentation: a [1, H, W] output of one logit per pixel, 1 on the shape; binary "
        "cross-entropy, pixel accuracy).")
    resolution: Literal[16, 28] = Field(
        28, description="Side of the images in pixels: 28 (input [1, 28, 28]) or 16 (input [1, 16, 16], for the "
        "small UNet); shapes are scaled to fit.")


class SequenceOptions(DatasetOptions):
    """Options of the generated time series (`waves`)."""

    size: int = Field(1000, ge=100, le=10000, description="Number of sequences, training and test together.")
    length: int = Field(6, ge=2, le=64, description="Time steps T of the input and of the target; the Input "
                        "shape is [length, channels].")
    channels: int = Field(4, ge=1, le=16, description="Values F per time step: independent waves side by side.")
    components: int = Field(1, ge=1, le=4, description="Sines summed in each channel (random frequency, phase and "
                            "amplitude each); more is harder to extrapolate.")
    noise: float = Field(0.0, ge=0, le=50, description="Noise in percent: Gaussian noise with a standard deviation "
                         "of noise/100 is added to the input steps (the target stays clean).")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the sequences held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the sequences and the split; same seed, same data.")


class TokenOptions(DatasetOptions):
    """Options every token dataset takes; each dataset sets its own defaults (those of its template)."""

    size: int = Field(2000, ge=100, le=20000, description="Number of sequences, training and test together.")
    length: int = Field(12, ge=4, le=64, description="Tokens per sequence L; the Input shape is [length].")
    vocab_size: int = Field(50, ge=4, le=1000, description="Token ids run from 0 to vocab_size − 1; an Embedding "
                            "needs num_embeddings ≥ vocab_size.")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the sequences held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the sequences and the split; same seed, same data.")


class MarkerOptions(TokenOptions):
    rule: Literal["majority", "order"] = Field(
        "majority", description="majority: class 1 when marker token 1 appears more often than marker token 2 "
        "(an odd number of markers, so never a tie). order: each marker appears once; class 1 when token 1 comes "
        "before token 2 (the model must compare positions).")


class ReverseOptions(TokenOptions):
    length: int = Field(10, ge=2, le=64, description="Tokens per sequence L; the Input shape is [length] and the "
                        "output [length, vocab_size].")
    vocab_size: int = Field(20, ge=2, le=1000, description="Token ids run from 0 to vocab_size − 1: also the number "
                            "of classes at every position.")
    rule: Literal["reverse", "sort"] = Field(
        "reverse", description="The target sequence: the input reversed, or sorted in ascending order.")
