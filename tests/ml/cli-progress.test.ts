import { describe, expect, it } from "vitest";
import { createProgress, formatDuration, formatProgressLine } from "@/ml/cli/progress";

/** A stream that records writes, and a clock the test moves by hand. */
function setup(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  const stream = {
    write: (s: string) => writes.push(s),
    isTTY,
    ...(columns !== undefined ? { columns } : {}),
  };
  let ms = 0;
  const clock = {
    now: () => ms,
    advance: (d: number) => {
      ms += d;
    },
  };
  return { writes, stream, clock, text: () => writes.join("") };
}

describe("progress on a terminal", () => {
  it("rewrites one line with \\r + clear line and ends with one newline", () => {
    const { stream, clock, writes, text } = setup(true);
    const p = createProgress({ stream, now: clock.now, label: "sweep" });
    for (let done = 1; done <= 3; done++) {
      clock.advance(1000);
      p.update(done, 3);
    }
    p.finish();
    expect(writes).toHaveLength(4);
    for (const w of writes.slice(0, 3)) expect(w.startsWith("\r\x1b[2K")).toBe(true);
    // The live line never contains a newline; only finish() ends it, once.
    expect(text().split("\n")).toHaveLength(2);
    expect(text().endsWith("\n")).toBe(true);
    expect(writes[2]).toContain("sweep 3/3 runs (100%)");
    expect(writes[2]).toContain("3.0s elapsed");
  });

  it("takes its mode from the stream's isTTY and stays within the terminal width", () => {
    const { stream, clock, writes } = setup(true, 20);
    const p = createProgress({ stream, now: clock.now });
    p.update(1, 10, "alpha=0.05");
    expect(writes[0]?.startsWith("\r")).toBe(true);
    expect((writes[0] ?? "").replace("\r\x1b[2K", "").length).toBeLessThan(20);
  });

  it("redraws at most every redrawMs but always draws the last run", () => {
    const { stream, clock, writes } = setup(true);
    const p = createProgress({ stream, now: clock.now, redrawMs: 100 });
    for (let done = 1; done <= 50; done++) {
      clock.advance(10);
      p.update(done, 50);
    }
    expect(writes.length).toBeLessThanOrEqual(6);
    expect(writes.at(-1)).toContain("50/50");
  });

  it("finish without any update writes nothing (no stray blank line)", () => {
    const { stream, clock, writes } = setup(true);
    createProgress({ stream, now: clock.now }).finish();
    expect(writes).toEqual([]);
  });
});

describe("progress not on a terminal", () => {
  it("writes separate lines, each ending in a newline, never \\r", () => {
    const { stream, clock, writes, text } = setup(false);
    const p = createProgress({ stream, now: clock.now, label: "sweep" });
    for (let done = 1; done <= 4; done++) {
      clock.advance(500);
      p.update(done, 4);
    }
    p.finish();
    expect(text()).not.toContain("\r");
    expect(writes.every((w) => w.endsWith("\n") && w.indexOf("\n") === w.length - 1)).toBe(true);
    expect(writes.map((w) => w.split(" ")[1])).toEqual(["1/4", "2/4", "3/4", "4/4"]);
  });

  it("with many runs, writes about every 10%, not once per run", () => {
    const { stream, clock, writes } = setup(false);
    const p = createProgress({ stream, now: clock.now });
    for (let done = 1; done <= 1000; done++) {
      clock.advance(1); // 1 s in all: the 5 s rule never fires
      p.update(done, 1000);
    }
    p.finish();
    // The first run, then 10%, 20%, ... 100%.
    expect(writes).toHaveLength(11);
    expect(writes[1]).toMatch(/^100\/1000 runs \(10%\)/);
    expect(writes.at(-1)).toMatch(/^1000\/1000 runs \(100%\)/);
  });

  it("also writes when everyMs has passed without a 10% step", () => {
    const { stream, clock, writes } = setup(false);
    const p = createProgress({ stream, now: clock.now, everyMs: 5000 });
    p.update(1, 1000); // printed: first line
    clock.advance(4000);
    p.update(2, 1000); // not yet 5 s, same 10% step
    clock.advance(1000);
    p.update(3, 1000); // 5 s since the last line
    expect(writes.map((w) => w.split(" ")[0])).toEqual(["1/1000", "3/1000"]);
  });
});

describe("time left", () => {
  it("extrapolates the mean time per run from the injected clock", () => {
    const { stream, clock, writes } = setup(false);
    const p = createProgress({ stream, now: clock.now });
    clock.advance(6000);
    p.update(3, 10); // 2 s per run, 7 to go: 14 s
    expect(writes[0]).toBe("3/10 runs (30%)  6.0s elapsed  ~14s left\n");
  });

  it("counts elapsed time from when the reporter was created", () => {
    const { stream, clock, writes } = setup(false);
    clock.advance(100_000);
    const p = createProgress({ stream, now: clock.now });
    clock.advance(1000);
    p.update(1, 2);
    expect(writes[0]).toContain("1.0s elapsed  ~1.0s left");
  });

  it("says ? before any run finished and done at the end", () => {
    expect(formatProgressLine("", 0, 5, 1000)).toContain("? left");
    expect(formatProgressLine("sweep", 5, 5, 1000, "alpha=0.1")).toBe(
      "sweep 5/5 runs (100%)  1.0s elapsed  done  alpha=0.1",
    );
  });

  it("formats durations in s, m and h", () => {
    expect(formatDuration(400)).toBe("0.4s");
    expect(formatDuration(12_400)).toBe("12s");
    expect(formatDuration(185_000)).toBe("3m05s");
    expect(formatDuration(3_720_000)).toBe("1h02m");
  });
});
