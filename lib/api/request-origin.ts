/**
 * What origin a request was addressed to: the one place that decides whether proxy headers
 * count. X-Forwarded-Host and X-Forwarded-Proto are set by whoever sends the request unless a
 * reverse proxy overwrites them, so they are only honoured with CONCERT_TRUST_PROXY=1.
 */

interface HeaderSource {
  get(name: string): string | null;
}

interface RequestOrigin {
  /** `https://concert.example:8443` */
  origin: string;
  /** `concert.example:8443`, lower case */
  host: string;
  protocol: "http" | "https";
}

// A host name or IP literal with an optional port: nothing that could smuggle a path or userinfo.
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function isProxyTrusted(): boolean {
  return process.env.CONCERT_TRUST_PROXY === "1";
}

/** A proxy chain appends, so the first value is the one the client's proxy saw. */
function firstValue(value: string | null): string | undefined {
  return value?.split(",")[0]?.trim() || undefined;
}

function hostOfUrl(url: string | undefined): { host?: string; protocol?: string } {
  if (!url) return {};
  try {
    const u = new URL(url);
    return { host: u.host, protocol: u.protocol.replace(/:$/, "") };
  } catch {
    return {};
  }
}

/**
 * The origin `headers` (and the request URL, when there is one) were addressed to: the
 * forwarded host and protocol behind a trusted proxy, otherwise the Host header, otherwise the URL.
 */
export function requestOrigin(headers: HeaderSource, url?: string): RequestOrigin {
  const fromUrl = hostOfUrl(url);
  const trusted = isProxyTrusted();
  const candidates = [
    trusted ? firstValue(headers.get("x-forwarded-host")) : undefined,
    headers.get("host")?.trim(),
    fromUrl.host,
  ];
  const host = (
    candidates.find((h) => h !== undefined && HOST.test(h)) ?? "localhost"
  ).toLowerCase();
  const proto =
    (trusted ? firstValue(headers.get("x-forwarded-proto")) : undefined) ?? fromUrl.protocol;
  const protocol = proto?.toLowerCase() === "https" ? "https" : "http";
  return { origin: `${protocol}://${host}`, host, protocol };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A write that carries the session cookie and comes from another site. Browsers send Origin
 * (and Sec-Fetch-Site) with every cross-site write; a request with an Authorization header
 * cannot be sent cross-site without a CORS preflight we never grant, so it is not ambient.
 */
export function isCrossSiteCookieWrite(req: Request): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  if (req.headers.get("authorization") || !req.headers.get("cookie")) return false;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host.toLowerCase() !== requestOrigin(req.headers, req.url).host;
  } catch {
    return true; // `Origin: null` (sandboxed frames, cross-origin redirects) or garbage.
  }
}
