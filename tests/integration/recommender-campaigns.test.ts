import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { campaignRecords } from "@/db/schema";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as preview from "@/app/api/v1/collectives/[id]/recommender-preview/route";
import * as campaignRoute from "@/app/api/v1/campaigns/[campaignId]/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as stats from "@/app/api/v1/campaigns/[campaignId]/stats/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myImport from "@/app/api/v1/campaigns/[campaignId]/my-record/import/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import { stopForecastQueue } from "@/jobs/forecast-pipeline";
import { getForecast, requestForecast } from "@/lib/data/forecasts";
import { countItemIds } from "@/ml/recommender/instruction";
import { sequenceItemIds } from "@/ml/recommender/sequence-set";
import { generateSyntheticPlaylists } from "@/ml/recommender/synthetic";
import { freshDatabase } from "../helpers/db";
import { runForecastNow } from "../helpers/forecast";
import { call } from "../helpers/api";
import { collectiveWith, person, type Person } from "../helpers/people";

// Recommender campaigns (issue 12), through the API as a client would use them: an organizer
// designs on the built-in synthetic playlists, members submit the playlist they own, get
// "add S right after A (position n)", confirm their edit, and withdraw; the forecast runs.

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

const TARGET = "spotify:track:concertTarget0000000001";
const SAMPLE_SIZE = 2000;

const design = {
  kind: "recommender",
  name: "Our song on every road trip",
  sample: "synthetic-playlists",
  sampleSize: SAMPLE_SIZE,
  target: { id: TARGET, title: "Our Song", artist: "The Members" },
  strategy: "dirlof",
  populationSize: 20_000,
  targetSuccess: 0.01,
};

/** The sample's items by count, as dirlof's popularity proxy sees them (seed 0, as at design). */
function sampleCounts(): Map<string, number> {
  const set = generateSyntheticPlaylists({ sequences: SAMPLE_SIZE, seed: 0 });
  return countItemIds(Array.from({ length: set.ids.length }, (_, s) => sequenceItemIds(set, s)));
}

async function createLaunched(g: { id: string; organizer: Person }, body: object = design) {
  const created = await call(campaigns.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { id: g.id },
    body,
  });
  expect(created.status).toBe(201);
  const campaignId = (created.json as { id: string }).id;
  const launched = await call(launch.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { campaignId },
  });
  expect(launched.status).toBe(200);
  return campaignId;
}

describe("designing a recommender campaign", () => {
  it("creates one on the synthetic sample: its kind, mapping and a member's fields", async () => {
    const g = await collectiveWith("rc-new", 0);
    const campaignId = await createLaunched(g);
    const got = await call(campaignRoute.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { campaignId },
    });
    expect(got.json).toMatchObject({
      kind: "recommender",
      data: { kind: "sequences", sequence: "sequence", item: "item" },
      campaign: { goal: "promote", item: TARGET, strategy: "dirlof" },
      fields: ["playlist", "items", "labels"],
      targetSuccess: 0.01,
    });
    // The popularity proxy stays server-side: the DTO carries only the sample's size.
    expect(JSON.stringify(got.json)).not.toContain("\t");
    expect(got.json).toMatchObject({ signalAudit: { sequences: SAMPLE_SIZE } });
  });

  it("refuses bad input with a 422 naming the field", async () => {
    const g = await collectiveWith("rc-bad", 0);
    const cases: [Record<string, unknown>, string][] = [
      [{ target: { id: "  " } }, "target.id"],
      [{ sampleSize: 10 }, "sampleSize"],
      [{ strategy: "loudest" }, "strategy"],
      [{ populationSize: 0 }, "populationSize"],
      [{ targetSuccess: 2 }, "targetSuccess"],
      [{ sample: undefined }, "datasetId"],
      [{ sample: undefined, datasetId: "00000000-0000-4000-8000-000000000000" }, "datasetId"],
      [{ learner: { kind: "transformer" } }, "learner.kind"],
    ];
    for (const [change, field] of cases) {
      const res = await call(campaigns.POST, "POST", "/x", {
        token: g.organizer.token,
        params: { id: g.id },
        body: { ...design, ...change },
      });
      expect(res.status, field).toBe(422);
      expect(Object.keys((res.json as { error: { fields: object } }).error.fields)).toContain(
        field,
      );
    }
  });

  it("members cannot design one, and the preview compares every strategy", async () => {
    const g = await collectiveWith("rc-prev", 1);
    const member = g.members[0] as Person;
    const denied = await call(campaigns.POST, "POST", "/x", {
      token: member.token,
      params: { id: g.id },
      body: design,
    });
    expect(denied.status).toBe(403);
    const res = await call(preview.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: { ...design, sampleSize: 1000 },
    });
    expect(res.status).toBe(200);
    const body = res.json as {
      strategies: { strategy: string; points: unknown[] }[];
      advice: string;
    };
    expect(body.strategies.map((s) => s.strategy)).toEqual(["dirlof", "inclust", "random", "end"]);
    expect(body.strategies[0]?.points).toHaveLength(4);
    expect(body.advice).toMatch(/DirLoF .* InClust/);
  }, 60_000);
});

describe("a member's playlist", () => {
  it("submit, instruction, a wrong and a right confirmation, privacy, withdraw", async () => {
    const g = await collectiveWith("rc-m", 2);
    const [alice, bob] = g.members as [Person, Person];
    const campaignId = await createLaunched(g);
    const counts = sampleCounts();
    const [popular, second] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (!popular || !second) throw new Error("empty sample");
    // The least played track is the one the sample does not know: dirlof anchors there.
    const rare = "spotify:track:rareRareRare000000001";
    const items = [popular[0], second[0], rare, "spotify:track:another00000000000001"];
    const put = await call(myRecord.PUT, "PUT", "/x", {
      token: alice.token,
      params: { campaignId },
      body: {
        fields: {
          playlist: "Road trip",
          items: items.join("\r\n") + "\n\n",
          labels: ["Hit", "Also hit", "Deep cut", "Other"].join("\n"),
        },
      },
    });
    expect(put.status).toBe(200);
    const got = await call(myInstruction.GET, "GET", "/x", {
      token: alice.token,
      params: { campaignId },
    });
    expect(got.status).toBe(200);
    const instruction = (got.json as { instruction: { participates: boolean; steps: string[] } })
      .instruction;
    expect(instruction.participates).toBe(true);
    expect(instruction.steps[0]).toBe(
      "In your playlist “Road trip”, add “Our Song” by The Members right after “Deep cut” (position 4).",
    );

    const confirm = (edited: string[]) =>
      call(myConfirmation.POST, "POST", "/x", {
        token: alice.token,
        params: { campaignId },
        body: { fields: { items: edited.join("\n") } },
      });
    const appended = await confirm([...items, TARGET]);
    expect(appended.json).toMatchObject({
      ok: false,
      problems: [{ code: "wrong-placement", field: "items" }],
    });
    const alsoRemoved = await confirm([popular[0], second[0], rare, TARGET]);
    expect(alsoRemoved.json).toMatchObject({
      ok: false,
      problems: [{ code: "unexpected-change" }],
    });
    const twice = await confirm([popular[0], TARGET, second[0], rare, TARGET, items[3] ?? ""]);
    expect(twice.json).toMatchObject({ ok: false, problems: [{ code: "unexpected-change" }] });
    const right = await confirm([popular[0], second[0], rare, TARGET, items[3] ?? ""]);
    expect(right.json).toEqual({ ok: true, problems: [] });

    // Nobody else reads it: another member has no record, the organizer sees counts only
    // (and not even those under 5), and the row holds no plaintext.
    const other = await call(myInstruction.GET, "GET", "/x", {
      token: bob.token,
      params: { campaignId },
    });
    expect(other.status).toBe(404);
    const outsider = await person("rc-m_out");
    const stranger = await call(myImport.POST, "POST", "/x", {
      token: outsider.token,
      params: { campaignId },
      body: { playlists: [] },
    });
    expect(stranger.status).toBe(404);
    const s = await call(stats.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { campaignId },
    });
    expect(s.json).toMatchObject({
      activeMembers: null,
      labels: { activeMembers: "fewer than 5" },
    });
    expect(JSON.stringify(s.json)).not.toContain("Road trip");
    const rows = await open.db.select().from(campaignRecords);
    const mine = rows.filter((r) => r.campaignId === campaignId);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.fields).toBeNull();
    expect(mine[0]?.sealed ?? "").not.toContain("Road trip");
    expect(mine[0]?.sealed ?? "").not.toContain(rare);

    const withdrawn = await call(myRecord.DELETE, "DELETE", "/x", {
      token: alice.token,
      params: { campaignId },
    });
    expect(withdrawn.status).toBe(200);
    expect((withdrawn.json as { unwind: { steps: string[] } }).unwind.steps[0]).toContain(
      "Undo this step: In your playlist “Road trip”",
    );
    const gone = await call(myInstruction.GET, "GET", "/x", {
      token: alice.token,
      params: { campaignId },
    });
    expect(gone.status).toBe(404);
  });

  it("a playlist that already holds the item changes nothing; bad records are 422s", async () => {
    const g = await collectiveWith("rc-m2", 1);
    const member = g.members[0] as Person;
    const campaignId = await createLaunched(g);
    const submit = (fields: Record<string, string>) =>
      call(myRecord.PUT, "PUT", "/x", {
        token: member.token,
        params: { campaignId },
        body: { fields },
      });
    expect((await submit({ playlist: "", items: "a" })).status).toBe(422);
    const noItems = await submit({ playlist: "Gym", items: " \n " });
    expect(noItems.status).toBe(422);
    expect(JSON.stringify(noItems.json)).toContain("fields.items");
    const tooMany = await submit({
      playlist: "Gym",
      items: Array.from({ length: 1001 }, (_, i) => `t${i}`).join("\n"),
    });
    expect(tooMany.status).toBe(422);
    const has = await submit({ playlist: "Gym", items: `a\n${TARGET}\nb` });
    expect(has.json).toMatchObject({ instruction: { participates: false } });
    const same = await call(myConfirmation.POST, "POST", "/x", {
      token: member.token,
      params: { campaignId },
      body: { fields: { items: `a\n${TARGET}\nb` } },
    });
    expect(same.json).toEqual({ ok: true, problems: [] });
  });

  it("imports a Spotify export to choose a playlist, and names a broken file", async () => {
    const g = await collectiveWith("rc-imp", 1);
    const member = g.members[0] as Person;
    const campaignId = await createLaunched(g);
    const text = readFileSync(
      path.join(__dirname, "../fixtures/recommender/Playlist1.json"),
      "utf8",
    );
    const res = await call(myImport.POST, "POST", "/x", {
      token: member.token,
      params: { campaignId },
      rawBody: text,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    const body = res.json as {
      playlists: { id: string; items: { id: string; title: string }[] }[];
      skipped: number;
    };
    expect(body.playlists[0]).toMatchObject({
      id: "Road trip",
      items: [
        { id: "spotify:track:0aaaaaaaaaaaaaaaaaaaa1", title: "Harbour Lights" },
        { id: "spotify:track:0aaaaaaaaaaaaaaaaaaaa2" },
        { id: "spotify:track:0aaaaaaaaaaaaaaaaaaaa3" },
      ],
    });
    expect(body.skipped).toBeGreaterThanOrEqual(1);
    const broken = await call(myImport.POST, "POST", "/x", {
      token: member.token,
      params: { campaignId },
      rawBody: '{"playlists": [{"name": "X"}]}',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(422);
    expect(JSON.stringify(broken.json)).toContain("playlist 1");
    const notJson = await call(myImport.POST, "POST", "/x", {
      token: member.token,
      params: { campaignId },
      rawBody: "track,artist",
    });
    expect(notJson.status).toBe(422);
  });
});

describe("the forecast of a recommender campaign", () => {
  it("runs to done: amplification per member count, members still needed, NDCG and the stress test", async () => {
    const g = await collectiveWith("rc-fc", 0);
    const campaignId = await createLaunched(g);
    const actor = { userId: g.organizer.userId, handle: g.organizer.handle };
    const req = await requestForecast(open.db, actor, campaignId, { input: { seeds: 2 } });
    if (!req.ok) throw new Error(req.message);
    const started = performance.now();
    await runForecastNow(open.db, { forecastId: req.value.id, collectiveId: g.id });
    const seconds = (performance.now() - started) / 1000;
    const got = await getForecast(open.db, actor, req.value.id);
    if (!got.ok) throw new Error(got.message);
    const f = got.value;
    expect(f.status, f.error ?? "").toBe("done");
    expect(f.kind).toBe("recommender");
    expect(f.progress).toMatchObject({ done: f.progress?.total });
    const view = f.recommender;
    if (!view) throw new Error("no recommender view");
    const alphas = view.points.map((p) => p.alpha);
    expect(alphas[0]).toBe(0);
    for (const p of view.points) {
      expect(p.members).toBe(Math.ceil(p.alpha * 20_000));
      expect(p.amplification.low).toBeLessThanOrEqual(p.amplification.mean);
      expect(p.amplification.mean).toBeLessThanOrEqual(p.amplification.high);
      expect(p.ndcg.mean).toBeGreaterThan(0);
    }
    // The share of recommendations grows with the collective: 0 with no member at all.
    expect(view.points[0]?.share.mean).toBe(0);
    expect(view.points.at(-1)?.share.mean ?? 0).toBeGreaterThan(0);
    expect(view.target).toBe(0.01);
    // The stress test: one point per alpha > 0, with the other collective's own figures.
    expect(view.stress.map((p) => p.alpha)).toEqual(alphas.filter((a) => a > 0));
    expect(view.stress[0]?.otherMembers).toBe(view.stress[0]?.members);
    // Members needed: from the simulated critical share, counted from 0 while fewer than 5 are active.
    const needed = f.membersNeeded;
    expect(needed?.isUpperBound).toBe(true);
    if (view.critical !== null) {
      expect(needed?.total).toBe(view.critical);
      expect(needed?.stillNeeded).toBe(view.critical);
    } else expect(needed?.total).toBeNull();
    expect(view.headline).toMatch(/Our Song/);
    expect(view.activeNow).toBeNull();
    // 2 cores: the whole job (2 seeds, both sweeps, 2,000 playlists) stays within seconds.
    expect(seconds).toBeLessThan(60);
  }, 120_000);
});
