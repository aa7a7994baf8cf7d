/**
 * Seeded randomness and string hashing for deliberation. Kept local (not imported from
 * ml/) because lib/deliberation must stay dependency-free; the generators mirror ml/random.ts.
 */

/** A uniform generator in [0, 1). */
export type Uniform = () => number;

/** mulberry32: tiny and fast; fine for tie-breaking and shuffles, not for secrets. */
export function createUniform(seed: number): Uniform {
  let a = mix32(seed >>> 0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 32-bit hash of a string: FNV-1a followed by a murmur3 finaliser. FNV-1a alone changes
 * only the low bits for strings differing in their last character (e.g. "user-1" vs
 * "user-2"), which would make neighbouring ids produce similar orders; the finaliser
 * spreads every input bit over the whole word.
 */
export function hashString(text: string, start = 0x811c9dc5): number {
  let h = start >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mix32(h);
}

/** Hash several parts unambiguously (a separator that cannot occur in ids stops "ab"+"c" = "a"+"bc"). */
export function hashParts(...parts: readonly (string | number)[]): number {
  return hashString(parts.map(String).join("\u0000"));
}

function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
