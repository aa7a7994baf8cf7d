/**
 * Words are runs of letters, digits and combining marks; anything else that is not
 * white space becomes a token too, as a run of the same symbol ("!!!", "§§", "✦").
 * Planted signals are often strange characters, so a tokenizer that drops punctuation
 * (as many do) would make them invisible to the model. Splitting mixed symbol runs
 * ("✦!" -> "✦", "!") keeps a signal recognisable when it touches other punctuation.
 * A symbol's trailing marks (e.g. the emoji variation selector U+FE0F) stay with it.
 */
const TOKEN = /[\p{L}\p{N}\p{M}]+|([^\p{L}\p{N}\p{M}\s]\p{M}*)\1*/gu;

/** Lowercase, Unicode-aware tokens of a text, in order. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}
