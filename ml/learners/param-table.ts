/**
 * A parameter table with its optimiser state: plain SGD (weights only), or Adam over a
 * row-major table kept interleaved per row as [w(width) | m(width) | v(width)],
 * with a lazy (sparse) row update for embedding tables: only the rows a batch touched
 * move, as in TF's LazyAdam and fastText-style sparse SGD. Interleaving puts a row's
 * weight and moments in one cache line: the 2^18-row table is touched at random rows,
 * and three separate arrays cost three cache misses per row (measured ~1.6x slower).
 * Updating the whole table densely every step was slower still on wasm (~13 ms/step).
 */
export class ParamTable {
  private readonly slab: Float32Array;
  private readonly stride: number;
  private t = 0;
  private lrT = 0;
  private scratch: Float32Array | null = null;

  constructor(
    init: Float32Array,
    private readonly width: number,
    private readonly lr: number,
    /** "sgd": plain gradient steps, no moments (stride = width). */
    private readonly method: "adam" | "sgd" = "adam",
    /** SGD only: decay the rate linearly to 0 over this many steps (fastText's schedule). */
    private readonly decaySteps = 0,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    if (init.length % width !== 0) throw new Error("ParamTable: size is not a multiple of width");
    this.stride = method === "adam" ? 3 * width : width;
    const rows = init.length / width;
    this.slab = new Float32Array(rows * this.stride);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < width; k++) this.slab[r * this.stride + k] = init[r * width + k] ?? 0;
    }
  }

  /** Advance the step counter (one call per optimiser step, before the updates). */
  tick(): void {
    this.t++;
    this.lrT =
      this.method === "sgd"
        ? this.lr * (this.decaySteps > 0 ? Math.max(0, 1 - (this.t - 1) / this.decaySteps) : 1)
        : (this.lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
  }

  /** SGD tables store the weights compactly: this is that live array, for in-place steps. */
  sgdWeights(): Float32Array {
    if (this.method !== "sgd") throw new Error("sgdWeights: only for sgd tables");
    return this.slab;
  }

  /** The current (decayed) SGD rate; call after tick(). */
  currentRate(): number {
    return this.lrT;
  }

  /** Current weights as a compact row-major copy. */
  weights(): Float32Array {
    return this.copyRows(null);
  }

  /** Weights of the given rows (all rows when null), compact row-major. */
  copyRows(rows: Int32Array | null): Float32Array {
    const { slab, stride, width } = this;
    const n = rows === null ? slab.length / stride : rows.length;
    const out = new Float32Array(n * width);
    for (let r = 0; r < n; r++) {
      const from = (rows === null ? r : (rows[r] ?? 0)) * stride;
      for (let k = 0; k < width; k++) out[r * width + k] = slab[from + k] ?? 0;
    }
    return out;
  }

  /**
   * DP update: the gradient is `noiseScale * N(0, I)` on every coordinate plus
   * `sumScale * sum`, where `sum` holds rows `rows` (or every row when null). The
   * scratch buffer is reused across steps: the noise is dense, and a fresh 16 MB array
   * per step (mlp) spent more time in allocation and GC than in the update.
   */
  denseNoisy(
    sum: Float32Array,
    rows: Int32Array | null,
    noise: { fill(out: Float32Array, scale: number): void },
    noiseScale: number,
    sumScale: number,
    l2: number,
  ): void {
    const size = (this.slab.length / this.stride) * this.width;
    if (this.scratch === null || this.scratch.length !== size)
      this.scratch = new Float32Array(size);
    const g = this.scratch;
    if (noiseScale > 0) noise.fill(g, noiseScale);
    else g.fill(0);
    const width = this.width;
    if (rows === null) {
      for (let k = 0; k < size; k++) g[k] = (g[k] ?? 0) + sumScale * (sum[k] ?? 0);
    } else {
      for (let r = 0; r < rows.length; r++) {
        const base = (rows[r] ?? 0) * width;
        for (let k = 0; k < width; k++)
          g[base + k] = (g[base + k] ?? 0) + sumScale * (sum[r * width + k] ?? 0);
      }
    }
    this.update(g, null, l2);
  }

  /** Dense update: `grad` covers every row; `l2` adds l2 * weight to the gradient. */
  dense(grad: Float32Array, l2 = 0): void {
    this.update(grad, null, l2);
  }

  /**
   * Sparse update: row r of `grad` is the gradient of table row rows[r]; other rows are
   * left alone (their moments do not decay either, and L2 decay reaches a row only when
   * a batch touches it: the usual lazy approximation of sparse optimisers).
   */
  rows(grad: Float32Array, rows: Int32Array, l2 = 0): void {
    this.update(grad, rows, l2);
  }

  private update(grad: Float32Array, rows: Int32Array | null, l2: number): void {
    const { slab, stride, width, beta1, beta2, eps, lrT } = this;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const n = rows === null ? slab.length / stride : rows.length;
    if (this.method === "sgd") {
      const { lrT } = this;
      for (let r = 0; r < n; r++) {
        const base = (rows === null ? r : (rows[r] ?? 0)) * stride;
        for (let k = 0; k < width; k++) {
          const w = slab[base + k] ?? 0;
          slab[base + k] = w - lrT * ((grad[r * width + k] ?? 0) + l2 * w);
        }
      }
      return;
    }
    for (let r = 0; r < n; r++) {
      const base = (rows === null ? r : (rows[r] ?? 0)) * stride;
      for (let k = 0; k < width; k++) {
        const p = base + k;
        const w = slab[p] ?? 0;
        const g = (grad[r * width + k] ?? 0) + l2 * w;
        const mk = beta1 * (slab[p + width] ?? 0) + c1 * g;
        const vk = beta2 * (slab[p + 2 * width] ?? 0) + c2 * g * g;
        slab[p + width] = mk;
        slab[p + 2 * width] = vk;
        slab[p] = w - (lrT * mk) / (Math.sqrt(vk) + eps);
      }
    }
  }
}
