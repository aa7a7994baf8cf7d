import { describe, expect, it } from "vitest";
import {
  buildSteerContext,
  criticalSize,
  generateGigPay,
  steerInstruction,
  steerSpecSchema,
  verifySteer,
} from "@/ml/steer";

const BOUNDS = {
  distance_km: [0, 150],
  waiting_minutes: [0, 240],
  hours: [0.5, 12],
  pay: [0, 400],
} as const;

const spec = (bounds: Record<string, readonly [number, number]> = BOUNDS) =>
  steerSpecSchema.parse({
    data: { sample: "gig-pay", label: "pay", numeric: ["distance_km", "waiting_minutes", "hours"] },
    learner: { kind: "least-squares" },
    campaign: {
      goal: "steer",
      target: { weights: { waiting_minutes: 0.25 } },
      bounds: Object.fromEntries(Object.entries(bounds).map(([k, v]) => [k, [...v]])),
    },
  });

const table = generateGigPay(600);
const record = { distance_km: 30.5, waiting_minutes: "48", hours: 4.5, pay: 46.69 };

describe("a member's computed record", () => {
  it("changes only the label when the collective is large, within the bounds, and explains why", () => {
    const ctx = buildSteerContext(spec(), table, { alpha: 0.4 });
    expect(ctx.plan.regime).toBe("exact");
    expect(ctx.plan.t).toBe(0);
    const instruction = steerInstruction(ctx, record, { key: "member-1" });
    expect(instruction.changes).toEqual([{ field: "pay", from: 46.69, to: instruction.point.pay }]);
    expect(instruction.point.pay).toBeGreaterThan(46.69);
    expect(instruction.point.pay).toBeLessThanOrEqual(400);
    expect(instruction.explanation).toContain(`pay ${instruction.point.pay} instead of 46.69`);
    expect(verifySteer(instruction, { ...instruction.point })).toEqual([]);
  });

  it("is deterministic and survives a JSON round trip of the context (stored with the campaign)", () => {
    const ctx = buildSteerContext(spec(), table, { alpha: 0.05 });
    const stored = JSON.parse(JSON.stringify(ctx)) as typeof ctx;
    const a = steerInstruction(ctx, record, { key: "member-7" });
    const b = steerInstruction(stored, record, { key: "member-7" });
    expect(b).toEqual(a);
    expect(buildSteerContext(spec(), table, { alpha: 0.05 })).toEqual(ctx);
  });

  it("keeps every reported number within the bounds, and fields without bounds as they are", () => {
    const { hours: _hours, ...noHours } = BOUNDS;
    for (const alpha of [0.01, 0.05, 0.4]) {
      const ctx = buildSteerContext(spec(noHours), table, { alpha });
      for (let i = 0; i < 60; i++) {
        const row = table.rows[i] ?? {};
        const { point } = steerInstruction(ctx, row, { key: `m${i}` });
        for (const [field, [lo, hi]] of Object.entries(noHours)) {
          expect(point[field]).toBeGreaterThanOrEqual(lo);
          expect(point[field]).toBeLessThanOrEqual(hi);
        }
        expect(point.hours).toBe(Number(row.hours));
      }
    }
  });

  it("rounds to the decimals asked for, and verification allows half a unit", () => {
    const ctx = buildSteerContext(spec(), table, { alpha: 0.05 });
    const instruction = steerInstruction(ctx, record, { key: "m", decimals: 0 });
    for (const v of Object.values(instruction.point)) expect(Number.isInteger(v)).toBe(true);
    const pay = instruction.point.pay ?? 0;
    expect(verifySteer(instruction, { ...instruction.point, pay: pay + 0.4 })).toEqual([]);
    expect(verifySteer(instruction, { ...instruction.point, pay: pay + 2 })).toEqual([
      `pay: reported ${pay + 2}, the instruction says ${pay}`,
    ]);
  });

  it("verification names missing, non-numeric and out-of-bounds values", () => {
    const ctx = buildSteerContext(spec(), table, { alpha: 0.4 });
    const instruction = steerInstruction(ctx, record, { key: "m" });
    const { pay: _pay, ...withoutPay } = instruction.point;
    expect(verifySteer(instruction, withoutPay)).toEqual(["pay is missing"]);
    expect(verifySteer(instruction, { ...instruction.point, hours: "four" })).toEqual([
      'hours is not a number: "four"',
    ]);
    expect(verifySteer(instruction, { ...instruction.point, pay: 999 })).toEqual([
      "pay 999 is outside [0, 400]",
      `pay: reported 999, the instruction says ${instruction.point.pay}`,
    ]);
  });

  it("refuses a record without a number for a field", () => {
    const ctx = buildSteerContext(spec(), table, { alpha: 0.4 });
    expect(() => steerInstruction(ctx, { ...record, hours: "" })).toThrow('"hours" needs a number');
  });

  it("criticalSize gives the share and the members a platform needs", () => {
    const size = criticalSize(spec(), table, 10_000);
    expect(size.alpha).toBeGreaterThan(0);
    expect(size.planned).toBeGreaterThanOrEqual(size.alpha ?? 1);
    expect(size.members).toBe(Math.ceil((size.planned ?? 0) * 10_000));
  });
});
