"""Byte-pair encoding stepped one merge at a time, with the tokenizer the text datasets use (data/tokenizers.py)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from pydantic import BaseModel, Field

from ...data.tokenizers import CHUNK, Tokenizer, train_bpe
from ..models import t
from .registry import Explainer, ExplainerInput, explainer


class BpeInput(ExplainerInput):
    corpus: str = Field("low lower lowest newer wider new", min_length=2, max_length=2000,
                        description="The text to learn merges from.")
    merges: int = Field(8, ge=1, le=60, description="How many merges to learn at most.")


class BpeMerge(BaseModel):
    rank: int = Field(description="1 for the first merge learned")
    pair: list[str] = Field(description="The two symbols merged")
    token: str = Field(description="The new symbol")
    count: int = Field(description="How often the pair occurred next to each other before this merge")
    pieces: list[str] = Field(description="The corpus cut into symbols after this merge")
    vocab_size: int


class BpeResult(BaseModel):
    alphabet: list[str] = Field(description="The starting vocabulary: every character of the corpus")
    pieces: list[str] = Field(description="The corpus as characters, before any merge")
    merges: list[BpeMerge]
    stopped: str = Field(description="Why it stopped: 'merges' (the number asked for) or 'no_pair' (no pair "
                         "occurs twice)")


def _cut(tokenizer: Tokenizer, chunks: list[str]) -> list[list[str]]:
    return [tokenizer.pieces(chunk) for chunk in chunks]


def bpe(body: BpeInput) -> BpeResult:
    learned = train_bpe(body.corpus, vocab_size=len(set(body.corpus)) + body.merges)
    alphabet = sorted(set(body.corpus))
    chunks = CHUNK.findall(body.corpus)
    steps = []
    before = [list(chunk) for chunk in chunks]
    for rank, pair in enumerate(learned.merges, start=1):
        count = sum(Counter(pairwise(cut))[pair] for cut in before)  # counted as training counts them
        partial = Tokenizer("bpe", learned.vocabulary[:len(alphabet) + rank], learned.merges[:rank])
        before = _cut(partial, chunks)
        steps.append(BpeMerge(rank=rank, pair=list(pair), token="".join(pair), count=count,
                              pieces=[p for cut in before for p in cut], vocab_size=len(alphabet) + rank))
    return BpeResult(alphabet=alphabet, pieces=list(body.corpus), merges=steps,
                     stopped="merges" if len(learned.merges) == body.merges else "no_pair")


explainer(Explainer(
    name="bpe", title=t("Fusiones BPE", "BPE merges"),
    description=t("Byte-pair encoding: fusiona una y otra vez el par de símbolos vecinos más frecuente.",
                  "Byte-pair encoding: merge the most frequent pair of neighbouring symbols, again and again."),
    input=BpeInput, output=BpeResult, compute=bpe, view="merges"))
