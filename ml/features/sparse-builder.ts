import type { SparseMatrix } from "../types";

/** Growable CSR builder: rows are appended one at a time, arrays double as needed. */
export class SparseBuilder {
  private ids: Int32Array;
  private values: Float32Array;
  private nnz = 0;
  private readonly offsets: Int32Array;
  private row = 0;

  constructor(
    private readonly n: number,
    private readonly dim: number,
    capacity = 1024,
  ) {
    this.offsets = new Int32Array(n + 1);
    this.ids = new Int32Array(Math.max(16, capacity));
    this.values = new Float32Array(Math.max(16, capacity));
  }

  push(id: number, value: number): void {
    if (this.nnz === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const values = new Float32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.ids[this.nnz] = id;
    this.values[this.nnz] = value;
    this.nnz++;
  }

  endRow(): void {
    this.row++;
    this.offsets[this.row] = this.nnz;
  }

  build(): SparseMatrix {
    if (this.row !== this.n)
      throw new Error(`SparseBuilder: ${this.row} rows ended, expected ${this.n}`);
    // Copies trim the doubling slack so callers do not hold on to unused memory.
    return {
      n: this.n,
      dim: this.dim,
      offsets: this.offsets,
      ids: this.ids.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }
}
