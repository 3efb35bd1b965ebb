"""Tokenizers for the text sets: characters, words, and byte-pair encoding (BPE) learned from the corpus.

A `Tokenizer` is its vocabulary (the string of every id) and, for BPE, its merges in the order they were learned,
which the dataset preview shows. Encoding text the tokenizer has never seen maps unknown pieces to `<unk>` when
the vocabulary has one (words) and drops them otherwise (characters and BPE know every character of their corpus).

BPE (Sennrich et al., 2016) here:
1. The text is cut into chunks: a word with the single space before it (" gato"), or any other whitespace
   character on its own. Merges never cross a chunk, so a token never spans two words.
2. The vocabulary starts as the corpus's characters, sorted by code point.
3. Repeatedly, the adjacent pair of symbols that occurs most often (counted over every chunk of the corpus) is
   merged into one new symbol, appended to the vocabulary. Ties go to the pair that sorts first as (left, right)
   strings, so training is deterministic. It stops at `vocab_size` symbols or when no pair occurs twice.
4. Encoding applies the learned merges to each chunk by rank: always the earliest-learned merge present first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

Pair = tuple[str, str]
CHUNK = re.compile(r" ?\S+|\s")  # " word" or one whitespace character: joining the chunks gives the text back
WORD = re.compile(r"\w+|[^\w\s]")  # words and single punctuation marks, for the word tokenizer
UNKNOWN = "<unk>"


@dataclass(frozen=True)
class Tokenizer:
    name: str  # char, word or bpe
    vocabulary: tuple[str, ...]  # the string of every token id
    merges: tuple[Pair, ...] = ()  # bpe: learned merges, earliest first
    joiner: str = ""  # what separates decoded tokens: "" (characters, pieces) or " " (words)
    ids: dict[str, int] = field(init=False, repr=False, compare=False)
    ranks: dict[Pair, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids: dict[str, int] = {}
        for i, piece in enumerate(self.vocabulary):
            ids.setdefault(piece, i)  # two merges may spell the same string; the first id wins when encoding
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "ranks", {pair: rank for rank, pair in enumerate(self.merges)})

    def pieces(self, text: str) -> list[str]:
        """The text cut into vocabulary strings (unknown ones kept, for `encode` to map)."""
        if self.joiner:
            return WORD.findall(text.lower())
        if not self.merges:
            return list(text)
        return [piece for chunk in CHUNK.findall(text) for piece in self._merge(list(chunk))]

    def encode(self, text: str) -> list[int]:
        unknown = self.ids.get(UNKNOWN)
        ids = (self.ids.get(piece, unknown) for piece in self.pieces(text))
        return [i for i in ids if i is not None]

    def decode(self, ids: Iterable[int]) -> str:
        return self.joiner.join(self.vocabulary[i] for i in ids)

    def _merge(self, symbols: list[str]) -> list[str]:
        while len(symbols) > 1:
            ranked = [(self.ranks.get(pair, len(self.ranks)), pair) for pair in pairwise(symbols)]
            rank, pair = min(ranked)
            if rank == len(self.ranks):
                break  # no learned merge applies any more
            symbols = _merge_pair(symbols, pair)
        return symbols


def _merge_pair(symbols: list[str], pair: Pair) -> list[str]:
    """Every non-overlapping occurrence of `pair`, left to right, becomes one symbol."""
    merged: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            merged.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            merged.append(symbols[i])
            i += 1
    return merged


def char_tokenizer(text: str) -> Tokenizer:
    return Tokenizer("char", tuple(sorted(set(text))))


def word_tokenizer(text: str, vocab_size: int, specials: tuple[str, ...] = (UNKNOWN,)) -> Tokenizer:
    """The specials, then the vocab_size − len(specials) most frequent words (ties alphabetical)."""
    counts = Counter(WORD.findall(text.lower()))
    ranked = sorted(counts, key=lambda word: (-counts[word], word))
    return Tokenizer("word", (*specials, *ranked[:max(vocab_size - len(specials), 0)]), joiner=" ")


def train_bpe(text: str, vocab_size: int) -> Tokenizer:
    """Learn merges on `text` until the vocabulary holds `vocab_size` symbols (the characters count)."""
    alphabet = sorted(set(text))
    chunks = Counter(CHUNK.findall(text))
    words: list[tuple[list[str], int]] = [(list(chunk), count) for chunk, count in chunks.items()]
    merges: list[Pair] = []
    while len(alphabet) + len(merges) < vocab_size:
        pairs: Counter[Pair] = Counter()
        for symbols, count in words:
            for pair in pairwise(symbols):
                pairs[pair] += count
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        if pairs[best] < 2:
            break  # a merge seen once teaches nothing about the language
        merges.append(best)
        words = [(_merge_pair(symbols, best), count) for symbols, count in words]
    return Tokenizer("bpe", (*alphabet, *(a + b for a, b in merges)), tuple(merges))
