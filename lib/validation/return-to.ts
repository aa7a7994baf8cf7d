/** Any origin we own: only used to resolve a relative value and check it stays put. */
const BASE = "http://x.invalid";
/**
 * Control, format, separator (all whitespace) and unassigned characters, and backslashes:
 * browsers strip or rewrite several of them (`/\t/evil` becomes `//evil`), so none may appear,
 * encoded or not.
 */
const UNSAFE = /[\p{C}\p{Z}\\]/u;
const MAX_LENGTH = 2048;
const MAX_DECODES = 4;

/**
 * Only same-origin paths may be returned to after sign-in (no open redirects), whatever the
 * encoding. Returns the normalised path + query + hash, or `fallback`.
 */
export function safeReturnTo(value: string | string[] | undefined | null, fallback = "/"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || v.length === 0 || v.length > MAX_LENGTH) return fallback;
  if (!staysPlainWhenDecoded(v)) return fallback;
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const result = url.pathname + url.search + url.hash;
  // `/.//evil` resolves to the path `//evil`, which a browser reads as another host.
  return staysPlainWhenDecoded(result) ? result : fallback;
}

/** Every decoding a later step (router, server, browser) might apply must still be a plain local path. */
function staysPlainWhenDecoded(value: string): boolean {
  let layer = value;
  for (let i = 0; i <= MAX_DECODES; i++) {
    if (!isPlainPath(layer)) return false;
    let next: string;
    try {
      next = decodeURIComponent(layer);
    } catch {
      return false;
    }
    if (next === layer) return true;
    layer = next;
  }
  return false;
}

function isPlainPath(s: string): boolean {
  return s.startsWith("/") && !s.startsWith("//") && !UNSAFE.test(s);
}
