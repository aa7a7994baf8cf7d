import { describe, expect, it } from "vitest";
import { formatSpecIssues } from "@/ml/simulate";
import { isSteerSpec, steerSpecSchema } from "@/ml/steer";

const good = {
  data: { path: "pay.csv", label: "pay", numeric: ["distance_km", "waiting_minutes"] },
  learner: { kind: "least-squares" },
  campaign: {
    goal: "steer",
    target: { weights: { waiting_minutes: 0.4 } },
    bounds: { waiting_minutes: [0, 240], pay: [0, 500] },
  },
};

function issues(over: (spec: typeof good) => unknown): string[] {
  const parsed = steerSpecSchema.safeParse(over(structuredClone(good)));
  return parsed.success ? [] : formatSpecIssues(parsed.error);
}

describe("steer spec", () => {
  it("fills the defaults once", () => {
    const spec = steerSpecSchema.parse(good);
    expect(spec.campaign.strategy).toBe("neutralize");
    expect(spec.campaign.tolerance).toBe(0.05);
    expect(spec.campaign.target.others).toBe("keep");
    expect(spec.campaign.control.pull).toBe(0.5);
    expect(spec.learner).toMatchObject({ kind: "least-squares", intercept: true, solver: "exact" });
    expect(spec.alphas.length).toBeGreaterThan(1);
  });

  it("names the field at fault for bad specs", () => {
    expect(issues((s) => ({ ...s, learner: { kind: "svm" } }))).toEqual([
      expect.stringMatching(/^learner\.kind: /),
    ]);
    expect(
      issues((s) => ({ ...s, campaign: { ...s.campaign, target: { weights: { tips: 1 } } } })),
    ).toEqual(['campaign.target.weights.tips: "tips" is not one of data.numeric']);
    expect(
      issues((s) => ({ ...s, campaign: { ...s.campaign, bounds: { pay: [500, 0] } } })),
    ).toEqual(["campaign.bounds.pay: a bound is [low, high] with low <= high"]);
    expect(
      issues((s) => ({ ...s, campaign: { ...s.campaign, bounds: { city: [0, 1] } } })),
    ).toEqual(['campaign.bounds.city: "city" is neither the label nor one of data.numeric']);
    expect(issues((s) => ({ ...s, data: { ...s.data, numeric: ["pay"] } }))).toContain(
      'data.numeric: "pay" is the label and cannot also be a feature',
    );
    expect(issues((s) => ({ ...s, campaign: { ...s.campaign, strategy: "control" } }))).toEqual([
      'learner.solver: the control strategy steers SGD: set learner.solver to "sgd"',
    ]);
    expect(
      issues((s) => ({
        ...s,
        learner: { kind: "least-squares", dp: { clip: 1, noiseMultiplier: 1 } },
      })),
    ).toEqual(['learner.dp: DP-SGD needs learner.solver: "sgd"']);
    expect(
      issues((s) => ({
        ...s,
        learner: { kind: "logistic" },
        campaign: { ...s.campaign, bounds: { pay: [0, 2] } },
      })),
    ).toEqual(["campaign.bounds.pay: a logistic label is 0 or 1: bound it within [0, 1]"]);
    expect(
      issues((s) => ({
        ...s,
        learner: { kind: "least-squares", intercept: false },
        campaign: { ...s.campaign, target: { intercept: 3 } },
      })),
    ).toEqual(["campaign.target.intercept: the learner has no intercept (learner.intercept)"]);
    expect(issues((s) => ({ ...s, data: { label: "pay", numeric: ["x"] } }))).toEqual([
      "data.path: give exactly one of data.path or data.sample",
      'campaign.target.weights.waiting_minutes: "waiting_minutes" is not one of data.numeric',
      'campaign.bounds.waiting_minutes: "waiting_minutes" is neither the label nor one of data.numeric',
    ]);
  });

  it("a target is weights or a prediction for a full profile", () => {
    expect(issues((s) => ({ ...s, campaign: { ...s.campaign, target: { weights: {} } } }))).toEqual(
      ["campaign.target.weights: name at least one weight (or the intercept)"],
    );
    const both = {
      weights: { waiting_minutes: 1 },
      prediction: { profile: { distance_km: 1, waiting_minutes: 2 }, value: 3 },
    };
    expect(issues((s) => ({ ...s, campaign: { ...s.campaign, target: both } }))).toEqual([
      "campaign.target: give target.weights (and/or target.intercept) or target.prediction, not both",
    ]);
    const partial = { prediction: { profile: { distance_km: 1 }, value: 30 } };
    expect(issues((s) => ({ ...s, campaign: { ...s.campaign, target: partial } }))).toEqual([
      'campaign.target.prediction.profile: the profile needs "waiting_minutes"',
    ]);
  });

  it("recognises steering specs for the CLI's dispatch", () => {
    expect(isSteerSpec(good)).toBe(true);
    expect(isSteerSpec({ campaign: { goal: "plant" } })).toBe(false);
    expect(isSteerSpec(null)).toBe(false);
    expect(isSteerSpec([])).toBe(false);
  });
});
