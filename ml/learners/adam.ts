/**
 * Adam over plain Float32Arrays, with a lazy (sparse) row update for embedding tables:
 * only the rows a batch touched move, as in TF's LazyAdam and fastText-style sparse SGD.
 * Updating the 2^18-row table densely every step dominated training time on wasm
 * (~13 ms/step); the touched rows of a 32-row batch are a few percent of it.
 */
export class AdamState {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  private lrT = 0;

  constructor(
    private readonly param: Float32Array,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float32Array(param.length);
    this.v = new Float32Array(param.length);
  }

  /** Advance the step counter (one call per optimiser step, before the updates). */
  tick(): void {
    this.t++;
    this.lrT = (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
  }

  /** Dense update: grad has the parameter's length; `l2` adds l2 * param to it. */
  dense(grad: Float32Array, l2 = 0): void {
    this.range(grad, 0, 0, this.param.length, l2);
  }

  /**
   * Sparse row update: row r of `grad` (width `width`) is the gradient of parameter row
   * rows[r]; other rows are left alone (their moments do not decay either).
   */
  rows(grad: Float32Array, rows: ArrayLike<number>, width: number, l2 = 0): void {
    const { m, v, param, beta1, beta2, eps, lrT } = this;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    for (let r = 0; r < rows.length; r++) {
      const pBase = (rows[r] ?? 0) * width;
      const gBase = r * width;
      for (let k = 0; k < width; k++) {
        const p = pBase + k;
        const w = param[p] ?? 0;
        const g = (grad[gBase + k] ?? 0) + l2 * w;
        const mk = beta1 * (m[p] ?? 0) + c1 * g;
        const vk = beta2 * (v[p] ?? 0) + c2 * g * g;
        m[p] = mk;
        v[p] = vk;
        param[p] = w - (lrT * mk) / (Math.sqrt(vk) + eps);
      }
    }
  }

  private range(grad: Float32Array, gFrom: number, pFrom: number, len: number, l2: number): void {
    const { m, v, param, beta1, beta2, eps, lrT } = this;
    for (let k = 0; k < len; k++) {
      const p = pFrom + k;
      const w = param[p] ?? 0;
      const g = (grad[gFrom + k] ?? 0) + l2 * w;
      const mk = beta1 * (m[p] ?? 0) + (1 - beta1) * g;
      const vk = beta2 * (v[p] ?? 0) + (1 - beta2) * g * g;
      m[p] = mk;
      v[p] = vk;
      param[p] = w - (lrT * mk) / (Math.sqrt(vk) + eps);
    }
  }
}
