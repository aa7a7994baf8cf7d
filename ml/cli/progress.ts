/**
 * Progress of a long run (a sweep of N runs) on stderr, shared by `npm run sim` and
 * `npm run bench`. On a terminal, one line rewrites itself in place; otherwise (a log file, CI,
 * a pipe) a plain line is written now and then, so the log stays readable.
 */

/** The slice of a writable stream progress needs (process.stderr fits). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Where to write; default process.stderr. */
  stream?: ProgressStream;
  /** Rewrite one line in place; default `stream.isTTY`. */
  isTTY?: boolean;
  /** Milliseconds, monotonic; default performance.now. The clock starts when the reporter is created. */
  now?: () => number;
  /** Word in front of the counts, e.g. "sweep". */
  label?: string;
  /** Not a terminal: write a line at least this often (ms) while runs finish; default 5000. */
  everyMs?: number;
  /** Not a terminal: write a line each time this share of the runs is done; default 0.1. */
  everyFraction?: number;
  /** Terminal: redraw at most this often (ms), the last run always; default 100. */
  redrawMs?: number;
}

export interface ProgressReporter {
  /** `done` of `total` runs have finished; `detail` (e.g. "alpha=0.01") ends the line. */
  update(done: number, total: number, detail?: string): void;
  /** Ends the progress output (a newline after the live line); call on success and on failure. */
  finish(): void;
}

/** "0.4s", "12s", "3m05s", "1h02m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  return `${m}m${String(sec).padStart(2, "0")}s`;
}

/** One progress line, without line ending: "sweep 12/30 runs (40%)  3.1s elapsed  ~4.6s left". */
export function formatProgressLine(
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  detail?: string,
): string {
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  // Runs take about the same time each, so the mean so far predicts the rest.
  const left =
    done >= total
      ? "done"
      : done > 0
        ? `~${formatDuration((elapsedMs / done) * (total - done))} left`
        : "? left";
  const parts = [
    `${label !== "" ? `${label} ` : ""}${done}/${total} runs (${pct}%)`,
    `${formatDuration(elapsedMs)} elapsed`,
    left,
  ];
  if (detail !== undefined && detail !== "") parts.push(detail);
  return parts.join("  ");
}

/** A progress reporter; see the module comment for the two modes. */
export function createProgress(opts: ProgressOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const isTTY = opts.isTTY ?? stream.isTTY === true;
  const now = opts.now ?? (() => performance.now());
  const label = opts.label ?? "";
  const everyMs = opts.everyMs ?? 5000;
  const everyFraction = opts.everyFraction ?? 0.1;
  const redrawMs = opts.redrawMs ?? 100;
  const started = now();
  let lastWrite = Number.NEGATIVE_INFINITY;
  let lastStep = -1;
  let lastDone = -1;
  let lineOpen = false;
  let finished = false;

  const render = (done: number, total: number, detail?: string) =>
    formatProgressLine(label, done, total, now() - started, detail);

  return {
    update(done, total, detail) {
      if (finished || done === lastDone) return;
      const t = now();
      const isLast = done >= total;
      if (isTTY) {
        if (!isLast && t - lastWrite < redrawMs) return;
        let text = render(done, total, detail);
        // A line wider than the terminal wraps, and \r would then only rewrite its last row.
        const width = stream.columns;
        if (width !== undefined && width > 1 && text.length >= width)
          text = text.slice(0, width - 1);
        stream.write(`\r\x1b[2K${text}`);
        lineOpen = true;
        lastWrite = t;
        lastDone = done;
        return;
      }
      const step = total > 0 ? Math.floor(done / (total * everyFraction)) : 0;
      if (isLast || step > lastStep || t - lastWrite >= everyMs) {
        stream.write(`${render(done, total, detail)}\n`);
        lastWrite = t;
        lastStep = step;
        lastDone = done;
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (lineOpen) stream.write("\n");
      lineOpen = false;
    },
  };
}
