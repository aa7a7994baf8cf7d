import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as tokens from "@/app/api/v1/tokens/route";
import * as tokenRoute from "@/app/api/v1/tokens/[tokenId]/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as invite from "@/app/api/v1/collectives/[id]/invites/[inviteId]/route";
import * as accept from "@/app/api/v1/invites/[token]/accept/route";
import * as datasets from "@/app/api/v1/collectives/[id]/datasets/route";
import * as samples from "@/app/api/v1/samples/route";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as campaign from "@/app/api/v1/campaigns/[campaignId]/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as pause from "@/app/api/v1/campaigns/[campaignId]/pause/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as myInstruction from "@/app/api/v1/campaigns/[campaignId]/my-instruction/route";
import * as myConfirmation from "@/app/api/v1/campaigns/[campaignId]/my-confirmation/route";
import { loadSample } from "@/ml/samples";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person } from "../helpers/people";

/** Behaviour of routes no other test reads the answers of (authz-matrix checks only statuses). */
let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

describe("POST /campaigns/{id}/pause", () => {
  it("stops record submissions and confirmations until the campaign is launched again", async () => {
    const g = await collectiveWith("pz", 2);
    const outsider = await person("pz_out");
    const created = await call(campaigns.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {
        name: "Ham for all",
        sample: "spam-assassin",
        populationSize: 5000,
        learner: { kind: "bayes" },
        campaign: {
          goal: "plant",
          strategy: "feature-label",
          target: "ham",
          signal: { kind: "text", token: "zqx", placement: "end" },
        },
        targetSuccess: 0.9,
      },
    });
    expect(created.status).toBe(201);
    const campaignId = (created.json as { id: string }).id;
    const [m0, m1] = g.members;
    if (!m0 || !m1) throw new Error("members");
    const asOrg = { token: g.organizer.token, params: { campaignId } };
    const record = (token: string, text: string) =>
      call(myRecord.PUT, "PUT", "/x", {
        token,
        params: { campaignId },
        body: { fields: { text, label: "spam" } },
      });

    // A draft cannot be paused.
    expect(await call(pause.POST, "POST", "/x", asOrg)).toMatchObject({
      status: 409,
      json: errorShape("conflict"),
    });
    expect((await call(launch.POST, "POST", "/x", asOrg)).status).toBe(200);
    expect((await record(m0.token, "win cash now")).status).toBe(200);

    // Only organizers pause; others are refused and the campaign stays launched.
    expect(
      await call(pause.POST, "POST", "/x", { token: m1.token, params: { campaignId } }),
    ).toMatchObject({ status: 403, json: errorShape("forbidden") });
    expect(
      await call(pause.POST, "POST", "/x", { token: outsider.token, params: { campaignId } }),
    ).toMatchObject({ status: 404, json: errorShape("not_found") });
    expect((await call(pause.POST, "POST", "/x", { params: { campaignId } })).status).toBe(401);

    const paused = await call(pause.POST, "POST", "/x", asOrg);
    expect(paused).toMatchObject({ status: 200, json: { id: campaignId, status: "paused" } });
    expect(await call(campaign.GET, "GET", "/x", asOrg)).toMatchObject({
      status: 200,
      json: { id: campaignId, status: "paused" },
    });
    // Paused: no new record, no replacement, no confirmation; pausing again is a conflict.
    expect(await record(m1.token, "lunch at noon")).toMatchObject({
      status: 409,
      json: errorShape("conflict"),
    });
    expect(await record(m0.token, "another record")).toMatchObject({ status: 409 });
    expect(
      await call(myConfirmation.POST, "POST", "/x", {
        token: m0.token,
        params: { campaignId },
        body: { fields: { text: "win cash now zqx", label: "ham" } },
      }),
    ).toMatchObject({ status: 409, json: errorShape("conflict") });
    expect(await call(pause.POST, "POST", "/x", asOrg)).toMatchObject({ status: 409 });
    // The member's record was kept: their instruction is still there.
    const kept = await call(myInstruction.GET, "GET", "/x", {
      token: m0.token,
      params: { campaignId },
    });
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.json)).toContain("win cash now zqx");

    // Launched again, submissions are accepted.
    expect(await call(launch.POST, "POST", "/x", asOrg)).toMatchObject({
      status: 200,
      json: { id: campaignId, status: "launched" },
    });
    expect((await record(m1.token, "lunch at noon")).status).toBe(200);
    expect(
      await call(myConfirmation.POST, "POST", "/x", {
        token: m0.token,
        params: { campaignId },
        body: { fields: { text: "win cash now zqx", label: "ham" } },
      }),
    ).toMatchObject({ status: 200, json: { ok: true, problems: [] } });
  });
});

describe("GET /tokens", () => {
  it("lists the caller's own tokens with names and times, never a token value or hash", async () => {
    const me = await person("tk_me");
    const other = await person("tk_other");
    const second = await call(tokens.POST, "POST", "/x", {
      token: me.token,
      body: { name: "laptop" },
    });
    expect(second.status).toBe(201);
    const laptop = second.json as { id: string; name: string; token: string };

    const list = await call(tokens.GET, "GET", "/x", { token: me.token });
    expect(list.status).toBe(200);
    const got = (list.json as { tokens: Record<string, unknown>[] }).tokens;
    expect(got.map((t) => t.name)).toEqual(["t", "laptop"]);
    for (const t of got) {
      expect(Object.keys(t).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name"]);
      expect(new Date(String(t.createdAt)).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(got[1]?.id).toBe(laptop.id);
    const text = JSON.stringify(list.json);
    for (const secret of [me.token, laptop.token, other.token]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(sha256(secret));
    }
    // Someone else's list holds only their own token.
    const theirs = await call(tokens.GET, "GET", "/x", { token: other.token });
    expect((theirs.json as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toEqual([
      "t",
    ]);
    // Revoked tokens leave the list; without credentials, 401 in the error shape.
    expect(
      (
        await call(tokenRoute.DELETE, "DELETE", "/x", {
          token: me.token,
          params: { tokenId: laptop.id },
        })
      ).status,
    ).toBe(204);
    const after = await call(tokens.GET, "GET", "/x", { token: me.token });
    expect((after.json as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toEqual(["t"]);
    expect(await call(tokens.GET, "GET", "/x")).toMatchObject({
      status: 401,
      json: errorShape("unauthenticated"),
    });
  });
});

describe("GET /collectives/{id}/invites", () => {
  it("shows organizers each invite's role, limits, uses and status, never its token", async () => {
    const g = await collectiveWith("iv", 2);
    const outsider = await person("iv_out");
    const asOrg = { token: g.organizer.token, params: { id: g.id } };
    const made = await call(invites.POST, "POST", "/x", {
      ...asOrg,
      body: { role: "organizer", maxUses: 3, expiresInHours: 2 },
    });
    expect(made.status).toBe(201);
    const fresh = made.json as { id: string; token: string; url: string };
    const joiner = await person("iv_join");
    expect(
      (
        await call(accept.POST, "POST", "/x", {
          token: joiner.token,
          params: { token: fresh.token },
        })
      ).status,
    ).toBe(200);

    const list = await call(invites.GET, "GET", "/x", asOrg);
    expect(list.status).toBe(200);
    const all = (list.json as { invites: Record<string, unknown>[] }).invites;
    // collectiveWith made a member invite (used by 2) and a facilitator invite (used once).
    expect(all).toHaveLength(3);
    for (const i of all)
      expect(Object.keys(i).sort()).toEqual([
        "expiresAt",
        "id",
        "maxUses",
        "role",
        "status",
        "uses",
      ]);
    const mine = all.find((i) => i.id === fresh.id);
    expect(mine).toMatchObject({ role: "organizer", maxUses: 3, uses: 1, status: "active" });
    const hours = (new Date(String(mine?.expiresAt)).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    expect(all.filter((i) => i.role === "member")).toEqual([
      expect.objectContaining({ uses: 2, maxUses: 50 }),
    ]);
    expect(all.filter((i) => i.role === "facilitator")).toEqual([
      expect.objectContaining({ uses: 1 }),
    ]);
    const text = JSON.stringify(list.json);
    expect(text).not.toContain(fresh.token);
    expect(text).not.toContain(sha256(fresh.token));

    // A revoked invite stays listed, as revoked.
    expect(
      (
        await call(invite.DELETE, "DELETE", "/x", {
          ...asOrg,
          params: { id: g.id, inviteId: fresh.id },
        })
      ).status,
    ).toBe(204);
    const again = await call(invites.GET, "GET", "/x", asOrg);
    expect(
      (again.json as { invites: { id: string; status: string }[] }).invites.find(
        (i) => i.id === fresh.id,
      )?.status,
    ).toBe("revoked");

    // Members and facilitators may not see the list; outsiders do not see the collective.
    for (const who of [g.members[0]?.token, g.facilitator.token])
      expect(
        await call(invites.GET, "GET", "/x", { token: who, params: { id: g.id } }),
      ).toMatchObject({ status: 403, json: errorShape("forbidden") });
    expect(
      await call(invites.GET, "GET", "/x", { token: outsider.token, params: { id: g.id } }),
    ).toMatchObject({ status: 404, json: errorShape("not_found") });
  });
});

describe("GET /collectives/{id}/datasets", () => {
  it("lists the collective's uploads with their size and columns, not their contents", async () => {
    const g = await collectiveWith("ds", 1);
    const other = await collectiveWith("ds2", 0);
    const outsider = await person("ds_out");
    const asOrg = { token: g.organizer.token, params: { id: g.id } };
    const empty = await call(datasets.GET, "GET", "/x", asOrg);
    expect(empty).toMatchObject({ status: 200, json: { datasets: [] } });

    const csv = "bio,city,label\nsecret rider note,lyon,yes\nanother,nice,no\nthird,lyon,no\n";
    const up = await call(datasets.POST, "POST", "/api/v1/x?name=riders.csv", {
      ...asOrg,
      rawBody: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(up.status).toBe(201);
    const { id } = up.json as { id: string };
    const list = await call(datasets.GET, "GET", "/x", asOrg);
    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      datasets: [
        { id, name: "riders.csv", rows: 3, columns: ["bio", "city", "label"], sample: null },
      ],
    });
    expect(JSON.stringify(list.json)).not.toContain("secret rider note");
    // Another collective's organizer sees only their own (empty) list.
    expect(
      await call(datasets.GET, "GET", "/x", {
        token: other.organizer.token,
        params: { id: other.id },
      }),
    ).toMatchObject({ status: 200, json: { datasets: [] } });
    expect(
      await call(datasets.GET, "GET", "/x", { token: g.members[0]?.token, params: { id: g.id } }),
    ).toMatchObject({ status: 403, json: errorShape("forbidden") });
    expect(
      await call(datasets.GET, "GET", "/x", { token: outsider.token, params: { id: g.id } }),
    ).toMatchObject({ status: 404, json: errorShape("not_found") });
  });
});

describe("GET /samples", () => {
  it("describes each built-in sample truthfully: its rows, labels and columns", async () => {
    const someone = await person("sm_a");
    const res = await call(samples.GET, "GET", "/x", { token: someone.token });
    expect(res.status).toBe(200);
    const list = (
      res.json as {
        samples: {
          name: string;
          title: string;
          description: string;
          rows: number;
          labels: string[];
          columns: { label: string; text?: string[]; categorical?: string[]; numeric?: string[] };
        }[];
      }
    ).samples;
    expect(list.map((s) => s.name)).toEqual(["spam-assassin", "gig-work"]);
    for (const s of list) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(0);
      // Checked against the data itself, not against the listing's source.
      const table = await loadSample(s.name);
      expect(s.rows).toBe(table.rows.length);
      expect([...s.labels].sort()).toEqual(
        [...new Set(table.rows.map((r) => r[s.columns.label] ?? ""))].sort(),
      );
      const named = [
        s.columns.label,
        ...(s.columns.text ?? []),
        ...(s.columns.categorical ?? []),
        ...(s.columns.numeric ?? []),
      ];
      for (const c of named) expect(table.columns).toContain(c);
    }
    expect(list.find((s) => s.name === "spam-assassin")).toMatchObject({
      rows: 6046,
      labels: ["ham", "spam"],
    });
    expect(await call(samples.GET, "GET", "/x")).toMatchObject({
      status: 401,
      json: errorShape("unauthenticated"),
    });
  });
});
