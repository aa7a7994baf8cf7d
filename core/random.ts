/**
 * Seeded randomness and string hashing, the one copy both engines use (ml/ and
 * deliberation/ may not import each other, so it lives here and imports nothing). Every
 * random step takes an Rng built from a seed, so the same spec and seed give the same
 * numbers on any machine and worker count.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/** mulberry32: small, fast, good enough for simulation (not for secrets). */
export function createRng(seed: number): Rng {
  let a = hashSeed(seed) >>> 0;
  let spare: number | null = null;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Derive an independent seed from a base seed and labels (e.g. seed, "split", alphaIndex). */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = hashSeed(seed);
  for (const p of parts) h = fnv1a(String(p), h);
  return h >>> 0;
}

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/**
 * 32-bit FNV-1a of a string, optionally continuing from a previous hash. Its low bits
 * barely change between strings that differ in their last character; use hashString where
 * neighbouring ids must give unrelated values.
 */
export function fnv1a(text: string, start = 0x811c9dc5): number {
  let h = start >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * 32-bit hash of a string: FNV-1a followed by a murmur3 finaliser. FNV-1a alone changes
 * only the low bits for strings differing in their last character (e.g. "user-1" vs
 * "user-2"), which would make neighbouring ids produce similar orders; the finaliser
 * spreads every input bit over the whole word.
 */
export function hashString(text: string, start = 0x811c9dc5): number {
  return mix32(fnv1a(text, start));
}

/** Hash several parts unambiguously (a separator that cannot occur in ids stops "ab"+"c" = "a"+"bc"). */
export function hashParts(...parts: readonly (string | number)[]): number {
  return hashString(parts.map(String).join("\u0000"));
}

function hashSeed(seed: number): number {
  // Spread small consecutive seeds apart (splitmix-style finaliser).
  return mix32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
}

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
