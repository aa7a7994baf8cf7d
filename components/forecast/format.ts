/** Small formatters shared by the forecast view (no locale-dependent surprises in tests). */
export const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)}%`;

export function duration(seconds: number | null): string {
  if (seconds === null) return "estimating time left";
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  return `about ${minutes} min left`;
}

export function signedPoints(v: number): string {
  const points = v * 100;
  return `${points >= 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} points`;
}
