"""Text datasets, on a corpus written for Neurona (`corpus/`: a few thousand characters each of Spanish and English
prose, and short sentiment sentences).

`text` poses next-token language modelling: windows of `length` tokens of the corpus, the target at every
position being the token that follows. The test windows come from the corpus's last `test_ratio` (the declaration's
`held_out_tail`), so the held-out perplexity is measured on text the model never saw. `sentiment` classifies a
sentence as negative (0) or positive (1) from its word ids, padded with <pad> (id 0).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import model_validator

from ..tasks import Task, TaskName
from .loading import test_count
from .options import SentimentOptions, TextOptions
from .registry import DatasetType, register
from .tokenizers import UNKNOWN, Tokenizer, char_tokenizer, train_bpe, word_tokenizer

CORPUS = Path(__file__).parent / "corpus"
PAD = "<pad>"
Arrays = tuple[np.ndarray, np.ndarray]


@cache
def corpus(language: str) -> str:
    return (CORPUS / f"{language}.txt").read_text(encoding="utf-8")


@cache
def tokenizer_for(language: str, name: str, vocab_size: int) -> Tokenizer:
    text = corpus(language)
    if name == "char":
        return char_tokenizer(text)
    if name == "word":
        return word_tokenizer(text, vocab_size)
    return train_bpe(text, vocab_size)


@cache
def encoded(language: str, name: str, vocab_size: int) -> np.ndarray:
    return np.asarray(tokenizer_for(language, name, vocab_size).encode(corpus(language)), dtype=np.int64)


def _tokenizer(opts: TextOptions) -> Tokenizer:
    return tokenizer_for(opts.language, opts.tokenizer, opts.vocab_size)


def _windows(tokens: np.ndarray, starts: np.ndarray, length: int) -> Arrays:
    index = starts[:, None] + np.arange(length)[None, :]
    return tokens[index], tokens[index + 1]


def text_windows(opts: TextOptions, rng: np.random.Generator) -> Arrays:
    """Training windows from the corpus's first part, then the test windows from its last part."""
    tokens = encoded(opts.language, opts.tokenizer, opts.vocab_size)
    cut = int(len(tokens) * (1 - opts.test_ratio))
    n_test = test_count(opts.size, opts.test_ratio)
    train = rng.integers(0, cut - opts.length - 1, opts.size - n_test)
    test = rng.integers(cut, len(tokens) - opts.length - 1, n_test)
    x_train, y_train = _windows(tokens, train, opts.length)
    x_test, y_test = _windows(tokens, test, opts.length)
    return np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])


def _check_text(opts: TextOptions) -> TextOptions:
    characters = len(set(corpus(opts.language)))
    if opts.tokenizer == "bpe" and opts.vocab_size < characters:
        raise ValueError(f"vocab_size must be at least {characters} for bpe on the '{opts.language}' corpus (its "
                         "characters are the first pieces)")
    held_out = int(len(encoded(opts.language, opts.tokenizer, opts.vocab_size)) * opts.test_ratio)
    if held_out < opts.length + 2:
        raise ValueError(f"the held-out text is {held_out} tokens, too short for windows of {opts.length}; lower "
                         "length or raise test_ratio")
    return opts


class CheckedTextOptions(TextOptions):
    """The text options with the rules that need the corpus (the bpe alphabet, the held-out part's length)."""

    @model_validator(mode="after")
    def _fits_corpus(self) -> CheckedTextOptions:
        _check_text(self)
        return self


def _describe_text(opts: TextOptions) -> dict[str, Any]:
    tok = _tokenizer(opts)
    return {"tokenizer": tok.name, "vocabulary": list(tok.vocabulary), "merges": [list(m) for m in tok.merges]}


register(DatasetType(
    name="text", title="Text (next character)", task=TaskName.NEXT_TOKEN, num_classes=1, kind="tokens",
    description="Prose written for Neurona, in Spanish or English, cut into windows of `length` tokens: predict "
    "the next token at every position (a language model). Tokens are characters, words or BPE pieces learned on "
    "the corpus. Input [length] token ids, output [length, vocabulary]; cross-entropy and perplexity.",
    options_model=CheckedTextOptions, generate=text_windows, input_shape=lambda o: [o.length],
    classes_from=lambda o: len(_tokenizer(o).vocabulary), vocab_from=lambda o: len(_tokenizer(o).vocabulary),
    describe=_describe_text, held_out_tail=True,
    task_from=lambda o: Task(TaskName.NEXT_TOKEN, len(_tokenizer(o).vocabulary))))


@cache
def sentences(language: str) -> tuple[tuple[str, ...], np.ndarray]:
    rows = [line.split("\t", 1) for line in (CORPUS / f"sentiment_{language}.tsv").read_text("utf-8").splitlines()
            if line.strip()]
    return tuple(text for _, text in rows), np.asarray([int(label) for label, _ in rows], dtype=np.int64)


@cache
def sentiment_tokenizer(language: str) -> Tokenizer:
    return word_tokenizer(" ".join(sentences(language)[0]), 100_000, specials=(PAD, UNKNOWN))


def sentiment(opts: SentimentOptions, _rng: np.random.Generator) -> Arrays:
    texts, labels = sentences(opts.language)
    tok = sentiment_tokenizer(opts.language)
    ids = np.zeros((len(texts), opts.length), dtype=np.int64)  # <pad> is id 0
    for row, text in enumerate(texts):
        encoded_text = tok.encode(text)[:opts.length]
        ids[row, :len(encoded_text)] = encoded_text
    return ids, labels.copy()


register(DatasetType(
    name="sentiment", title="Sentiment", task=TaskName.CLASSIFICATION, num_classes=2, kind="tokens",
    description="Short reviews written for Neurona, in English or Spanish, each negative (0) or positive (1). Input "
    "[length] word ids padded with <pad> (id 0), for an Embedding.",
    options_model=SentimentOptions, generate=sentiment, input_shape=lambda o: [o.length],
    class_names=("negative", "positive"), vocab_from=lambda o: len(sentiment_tokenizer(o.language).vocabulary),
    describe=lambda o: {"tokenizer": "word", "vocabulary": list(sentiment_tokenizer(o.language).vocabulary)}))
