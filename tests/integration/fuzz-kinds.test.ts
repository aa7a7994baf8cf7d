/**
 * Hostile records against the member routes of recommender and regression campaigns: their
 * record rules parse numbers, lines and playlists (lib/data/kinds/), so a record that breaks
 * them must get a 4xx with the error shape, never a 5xx. The route-walking fuzz test sends
 * classifier-shaped bodies only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import * as myImport from "@/app/api/v1/campaigns/[campaignId]/my-record/import/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const steerDesign = {
  kind: "regression",
  name: "Pay waiting time",
  sample: "gig-pay",
  populationSize: 10_000,
  data: { label: "pay", numeric: ["distance_km", "waiting_minutes", "hours"] },
  campaign: {
    goal: "steer",
    target: { weights: { waiting_minutes: 0.4 } },
    bounds: { distance_km: [0, 150], waiting_minutes: [0, 240], hours: [0.5, 12], pay: [0, 400] },
  },
};
const recommenderDesign = {
  kind: "recommender",
  name: "Our song",
  sample: "synthetic-playlists",
  sampleSize: 1000,
  target: { id: "x:target", title: "Our Song", artist: "The Members" },
  strategy: "dirlof",
  populationSize: 20_000,
};

const nasty: unknown[] = [
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "-1e309",
  "0x10",
  "1,5",
  "١٢",
  "\u0000",
  "a\r\nb\rc\n\n\n",
  "𝄞".repeat(5000),
  "x\n".repeat(5000),
  "__proto__",
  "constructor",
  12,
  -1,
  null,
  true,
  [],
  {},
  { toString: "x" },
];

/** Record bodies shaped for both kinds, then filled with every nasty value. */
function bodies(): unknown[] {
  const out: unknown[] = [null, [], "fields", { fields: null }, { fields: [] }, { fields: "x" }];
  for (const v of nasty) {
    out.push({
      fields: {
        distance_km: v,
        waiting_minutes: v,
        hours: v,
        pay: v,
        playlist: v,
        items: v,
        labels: v,
      },
    });
    out.push({ fields: { distance_km: "30", waiting_minutes: "40", hours: "4", pay: v } });
    out.push({ fields: { playlist: "Road trip", items: v } });
    out.push({ fields: { playlist: v, items: "a\nb\nc" } });
    out.push({ fields: { __proto__: v, constructor: v, playlist: "p", items: "a" } });
    out.push({ playlists: v, export: v, json: v });
  }
  return out;
}

async function launched(g: { id: string; organizer: Person }, body: object): Promise<string> {
  const created = await call(campaigns.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { id: g.id },
    body,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const campaignId = (created.json as { id: string }).id;
  await call(launch.POST, "POST", "/x", { token: g.organizer.token, params: { campaignId } });
  return campaignId;
}

function problemWith(where: string, res: { status: number; json: unknown }): string | null {
  if (res.status >= 500) return `${where}: ${res.status}`;
  if (res.status < 300) return null;
  const error = (res.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === "string" && typeof error.message === "string"
    ? null
    : `${where}: ${res.status} without the error shape`;
}

describe("hostile records for recommender and regression campaigns", () => {
  it("never answer 5xx, on submit, confirm and import, before and after a valid record", async () => {
    const g = await collectiveWith("fz-kinds", 1);
    const [member] = g.members;
    if (!member) throw new Error("member");
    const steer = await launched(g, steerDesign);
    const rec = await launched(g, recommenderDesign);
    const valid: Record<string, object> = {
      [steer]: {
        fields: { distance_km: "30.5", waiting_minutes: "48", hours: "4.5", pay: "46.69" },
      },
      [rec]: { fields: { playlist: "Road trip", items: "a\nb\nc\nd" } },
    };
    const problems: string[] = [];
    let accepted = 0;
    for (const campaignId of [steer, rec]) {
      for (const phase of ["no record yet", "with a record"]) {
        if (phase === "with a record") {
          const ok = await call(myRecord.PUT, "PUT", "/x", {
            token: member.token,
            params: { campaignId },
            body: valid[campaignId],
          });
          expect(ok.status, JSON.stringify(ok.json)).toBe(200);
        }
        for (const [i, body] of bodies().entries()) {
          const where = `${campaignId === steer ? "regression" : "recommender"} ${phase} body ${i}`;
          for (const [name, handler, method] of [
            ["my-confirmation", myConfirmation.POST, "POST"],
            ["import", myImport.POST, "POST"],
            ["my-record", myRecord.PUT, "PUT"],
          ] as const) {
            const res = await call(handler, method, "/x", {
              token: member.token,
              params: { campaignId },
              body,
            });
            if (res.status < 300) accepted++;
            const p = problemWith(`${where} ${name}`, res);
            if (p) problems.push(p);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    // Some hostile shapes are still valid records (a pay of 12, a playlist named "__proto__"):
    // the check is about never failing badly, not about refusing everything.
    expect(accepted).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 300_000);
});
