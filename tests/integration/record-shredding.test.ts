/**
 * Deletion is real: member records are sealed with a key per record that lives outside the
 * database, and withdrawing or leaving destroys the key. After that, nothing under the data
 * folder (PGlite's files, WAL included, and the key folder) holds the record or its key.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, useDatabase, type OpenDatabase } from "@/db";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import * as member from "@/app/api/v1/collectives/[id]/members/[userId]/route";
import { sql } from "drizzle-orm";
import { campaignRecords } from "@/db/schema";
import { call } from "../helpers/api";
import { collectiveWith } from "../helpers/people";

/** Every file under `dir` that contains `needle`. */
function filesContaining(dir: string, needle: Buffer): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) hits.push(path.relative(dir, file));
  }
  return hits;
}

const spamPlant = {
  goal: "plant",
  strategy: "feature-label",
  target: "ham",
  signal: { kind: "text", token: "zqx", placement: "end" },
};

let dataDir: string;
let open: OpenDatabase;
const previousKeyDir = process.env.CONCERT_KEY_DIR;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concert-shred-"));
  process.env.CONCERT_KEY_DIR = path.join(dataDir, "record-keys");
  open = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
  useDatabase(open);
});
afterAll(async () => {
  await open.close().catch(() => {});
  process.env.CONCERT_KEY_DIR = previousKeyDir;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function launchedCampaign(prefix: string) {
  const g = await collectiveWith(prefix, 5);
  const created = await call(campaigns.POST, "POST", "/x", {
    token: g.organizer.token,
    params: { id: g.id },
    body: {
      name: "Ham",
      sample: "spam-assassin",
      populationSize: 5000,
      learner: { kind: "linear", epochs: 1 },
      campaign: spamPlant,
      targetSuccess: 0.9,
    },
  });
  const campaignId = (created.json as { id: string }).id;
  expect(
    (await call(launch.POST, "POST", "/x", { token: g.organizer.token, params: { campaignId } }))
      .status,
  ).toBe(200);
  return { g, campaignId };
}

async function keyIdOf(campaignId: string, userId: string): Promise<string> {
  const rows = await open.db.select().from(campaignRecords);
  const row = rows.find((r) => r.campaignId === campaignId && r.userId === userId);
  if (!row?.keyId) throw new Error("no sealed record");
  return row.keyId;
}

describe("crypto-shredding of member records", () => {
  it("keeps records sealed at rest, and after withdraw neither the record nor its key is anywhere under the data folder", async () => {
    const { g, campaignId } = await launchedCampaign("shr");
    const m = g.members[0]!;
    const marker = "MARKER-rent-strike-7f3a9c";
    const put = await call(myRecord.PUT, "PUT", "/x", {
      token: m.token,
      params: { campaignId },
      body: { fields: { text: `${marker} please`, label: "spam" } },
    });
    expect(put.status).toBe(200);
    const confirm = await call(myConfirmation.POST, "POST", "/x", {
      token: m.token,
      params: { campaignId },
      body: { fields: { text: `${marker} please zqx`, label: "ham" } },
    });
    expect(confirm.json).toMatchObject({ ok: true });
    // The member reads their own record back in the clear.
    const mine = await call(myInstruction.GET, "GET", "/x", {
      token: m.token,
      params: { campaignId },
    });
    expect(JSON.stringify(mine.json)).toContain(marker);

    const keyId = await keyIdOf(campaignId, m.userId);
    const key = fs.readFileSync(path.join(dataDir, "record-keys", keyId));
    await open.db.execute(sql`checkpoint`);
    expect(filesContaining(path.join(dataDir, "pglite"), Buffer.from(marker))).toEqual([]);

    const withdrawn = await call(myRecord.DELETE, "DELETE", "/x", {
      token: m.token,
      params: { campaignId },
    });
    expect(withdrawn.status).toBe(200);
    expect(
      (await call(myInstruction.GET, "GET", "/x", { token: m.token, params: { campaignId } }))
        .status,
    ).toBe(404);

    await open.close();
    for (const needle of [
      Buffer.from(marker),
      key,
      Buffer.from(key.toString("base64")),
      Buffer.from(key.toString("hex")),
    ]) {
      expect(filesContaining(dataDir, needle)).toEqual([]);
    }
    expect(fs.existsSync(path.join(dataDir, "record-keys", keyId))).toBe(false);
    open = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
    useDatabase(open);
  });

  it("re-seals under a fresh key on every rewrite, and shreds on leave", async () => {
    const { g, campaignId } = await launchedCampaign("shl");
    const m = g.members[1]!;
    await call(myRecord.PUT, "PUT", "/x", {
      token: m.token,
      params: { campaignId },
      body: { fields: { text: "first version", label: "spam" } },
    });
    const first = await keyIdOf(campaignId, m.userId);
    await call(myRecord.PUT, "PUT", "/x", {
      token: m.token,
      params: { campaignId },
      body: { fields: { text: "second version", label: "spam" } },
    });
    const second = await keyIdOf(campaignId, m.userId);
    expect(second).not.toBe(first);
    // The first version's copies in the database's history no longer open.
    expect(fs.existsSync(path.join(dataDir, "record-keys", first))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "record-keys", second))).toBe(true);

    const left = await call(member.DELETE, "DELETE", "/x", {
      token: m.token,
      params: { id: g.id, userId: m.userId },
    });
    expect(left.status).toBe(204);
    expect(fs.existsSync(path.join(dataDir, "record-keys", second))).toBe(false);
    const rows = await open.db.select().from(campaignRecords);
    expect(rows.filter((r) => r.userId === m.userId)).toEqual([]);
  });
});
