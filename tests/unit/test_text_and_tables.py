"""Tables, text, tokenizers (BPE merges worked by hand), sentiment, signals, addition, denoising, augmentation."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from neurona.data import DATASETS, DatasetSpec, load_dataset, preview
from neurona.data.augment import augment_batch
from neurona.data.text import corpus
from neurona.data.tokenizers import char_tokenizer, train_bpe, word_tokenizer
from neurona.errors import SpecError


def load(name: str, **options: Any) -> Any:
    return load_dataset(DatasetSpec(name=name, options=options))


def test_bpe_merges_follow_the_hand_worked_order() -> None:
    # chunks "ab", " cd", " ab", " cd": (a,b), (' ',c) and (c,d) occur twice each; ties go to the smallest pair,
    # and ' ' sorts before letters: (' ', c) first, then (' c', d) (2) beats (a, b) (2), then (a, b)
    bpe = train_bpe("ab cd ab cd", vocab_size=20)
    assert bpe.merges == ((" ", "c"), (" c", "d"), ("a", "b"))
    assert bpe.vocabulary == (" ", "a", "b", "c", "d", " c", " cd", "ab")
    assert bpe.pieces("ab cd") == ["ab", " cd"] and bpe.encode("ab cd") == [7, 6]
    assert bpe.pieces("abcd") == ["ab", "c", "d"]  # merges apply inside a chunk by rank only
    assert train_bpe("ab cd ab cd", vocab_size=6).merges == ((" ", "c"),)  # the vocabulary size bounds them
    # "ab ab abc abc": (a,b) ×4, then (' ', ab) ×3, then (' ab', c) ×2
    assert train_bpe("ab ab abc abc", 50).merges == (("a", "b"), (" ", "ab"), (" ab", "c"))


@pytest.mark.parametrize("language", ["es", "en"])
def test_tokenizers_round_trip_the_corpus(language: str) -> None:
    text = corpus(language)
    assert len(text) > 4000
    for tok in (char_tokenizer(text), train_bpe(text, 200)):
        assert tok.decode(tok.encode(text)) == text
    bpe = train_bpe(text, 200)
    assert len(bpe.vocabulary) == 200 and len(bpe.encode(text)) < 0.6 * len(text)
    words = word_tokenizer(text, 100)
    assert len(words.vocabulary) == 100 and words.vocabulary[0] == "<unk>"


def test_text_windows_predict_the_next_token_and_hold_out_the_tail() -> None:
    data = load("text", tokenizer="bpe", vocab_size=150, length=16, size=400)
    assert data.task == "next_token" and data.num_classes == 150
    assert data.x_train.shape == (360, 16) and data.x_test.shape == (40, 16)
    assert torch.equal(data.x_train[:, 1:], data.y_train[:, :-1])  # the target is the input shifted by one
    assert int(data.x_train.max()) < 150
    shown = preview(DatasetSpec(name="text", options={"tokenizer": "bpe", "vocab_size": 150, "length": 16,
                                                       "size": 400}))["tokens"]
    assert len(shown["merges"]) == 150 - len(set(corpus("es"))) and shown["vocab_size"] == 150
    sample = shown["samples"][0]
    assert sample["text"] == "".join(sample["pieces"]) and sample["text"] in corpus("es")


def test_text_options_that_do_not_fit_the_corpus_are_refused_with_a_reason() -> None:
    with pytest.raises(SpecError, match="vocab_size must be at least"):
        load("text", tokenizer="bpe", vocab_size=40)


def test_tables_are_standardised_with_training_statistics_only() -> None:
    for name, columns, classes in (("iris", 4, 3), ("wine", 13, 3), ("breast-cancer", 30, 2)):
        data = load(name)
        assert data.input_shape == (columns,) and data.num_classes == classes
        train = data.x_train.numpy()
        assert np.allclose(train.mean(0), 0, atol=1e-5) and np.allclose(train.std(0), 1, atol=1e-4)
        mean, std = data.raw_train.mean(0), data.raw_train.std(0)
        assert np.allclose(data.x_test.numpy(), (data.raw_test - mean) / std, atol=1e-4)
        assert set(np.unique(data.labels_train)) <= set(range(classes))
    raw = load("iris", standardize=False)
    assert np.allclose(raw.x_train.numpy(), raw.raw_train)
    head = preview(DatasetSpec(name="iris"))["table"]
    assert head["columns"][0] == "sepal length (cm)" and len(head["rows"]) == 8 and len(head["mean"]) == 4


def test_sentiment_is_balanced_padded_word_ids() -> None:
    for language in ("en", "es"):
        data = load("sentiment", language=language, length=12)
        labels = np.concatenate([data.labels_train, data.labels_test])
        assert set(labels) == {0, 1} and abs(labels.mean() - 0.5) < 0.05
        assert data.x_train.shape[1] == 12 and int(data.x_train.min()) == 0  # <pad>


def test_signals_forecast_and_anomaly_labels() -> None:
    forecast = load("signals", size=200, length=20)
    assert forecast.x_train.shape[1:] == (20, 1) and forecast.y_train.shape[1:] == (1,)
    flagged = load("signals", size=200, length=20, target="anomalies", anomaly_rate=0.1)
    assert flagged.task == "token_classification" and flagged.num_classes == 2
    assert set(np.unique(flagged.labels_train)) == {0, 1}
    spikes = np.abs(flagged.raw_train[..., 0]) > 1.6  # a clean signal stays within about ±1.4
    assert flagged.labels_train[spikes].mean() > 0.9
    sample = preview(DatasetSpec(name="signals", options={"target": "anomalies", "size": 200}))["sequences"]
    assert len(sample["samples"][0]["anomalies"]) == 32


def test_addition_targets_are_the_sum_digits() -> None:
    data = load("addition", digits=2, size=200)
    x, y = data.raw_train[0], data.labels_train[0]
    a, b = x[0] + 10 * x[1], x[3] + 10 * x[4]
    assert x[2] == 10 and y[0] + 10 * y[1] + 100 * y[2] == a + b and list(y[3:]) == [11, 11]


def test_copy_rule_and_denoising() -> None:
    copy = load("reverse", rule="copy", size=100)
    assert torch.equal(copy.x_train, copy.y_train)
    for name in ("digits", "shapes"):
        noisy = load(name, target="denoise", size=200)
        assert noisy.task == "denoising" and noisy.y_train.shape == noisy.x_train.shape
        assert 0.15 < float((noisy.x_train - noisy.y_train).std()) < 0.3  # 25% noise, clipped to [0, 1]


def test_every_dataset_is_deterministic_per_seed() -> None:
    for name in DATASETS:
        small = {"size": 200} if "size" in DATASETS[name].options_model.model_fields else {}
        first, again, other = (load(name, **small, seed=s) for s in (1, 1, 2))
        assert torch.equal(first.x_train, again.x_train) and torch.equal(first.y_train, again.y_train), name
        assert not (torch.equal(first.x_train, other.x_train) and torch.equal(first.x_test, other.x_test)), name


def test_augmentation_is_seeded_keeps_masks_aligned_and_is_off_by_default() -> None:
    data = load("shapes", target="mask", resolution=16, size=100)
    x, y = data.x_train[:16], data.y_train[:16]
    chances = {"flip": 1.0, "rotate": 0.5, "translate": 0.5, "scale": 0.5, "noise": 0.0}
    a = augment_batch(x, y, chances, torch.Generator().manual_seed(0))
    b = augment_batch(x, y, chances, torch.Generator().manual_seed(0))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) and not torch.equal(a[0], x)
    assert set(a[1].unique().tolist()) <= {0.0, 1.0}
    assert ((a[0] > 0.3) == (a[1] > 0.5)).float().mean() > 0.95  # the mask moved with its image
    flipped = augment_batch(x, y, {"flip": 1.0}, torch.Generator().manual_seed(0))[0]
    assert torch.allclose(flipped, x.flip(-1), atol=1e-5)
    assert load("digits", size=100).options.augment_flip == 0.0
