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


def _chance(what: str) -> float:
    return Field(0.0, ge=0.0, le=1.0, description=f"Training augmentation: the probability of {what} for each "
                 "training image, drawn anew every batch (test images are never changed).")


class ImageOptions(DatasetOptions):
    """Options every image dataset takes; each dataset narrows `size` to what it can provide."""

    size: int = Field(2000, ge=100, le=10000, description="Number of images, training and test together.")
    noise: float = Field(0.0, ge=0, le=50, description="Pixel noise in percent: Gaussian noise with a standard "
                         "deviation of noise/100 is added to every pixel (values stay in [0, 1]).")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the images held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the images, the noise and the split; same seed, "
                      "same data.")
    target: Literal["class", "input", "denoise", "vae"] = Field(
        "class", description="What the network predicts: the class (classification), the image itself "
        "(reconstruction, for autoencoders: the output must have the input's shape), the clean image from a noisy "
        "one (denoising: the input gets the noise, 25% when noise is 0) or the image through a VAE's sampled code "
        "(the ELBO loss: the graph needs a Sampling node).")
    augment_flip: float = _chance("a horizontal flip")
    augment_rotate: float = _chance("a rotation of up to ±15°")
    augment_translate: float = _chance("a shift of up to ±12.5% of the side")
    augment_scale: float = _chance("a zoom between 85% and 115%")
    augment_noise: float = _chance("Gaussian pixel noise (standard deviation 0.1)")


class DigitsOptions(ImageOptions):
    size: int = Field(1797, ge=100, le=1797, description="Number of images, training and test together (the set "
                      "holds 1797; fewer takes a seeded random subset).")
    resolution: Literal[8, 28] = Field(
        8, description="8: the original 8×8 images. 28: each pixel becomes 3×3 inside a 2-pixel border, the 28×28 "
        "frame of MNIST (for LeNet-5).")


class ShapesOptions(ImageOptions):
    # widens the base's choices, which pydantic allows and mypy does not
    target: Literal["class", "input", "denoise", "vae", "mask"] = Field(  # type: ignore[assignment]
        "class", description="What the network predicts: the class (classification), the image itself "
        "(reconstruction, for autoencoders: the output must have the input's shape), the clean image from a noisy "
        "one (denoising), the image through a VAE's sampled code (ELBO), or the shape's mask (segmentation: a "
        "[1, H, W] output of one logit per pixel, 1 on the shape; binary cross-entropy or soft Dice).")
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
    rule: Literal["reverse", "sort", "copy"] = Field(
        "reverse", description="The target sequence: the input reversed, sorted in ascending order, or copied as "
        "it is (the identity: a first check that the model can route tokens at all).")


class TableOptions(DatasetOptions):
    """Options of the scikit-learn tables (iris, wine, breast cancer)."""

    test_ratio: float = Field(0.3, ge=0.1, le=0.9, description="Share of the rows held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the split; same seed, same rows in each split.")
    standardize: bool = Field(True, description="Subtract each column's mean and divide by its standard deviation, "
                              "both measured on the training rows only (so nothing of the test rows leaks in).")


class TextOptions(DatasetOptions):
    """Options of the team-written corpus for language models (`text`)."""

    language: Literal["es", "en"] = Field("es", description="The corpus: Spanish (es) or English (en), each a few "
                                          "thousand characters written for Neurona.")
    tokenizer: Literal["char", "word", "bpe"] = Field(
        "char", description="char: one token per character. word: one per word or punctuation mark (the most "
        "frequent vocab_size − 1, others <unk>). bpe: byte-pair encoding learned on the corpus up to vocab_size "
        "pieces (its merges are in the preview).")
    vocab_size: int = Field(120, ge=40, le=2000, description="word and bpe: the vocabulary size (bpe counts the "
                            "corpus's characters, about 50, among them). char ignores it.")
    length: int = Field(32, ge=4, le=64, description="Tokens per example L: the Input is [length] and the model "
                        "predicts the next token at each of the L positions.")
    size: int = Field(2000, ge=100, le=20000, description="Windows of the corpus drawn, training and test together.")
    test_ratio: float = Field(0.1, ge=0.05, le=0.5, description="Share of windows held out; they come from the last "
                              "part of the corpus, which training never sees.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds where the windows start; same seed, same data.")


class SentimentOptions(DatasetOptions):
    """Options of the team-written sentiment sentences (`sentiment`)."""

    language: Literal["es", "en"] = Field("en", description="Sentences in Spanish (es) or English (en).")
    length: int = Field(16, ge=4, le=64, description="Tokens per sentence: longer ones are cut, shorter ones padded "
                        "with <pad> (id 0). Input [length] word ids.")
    test_ratio: float = Field(0.25, ge=0.1, le=0.9, description="Share of the sentences held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the split; same seed, same data.")


class SignalOptions(DatasetOptions):
    """Options of the generated signals with labelled anomalies (`signals`)."""

    target: Literal["forecast", "anomalies"] = Field(
        "forecast", description="forecast: predict the next value after `length` steps (regression; the baseline "
        "is repeating the last value). anomalies: flag every anomalous step (a class per step: 0 normal, 1 anomaly).")
    size: int = Field(1000, ge=100, le=10000, description="Number of signals, training and test together.")
    length: int = Field(32, ge=8, le=256, description="Time steps T of the input; the Input shape is [length, 1].")
    noise: float = Field(5.0, ge=0, le=50, description="Noise in percent: Gaussian noise of standard deviation "
                         "noise/100 on every step.")
    anomaly_rate: float = Field(0.03, ge=0.0, le=0.3, description="Share of steps that are anomalies: spikes of "
                                "±(1 to 2), and short level shifts.")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the signals held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the signals and the split; same seed, same data.")


class AdditionOptions(DatasetOptions):
    """Options of the addition task (`addition`)."""

    digits: int = Field(3, ge=1, le=8, description="Digits n of each number. Input: a's digits, the + token (10), "
                        "b's digits, least significant first: [2n + 1]. Target at every position: the sum's digits "
                        "(least significant first), then the blank class 11.")
    size: int = Field(4000, ge=100, le=20000, description="Number of sums, training and test together.")
    test_ratio: float = Field(0.2, ge=0.1, le=0.9, description="Share of the sums held out for testing.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seeds the numbers and the split; same seed, same data.")
