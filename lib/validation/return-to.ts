/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnTo(value: string | string[] | undefined | null, fallback = "/"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return fallback;
  return v;
}
