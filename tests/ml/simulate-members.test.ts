import { describe, expect, it } from "vitest";
import { prepareSimulation, seedState } from "@/ml/simulate/prepare";
import { simulationSpecSchema } from "@/ml/simulate/spec";
import type { Table } from "@/ml/types";
import { createRng, deriveSeed, shuffled } from "@/core/random";

function table(proxy: number, members: number): Table {
  const rows = [];
  for (let i = 0; i < proxy + members; i++) {
    rows.push({ city: i < proxy ? `c${i % 7}` : "member-city", label: i % 3 === 0 ? "yes" : "no" });
  }
  return { columns: ["city", "label"], rows };
}

const spec = (memberRows: number) =>
  simulationSpecSchema.parse({
    data: { path: "x.csv", label: "label", categorical: ["city"] },
    learner: { kind: "bayes" },
    campaign: {
      goal: "plant",
      target: "yes",
      signal: { kind: "field", column: "city", value: "zz" },
    },
    memberRows,
  });

describe("member records in the simulation", () => {
  it("keeps members out of the test split and draws them into the collective first", () => {
    const t = table(200, 12);
    const prep = prepareSimulation(spec(12), t);
    for (let seed = 0; seed < 3; seed++) {
      const s = seedState(prep, seed);
      const memberIdx = new Set(Array.from({ length: 12 }, (_, i) => 200 + i));
      expect(s.test.some((i) => memberIdx.has(i))).toBe(false);
      expect(new Set(s.collectiveOrder.slice(0, 12))).toEqual(memberIdx);
      expect(s.collectiveOrder.slice(12).some((i) => memberIdx.has(i))).toBe(false);
    }
    expect(prep.nTest).toBe(40);
  });

  it("draws the collective exactly as before when there are no member rows", () => {
    const s = seedState(prepareSimulation(spec(0), table(200, 0)), 1);
    const expected = shuffled([...s.train], createRng(deriveSeed(0, "collective", 1)));
    expect(s.collectiveOrder).toEqual(expected);
  });
});
