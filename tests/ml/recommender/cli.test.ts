import { describe, expect, it } from "vitest";
import { root, sim } from "../../helpers/sim-cli";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateSyntheticPlaylists, sequenceItemIds, sequenceSpecSchema } from "@/ml/recommender";
import { SEQUENCE_SPEC_FIELD_DESCRIPTIONS } from "@/ml/recommender/help";

/** A folder with 300 synthetic playlists as a sequences CSV (one row per entry). */
function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "concert-seq-cli-"));
  const set = generateSyntheticPlaylists({ sequences: 300, seed: 2 });
  const lines = ["playlist_id,track_uri,title"];
  set.ids.forEach((id, s) => {
    for (const item of sequenceItemIds(set, s)) lines.push(`${id},${item},Song ${item}`);
  });
  writeFileSync(path.join(dir, "playlists.csv"), `${lines.join("\n")}\n`);
  return dir;
}

const spec = (over: object = {}) => ({
  data: { kind: "sequences", path: "playlists.csv", sequence: "playlist_id", item: "track_uri" },
  learner: { kind: "cooccurrence" },
  campaign: { goal: "promote", item: "spotify:track:ours", strategy: "dirlof" },
  topK: 10,
  alphas: [0, 0.02],
  seeds: 2,
  ...over,
});

describe("npm run sim with a sequences spec", () => {
  it("runs a CSV relative to the spec and prints points with bands", async () => {
    const dir = folder();
    writeFileSync(path.join(dir, "spec.json"), JSON.stringify(spec()));
    const r = await sim([path.join(dir, "spec.json")]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ kind: "sequences", nSequences: 300, runs: 4 });
    expect(result.points).toHaveLength(2);
    const point = result.points[1];
    expect(point).toMatchObject({ alpha: 0.02, collectiveSize: 5 });
    for (const key of ["amplification", "targetRecommendations", "ndcg"])
      expect(Object.keys(point[key]).sort()).toEqual(["high", "low", "mean"]);
    expect(r.stderr).toContain("4/4 runs");
  });

  it("runs the shipped example on the synthetic sample", async () => {
    const r = await sim([path.join(root, "ml", "examples", "playlist-promote.json")]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.points.map((p: { alpha: number }) => p.alpha)).toEqual([
      0, 0.001, 0.002, 0.005, 0.01, 0.02,
    ]);
    expect(result.points[1].others[0].item).toBe("rival-song");
  });

  it("a bad spec exits 2 with the fields named; bad data exits 3 with the row", async () => {
    const dir = folder();
    writeFileSync(
      path.join(dir, "bad.json"),
      JSON.stringify(spec({ learner: { kind: "transformer" }, topK: 0 })),
    );
    const bad = await sim([path.join(dir, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/learner\.kind: /);
    expect(bad.stderr).toMatch(/topK: /);
    expect(bad.stdout).toBe("");
    writeFileSync(path.join(dir, "broken.csv"), "playlist_id,track_uri\np1,a\np1,b\np2,\n");
    writeFileSync(
      path.join(dir, "broken.json"),
      JSON.stringify(spec({ data: { ...spec().data, path: "broken.csv" } })),
    );
    const broken = await sim([path.join(dir, "broken.json")]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('data error (column "track_uri", row 3)');
  });

  it("--schema sequences prints its JSON Schema; --help describes its fields", async () => {
    const schema = await sim(["--schema", "sequences"]);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({
      type: "object",
      required: ["data", "campaign"],
      properties: { topK: { default: 50 }, seeds: { default: 5 } },
    });
    const help = await sim(["--help"]);
    expect(help.stdout).toContain('sequences spec fields ("data": {"kind": "sequences"}');
    expect(help.stdout).toMatch(/^ {2}topK +recommendations per seed/m);
    expect(help.stdout).toContain("kind: cooccurrence | item2vec");
    expect(help.stdout).toContain("npm run sim -- ml/examples/playlist-promote.json");
  });

  it("describes every top-level field of the sequences schema (a new field needs a line)", () => {
    expect(Object.keys(SEQUENCE_SPEC_FIELD_DESCRIPTIONS).sort()).toEqual(
      Object.keys(sequenceSpecSchema.shape).sort(),
    );
  });
});
