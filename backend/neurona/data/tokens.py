"""Token datasets: sequences of integer token ids, (N, L) int64, for Embedding-based models (transformers).

`markers` labels each sequence by a rule about two marker tokens (1 and 2) hidden among filler tokens (3 to V − 1;
0 is never drawn): which marker is in the majority, or which comes first. `reverse` asks for a token at every
position: the input reversed (or sorted), a token-classification task over the vocabulary.
"""

from __future__ import annotations

import numpy as np

from ..tasks import TaskName
from .options import AdditionOptions, MarkerOptions, ReverseOptions
from .registry import DatasetType, register

Arrays = tuple[np.ndarray, np.ndarray]
MARKER_A, MARKER_B, FIRST_FILLER = 1, 2, 3


def _positions(rng: np.random.Generator, size: int, length: int) -> np.ndarray:
    """(N, L): a random permutation of the positions per row; the first k columns are k distinct positions."""
    return np.argsort(rng.random((size, length)), axis=1)


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def letters(count: int) -> tuple[str, ...]:
    """Symbols for token ids 0..count − 1: letters, then numbered tokens past the alphabet."""
    return tuple(LETTERS[i] if i < len(LETTERS) else f"t{i}" for i in range(count))


def marker_symbols(opts: MarkerOptions) -> tuple[str, ...]:
    """· for the never-drawn 0, ① and ② for the markers, lower-case letters (then numbers) for the fillers."""
    def symbol(i: int) -> str:
        if i < FIRST_FILLER:
            return "·①②"[i]
        filler = i - FIRST_FILLER
        return LETTERS[26 + filler] if filler < 26 else f"t{i}"
    return tuple(symbol(i) for i in range(opts.vocab_size))


def markers(opts: MarkerOptions, rng: np.random.Generator) -> Arrays:
    tokens = rng.integers(FIRST_FILLER, opts.vocab_size, (opts.size, opts.length))
    places = _positions(rng, opts.size, opts.length)
    rows = np.arange(opts.size)
    if opts.rule == "order":
        tokens[rows, places[:, 0]] = MARKER_A
        tokens[rows, places[:, 1]] = MARKER_B
        return tokens, (places[:, 0] < places[:, 1]).astype(np.int64)
    most = max(1, (opts.length // 2) - (1 - (opts.length // 2) % 2))  # the largest odd count ≤ L / 2
    count = 2 * rng.integers(0, (most + 1) // 2, opts.size) + 1  # odd: 1, 3, ..., most
    is_a = rng.random((opts.size, opts.length)) < 0.5
    used = np.arange(opts.length)[None, :] < count[:, None]  # column k of `places` holds a marker when k < count
    marks = np.where(is_a, MARKER_A, MARKER_B)
    tokens[rows[:, None], places] = np.where(used, marks, tokens[rows[:, None], places])
    a_count = (used & is_a).sum(axis=1)
    return tokens, (2 * a_count > count).astype(np.int64)


def reverse(opts: ReverseOptions, rng: np.random.Generator) -> Arrays:
    tokens = rng.integers(0, opts.vocab_size, (opts.size, opts.length))
    target = RULES[opts.rule](tokens)
    return tokens, np.ascontiguousarray(target)


RULES = {"reverse": lambda t: t[:, ::-1], "sort": lambda t: np.sort(t, axis=1), "copy": lambda t: t.copy()}
PLUS, BLANK = 10, 11


def _digits_of(numbers: np.ndarray, count: int) -> np.ndarray:
    """(N,) integers -> (N, count) decimal digits, least significant first."""
    return (numbers[:, None] // 10 ** np.arange(count)[None, :]) % 10


def addition(opts: AdditionOptions, rng: np.random.Generator) -> Arrays:
    n = opts.digits
    a, b = (rng.integers(0, 10**n, opts.size) for _ in range(2))
    tokens = np.concatenate([_digits_of(a, n), np.full((opts.size, 1), PLUS), _digits_of(b, n)], axis=1)
    target = np.full_like(tokens, BLANK)
    target[:, :n + 1] = _digits_of(a + b, n + 1)
    return tokens, target


register(DatasetType(
    name="markers", title="Marker tokens", task=TaskName.CLASSIFICATION, num_classes=2, kind="tokens",
    description="Sequences of `length` tokens from a vocabulary of `vocab_size`; class 1 when marker token 1 "
    "outnumbers marker token 2 (rule majority) or comes before it (rule order). Input [length] token ids "
    "(default [12], vocabulary 50), for an Embedding.",
    options_model=MarkerOptions, generate=markers, class_names=("token 2", "token 1"), symbols=marker_symbols,
    input_shape=lambda o: [o.length], vocab_from=lambda o: o.vocab_size))
register(DatasetType(
    name="reverse", title="Reverse tokens", task=TaskName.TOKEN_CLASSIFICATION, num_classes=20, kind="tokens",
    description="Sequences of `length` random tokens; the target is the sequence reversed (or sorted): one class "
    "of the vocabulary at every position. Input [length] token ids, output [length, vocab_size] (default [10] → "
    "[10, 20]); cross-entropy per position, accuracy per token.",
    options_model=ReverseOptions, generate=reverse, input_shape=lambda o: [o.length],
    classes_from=lambda o: o.vocab_size, vocab_from=lambda o: o.vocab_size,
    symbols=lambda o: letters(o.vocab_size)))
register(DatasetType(
    name="addition", title="Addition", task=TaskName.TOKEN_CLASSIFICATION, num_classes=12, kind="tokens",
    description="Two n-digit numbers, digits least significant first around a + token (10); at every position "
    "the target is the sum's digit there (n + 1 of them), then blank (11). Input [2n + 1] token ids from a "
    "vocabulary of 12, output [2n + 1, 12] (default [7] → [7, 12]).",
    options_model=AdditionOptions, generate=addition, input_shape=lambda o: [2 * o.digits + 1],
    class_names=(*(str(d) for d in range(10)), "+", "blank"), vocab_from=lambda _o: 12))
