// Reading the predictions probe: argmax over class scores or a vocabulary. Which view a run gets is the
// server's word (the `view` field of a predictions frame, from its task table); the page only draws it.

/** Index and value of the largest entry of values[start, start + count). */
export function argmax(values: ArrayLike<number>, start = 0, count = values.length - start): [number, number] {
  let best = 0;
  for (let i = 1; i < count; i++) if (values[start + i] > values[start + best]) best = i;
  return [best, values[start + best]];
}

/** Per position of a [L, V] score tensor: the predicted token (argmax over the vocabulary). */
export function predictedTokens(scores: ArrayLike<number>, length: number, vocab: number): number[] {
  return Array.from({ length }, (_, i) => argmax(scores, i * vocab, vocab)[0]);
}
