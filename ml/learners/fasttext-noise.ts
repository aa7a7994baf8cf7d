import { GaussianStream } from "./gaussian";

/**
 * DP-SGD's Gaussian noise on the embedding table, added to a row when it is next read rather
 * than at every step. Step k adds rate_k * s * N(0, I) to every coordinate (s = sigma C / B);
 * a row no example reads between two steps is used by nothing, and the sum of the
 * independent draws it missed is one normal of variance s^2 sum_k rate_k^2. Adding that
 * sum just before the row is read (and, for every row, at the end) therefore gives every
 * forward pass and the final table exactly the distribution of per-step dense noise, so
 * the accountant's guarantee is unchanged, while the draws fall from steps x |E| (~400M for
 * 2^18 x 16 over 95 steps) to the rows batches touch plus one pass over the table.
 */
export class LazyRowNoise {
  /** since[r]: the first step whose noise row r has not received yet. */
  private readonly since: Int32Array;
  /** cum[t] = sum over steps k < t of rate_k^2. */
  private readonly cum: Float64Array;
  private readonly draw: Float32Array;
  private step = 0;

  constructor(
    rows: number,
    private readonly d: number,
    /** Noise std per unit rate: sigma * C / batch size. */
    private readonly scale: number,
    rates: readonly number[],
    private readonly stream: GaussianStream,
  ) {
    this.since = new Int32Array(rows);
    this.cum = new Float64Array(rates.length + 1);
    rates.forEach((r, k) => (this.cum[k + 1] = (this.cum[k] ?? 0) + r * r));
    this.draw = new Float32Array(d);
  }

  /** Mark the current step's noise as owed to every row (call once per step, after it). */
  endStep(): void {
    this.step = Math.min(this.step + 1, this.cum.length - 1);
  }

  /** Add to row r of E the noise of the steps it has missed. */
  flush(E: Float32Array, r: number): void {
    const from = this.since[r] ?? 0;
    if (from >= this.step) return;
    this.since[r] = this.step;
    const v = (this.cum[this.step] ?? 0) - (this.cum[from] ?? 0);
    if (!(v > 0) || this.scale === 0) return;
    this.stream.fill(this.draw, this.scale * Math.sqrt(v));
    const base = r * this.d;
    for (let u = 0; u < this.d; u++) E[base + u] = (E[base + u] ?? 0) + (this.draw[u] ?? 0);
  }

  /** Bring every row up to date (before the table is released). */
  flushAll(E: Float32Array): void {
    for (let r = 0; r < this.since.length; r++) this.flush(E, r);
  }
}
