/**
 * The authorization matrix, generated from the route files: every exported method of every
 * app/api/v1/**\/route.ts is called as anonymous, outsider (a member of another collective),
 * member, facilitator and organizer of the collective that owns the ids in the path, with
 * real ids and valid bodies, and the status must match this file's table.
 *
 * A route file without a row fails the first test (a new route cannot ship without one);
 * a row whose route is gone fails it too.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { findCampaign, insertCampaign } from "@/db/queries/campaigns";
import { listItems } from "@/db/queries/session-items";
import * as collectivesRoute from "@/app/api/v1/collectives/route";
import * as invitesRoute from "@/app/api/v1/collectives/[id]/invites/route";
import * as acceptRoute from "@/app/api/v1/invites/[token]/accept/route";
import * as campaignsRoute from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launchRoute from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecordRoute from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as forecastsRoute from "@/app/api/v1/campaigns/[campaignId]/forecasts/route";
import * as sessionsRoute from "@/app/api/v1/collectives/[id]/sessions/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as statementsRoute from "@/app/api/v1/sessions/[sessionId]/statements/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { stopForecastQueue } from "@/jobs/forecast-pipeline";
import { isMethodRefusal } from "@/lib/api/method-not-allowed";
import { can, type Permission, type Role } from "@/lib/permissions";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { person, type Person } from "../helpers/people";

const API_ROOT = path.resolve(__dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

const callers = ["anonymous", "outsider", "member", "facilitator", "organizer"] as const;
type Caller = (typeof callers)[number];
/** One status, or the statuses accepted (e.g. 422 for a role that is allowed). */
type Expected = Record<Caller, number | number[]>;

interface CallSpec {
  params?: Record<string, string | string[]>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  path?: string;
}

interface Row {
  /** What is expected with the ids of a launched campaign (or the only case). */
  expect: Expected;
  /** The same call with a draft campaign's ids (campaign-scoped rows). */
  draft?: Expected;
  /** The permission the route checks; the table is checked against lib/permissions.ts. */
  permission?: Permission;
  /** The main call acts on a draft (launch): a denial reads 404, as the draft rule says. */
  isOnDraft?: boolean;
  /** Rows that consume the callers (delete accounts, revoke tokens, join): a world of their own. */
  isIsolated?: boolean;
  request(w: World, caller: Caller, variant: "main" | "draft"): Promise<CallSpec>;
}

/** Status shorthands: anonymous, outsider, member, facilitator, organizer. */
const s = (
  anonymous: number | number[],
  outsider: number | number[],
  member: number | number[],
  facilitator: number | number[],
  organizer: number | number[],
): Expected => ({
  anonymous,
  outsider,
  member,
  facilitator,
  organizer,
});

const spamPlant = {
  goal: "plant",
  strategy: "feature-label",
  target: "ham",
  signal: { kind: "text", token: "zqx", placement: "end" },
};
const campaignBody = {
  name: "Ham",
  sample: "spam-assassin",
  populationSize: 5000,
  learner: { kind: "bayes" },
  campaign: spamPlant,
  targetSuccess: 0.9,
};
const record = { fields: { text: "hello there", label: "spam" } };
const PASSWORD = "correct horse battery";

let open: OpenDatabase;
let counter = 0;
const unique = (p: string) => `${p}${++counter}_${Math.random().toString(36).slice(2, 6)}`;

/** The collective under test, its people and ids, and makers of fresh things for calls that change them. */
interface World {
  id: string;
  people: Record<Exclude<Caller, "anonymous">, Person>;
  launchedId: string;
  draftId: string;
  launchedForecastId: string;
  draftForecastId: string;
  sessionId: string;
  spares: Map<string, Person>;
}

async function ok<T>(
  p: Promise<{ status: number; json: unknown }>,
  status = [200, 201, 202],
): Promise<T> {
  const r = await p;
  if (!status.includes(r.status))
    throw new Error(`setup call failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json as T;
}

async function join(
  organizer: Person,
  collectiveId: string,
  role: Role,
  handle: string,
): Promise<Person> {
  const p = await person(handle);
  const inv = await ok<{ token: string }>(
    call(invitesRoute.POST, "POST", "/x", {
      token: organizer.token,
      params: { id: collectiveId },
      body: { role },
    }),
  );
  await ok(call(acceptRoute.POST, "POST", "/x", { token: p.token, params: { token: inv.token } }));
  return p;
}

async function buildWorld(withCampaigns: boolean): Promise<World> {
  const organizer = await person(unique("az_org"));
  const c = await ok<{ id: string }>(
    call(collectivesRoute.POST, "POST", "/x", {
      token: organizer.token,
      body: { name: unique("Authz group ") },
    }),
  );
  const facilitator = await join(organizer, c.id, "facilitator", unique("az_fac"));
  const member = await join(organizer, c.id, "member", unique("az_mem"));
  // The outsider belongs to another collective (as a plain member): a real account with memberships.
  const otherOrg = await person(unique("az_oth"));
  const other = await ok<{ id: string }>(
    call(collectivesRoute.POST, "POST", "/x", {
      token: otherOrg.token,
      body: { name: unique("Other group ") },
    }),
  );
  const outsider = await join(otherOrg, other.id, "member", unique("az_out"));
  const w: World = {
    id: c.id,
    people: { outsider, member, facilitator, organizer },
    launchedId: "",
    draftId: "",
    launchedForecastId: "",
    draftForecastId: "",
    sessionId: "",
    spares: new Map(),
  };
  w.sessionId = await newSession(w, { format: "statements", seedStatements: ["One", "Two"] }, true);
  if (!withCampaigns) return w;
  const org = organizer.token;
  w.launchedId = (
    await ok<{ id: string }>(
      call(campaignsRoute.POST, "POST", "/x", {
        token: org,
        params: { id: c.id },
        body: campaignBody,
      }),
    )
  ).id;
  await ok(
    call(launchRoute.POST, "POST", "/x", { token: org, params: { campaignId: w.launchedId } }),
  );
  w.draftId = (
    await ok<{ id: string }>(
      call(campaignsRoute.POST, "POST", "/x", {
        token: org,
        params: { id: c.id },
        body: { ...campaignBody, name: "Draft" },
      }),
    )
  ).id;
  for (const p of [member, facilitator, organizer]) await submitRecord(p, w.launchedId);
  w.launchedForecastId = (
    await ok<{ id: string }>(
      call(forecastsRoute.POST, "POST", "/x", {
        token: org,
        params: { campaignId: w.launchedId },
        body: { seeds: 1 },
      }),
    )
  ).id;
  w.draftForecastId = (
    await ok<{ id: string }>(
      call(forecastsRoute.POST, "POST", "/x", {
        token: org,
        params: { campaignId: w.draftId },
        body: { seeds: 1 },
      }),
    )
  ).id;
  return w;
}

async function submitRecord(p: Person, campaignId: string) {
  await ok(
    call(myRecordRoute.PUT, "PUT", "/x", { token: p.token, params: { campaignId }, body: record }),
  );
}

/** A session of the world's collective, opened unless `isDraft`. */
async function newSession(
  w: World,
  body: Record<string, unknown>,
  isOpen: boolean,
): Promise<string> {
  const org = w.people.organizer.token;
  const { id } = await ok<{ id: string }>(
    call(sessionsRoute.POST, "POST", "/x", {
      token: org,
      params: { id: w.id },
      body: { title: "S", prompt: "What do we want?", ...body },
    }),
  );
  if (isOpen)
    await ok(call(openRoute.POST, "POST", "/x", { token: org, params: { sessionId: id } }));
  return id;
}

/** A fresh copy of the launched (or draft) campaign: for calls that change its status or records. */
async function newCampaign(w: World, status: "launched" | "draft"): Promise<string> {
  const row = await findCampaign(open.db, { campaignId: w.launchedId });
  if (!row) throw new Error("no campaign");
  const { id: _id, createdAt: _c, launchedAt: _l, endedAt: _e, ...rest } = row;
  const copy = await insertCampaign(open.db, { ...rest, name: unique("Copy "), status });
  return copy.id;
}

async function newInvite(w: World): Promise<{ id: string; token: string }> {
  return ok(
    call(invitesRoute.POST, "POST", "/x", {
      token: w.people.organizer.token,
      params: { id: w.id },
      body: { role: "member" },
    }),
  );
}

/** A member of the collective who is none of the callers, made once per name. */
async function spare(w: World, name: string): Promise<Person> {
  const known = w.spares.get(name);
  if (known) return known;
  const p = await join(w.people.organizer, w.id, "member", unique(`az_sp_${name}`));
  w.spares.set(name, p);
  return p;
}

const campaignOf = (w: World, variant: "main" | "draft") =>
  variant === "draft" ? w.draftId : w.launchedId;

/** Key: method and path under /api/v1, as the route file's folder spells it. */
const table: Record<string, Row> = {
  // Accounts
  "POST /users": {
    expect: s(201, 201, 201, 201, 201),
    request: async () => ({ body: { handle: unique("az_new"), password: PASSWORD } }),
  },
  "POST /tokens": {
    expect: s(401, 201, 201, 201, 201),
    request: async () => ({ body: { name: "matrix" } }),
  },
  "GET /tokens": { expect: s(401, 200, 200, 200, 200), request: async () => ({}) },
  "DELETE /tokens/[tokenId]": {
    // The organizer's own spare token: nobody else may revoke it, and its existence is not confirmed.
    expect: s(401, 404, 404, 404, 204),
    request: async (w) => {
      const t = await ok<{ id: string }>(
        call(tokensRoute.POST, "POST", "/x", {
          token: w.people.organizer.token,
          body: { name: "spare" },
        }),
      );
      return { params: { tokenId: t.id } };
    },
  },
  "GET /me": { expect: s(401, 200, 200, 200, 200), request: async () => ({}) },
  "DELETE /me": {
    // Deletes the caller's account; the last organizer of a collective must hand it over first.
    expect: s(401, 204, 204, 204, 409),
    isIsolated: true,
    request: async () => ({ body: { password: PASSWORD } }),
  },
  "POST /me/sign-out-everywhere": {
    expect: s(401, 204, 204, 204, 204),
    isIsolated: true,
    request: async () => ({}),
  },
  "GET /me/export": { expect: s(401, 200, 200, 200, 200), request: async () => ({}) },
  "GET /samples": { expect: s(401, 200, 200, 200, 200), request: async () => ({}) },

  // Collectives, members, invites, audit
  "POST /collectives": {
    expect: s(401, 201, 201, 201, 201),
    request: async () => ({ body: { name: unique("New group ") } }),
  },
  "GET /collectives/[id]": {
    expect: s(401, 404, 200, 200, 200),
    permission: "collective:view",
    request: async (w) => ({ params: { id: w.id } }),
  },
  "GET /collectives/[id]/members": {
    expect: s(401, 404, 200, 200, 200),
    permission: "members:count",
    request: async (w) => ({ params: { id: w.id } }),
  },
  "PATCH /collectives/[id]/members/[userId]": {
    expect: s(401, 404, 403, 403, 200),
    permission: "members:manage",
    request: async (w) => ({
      params: { id: w.id, userId: (await spare(w, "patch")).userId },
      body: { role: "facilitator" },
    }),
  },
  "DELETE /collectives/[id]/members/[userId]": {
    // Someone else (anyone may remove themselves; that is not an authorization question).
    expect: s(401, 404, 403, 403, 204),
    permission: "members:manage",
    request: async (w) => ({ params: { id: w.id, userId: (await spare(w, "remove")).userId } }),
  },
  "POST /collectives/[id]/invites": {
    expect: s(401, 404, 403, 403, 201),
    permission: "invites:manage",
    request: async (w) => ({ params: { id: w.id }, body: { role: "member", maxUses: 1 } }),
  },
  "GET /collectives/[id]/invites": {
    expect: s(401, 404, 403, 403, 200),
    permission: "invites:manage",
    request: async (w) => ({ params: { id: w.id } }),
  },
  "DELETE /collectives/[id]/invites/[inviteId]": {
    expect: s(401, 404, 403, 403, 204),
    permission: "invites:manage",
    request: async (w) => ({ params: { id: w.id, inviteId: (await newInvite(w)).id } }),
  },
  "POST /invites/[token]/accept": {
    // The token is the authority: any signed-in person holding it joins (members stay as they are).
    expect: s(401, 200, 200, 200, 200),
    isIsolated: true,
    request: async (w) => ({ params: { token: (await newInvite(w)).token } }),
  },
  "GET /collectives/[id]/audit": {
    expect: s(401, 404, 403, 403, 200),
    permission: "audit:view",
    request: async (w) => ({ params: { id: w.id } }),
  },

  // Sessions
  "POST /collectives/[id]/sessions": {
    expect: s(401, 404, 403, 201, 201),
    permission: "sessions:run",
    request: async (w) => ({
      params: { id: w.id },
      body: { title: "New", format: "consent", prompt: "Shall we?" },
    }),
  },
  "GET /collectives/[id]/sessions": {
    expect: s(401, 404, 200, 200, 200),
    permission: "sessions:participate",
    request: async (w) => ({ params: { id: w.id } }),
  },
  "GET /sessions/[sessionId]": {
    expect: s(401, 404, 200, 200, 200),
    permission: "sessions:participate",
    request: async (w) => ({ params: { sessionId: w.sessionId } }),
  },
  "POST /sessions/[sessionId]/open": {
    expect: s(401, 404, 403, 200, 200),
    permission: "sessions:run",
    request: async (w) => ({
      params: {
        sessionId: await newSession(w, { format: "statements", seedStatements: ["A", "B"] }, false),
      },
    }),
  },
  "POST /sessions/[sessionId]/close": {
    expect: s(401, 404, 403, 200, 200),
    permission: "sessions:run",
    request: async (w) => ({
      params: {
        sessionId: await newSession(w, { format: "statements", seedStatements: ["A", "B"] }, true),
      },
    }),
  },
  "POST /sessions/[sessionId]/statements": {
    expect: s(401, 404, 201, 201, 201),
    permission: "sessions:participate",
    request: async (w) => ({
      params: { sessionId: w.sessionId },
      body: { text: unique("We should ") },
    }),
  },
  "PATCH /sessions/[sessionId]/statements/[statementId]": {
    expect: s(401, 404, 403, 200, 200),
    permission: "sessions:run",
    request: async (w) => {
      const sessionId = await newSession(
        w,
        { format: "statements", seedStatements: ["A", "B"], moderated: true },
        true,
      );
      const added = await ok<{ id: string }>(
        call(statementsRoute.POST, "POST", "/x", {
          token: w.people.member.token,
          params: { sessionId },
          body: { text: "Held for moderation" },
        }),
      );
      return { params: { sessionId, statementId: added.id }, body: { status: "approved" } };
    },
  },
  "POST /sessions/[sessionId]/votes": {
    expect: s(401, 404, 200, 200, 200),
    permission: "sessions:participate",
    request: async (w) => {
      const [item] = await listItems(open.db, { sessionId: w.sessionId });
      return { params: { sessionId: w.sessionId }, body: { statementId: item?.id, vote: "agree" } };
    },
  },
  "POST /sessions/[sessionId]/allocations": {
    expect: s(401, 404, 200, 200, 200),
    permission: "sessions:participate",
    request: async (w) => {
      const sessionId = await newSession(
        w,
        { format: "dots", options: ["Left", "Right"], dots: 3 },
        true,
      );
      const [item] = await listItems(open.db, { sessionId });
      return { params: { sessionId }, body: { allocations: [{ optionId: item?.id, dots: 1 }] } };
    },
  },
  "POST /sessions/[sessionId]/responses": {
    expect: s(401, 404, 200, 200, 200),
    permission: "sessions:participate",
    request: async (w) => ({
      params: { sessionId: await newSession(w, { format: "consent" }, true) },
      body: { position: "consent" },
    }),
  },

  // Datasets and campaign design
  "POST /collectives/[id]/datasets": {
    expect: s(401, 404, 403, 403, 201),
    permission: "campaigns:manage",
    request: async (w) => ({
      params: { id: w.id },
      rawBody:
        "text,label\nwin money now,spam\nlunch at noon,ham\ncheap pills,spam\nsee you soon,ham\n",
      headers: { "content-type": "text/csv" },
    }),
  },
  "GET /collectives/[id]/datasets": {
    expect: s(401, 404, 403, 403, 200),
    permission: "campaigns:manage",
    request: async (w) => ({ params: { id: w.id } }),
  },
  "POST /collectives/[id]/signal-audit": {
    expect: s(401, 404, 403, 403, 200),
    permission: "campaigns:manage",
    request: async (w) => ({
      params: { id: w.id },
      body: { sample: "spam-assassin", campaign: spamPlant },
    }),
  },
  "POST /collectives/[id]/recommender-preview": {
    expect: s(401, 404, 403, 403, 200),
    permission: "campaigns:manage",
    request: async (w) => ({
      params: { id: w.id },
      body: { sample: "synthetic-playlists", sampleSize: 1000, target: { id: "x:target" } },
    }),
  },
  "POST /collectives/[id]/steer-preview": {
    expect: s(401, 404, 403, 403, 200),
    permission: "campaigns:manage",
    request: async (w) => ({
      params: { id: w.id },
      body: {
        sample: "gig-pay",
        data: { label: "pay", numeric: ["distance_km", "waiting_minutes", "hours"] },
        campaign: {
          goal: "steer",
          target: { weights: { waiting_minutes: 0.4 } },
          bounds: { pay: [0, 400] },
        },
      },
    }),
  },
  "POST /collectives/[id]/campaigns": {
    expect: s(401, 404, 403, 403, 201),
    permission: "campaigns:manage",
    request: async (w) => ({ params: { id: w.id }, body: campaignBody }),
  },
  "GET /collectives/[id]/campaigns": {
    expect: s(401, 404, 200, 200, 200),
    permission: "campaigns:participate",
    request: async (w) => ({ params: { id: w.id } }),
  },

  // Campaigns: a draft does not exist for those who may not manage campaigns.
  "GET /campaigns/[campaignId]": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 200),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) } }),
  },
  "GET /campaigns/[campaignId]/stats": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 200),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) } }),
  },
  "GET /campaigns/[campaignId]/forecasts": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 200),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) } }),
  },
  "POST /campaigns/[campaignId]/forecasts": {
    // Visibility comes first: a draft does not exist for those who may not manage it.
    expect: s(401, 404, 403, 403, 202),
    draft: s(401, 404, 404, 404, 202),
    permission: "campaigns:manage",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) }, body: { seeds: 1 } }),
  },
  "GET /forecasts/[forecastId]": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 200),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({
      params: { forecastId: v === "draft" ? w.draftForecastId : w.launchedForecastId },
    }),
  },
  "POST /campaigns/[campaignId]/launch": {
    // Only drafts are launched, and a draft does not exist for those who may not manage it.
    expect: s(401, 404, 404, 404, 200),
    isOnDraft: true,
    permission: "campaigns:manage",
    request: async (w) => ({ params: { campaignId: await newCampaign(w, "draft") } }),
  },
  "POST /campaigns/[campaignId]/pause": {
    expect: s(401, 404, 403, 403, 200),
    permission: "campaigns:manage",
    request: async (w) => ({ params: { campaignId: await newCampaign(w, "launched") } }),
  },
  "POST /campaigns/[campaignId]/end": {
    expect: s(401, 404, 403, 403, 200),
    draft: s(401, 404, 404, 404, 200),
    permission: "campaigns:manage",
    request: async (w, _c, v) => ({
      params: { campaignId: await newCampaign(w, v === "draft" ? "draft" : "launched") },
    }),
  },
  "PUT /campaigns/[campaignId]/my-record": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, [404, 409]),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) }, body: record }),
  },
  "GET /campaigns/[campaignId]/my-instruction": {
    // Member, facilitator and organizer each submitted a record to the launched campaign.
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 404),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({ params: { campaignId: campaignOf(w, v) } }),
  },
  "POST /campaigns/[campaignId]/my-confirmation": {
    expect: s(401, 404, 200, 200, 200),
    // The organizer sees the draft, so "not launched yet" (409) is the honest answer.
    draft: s(401, 404, 404, 404, [404, 409]),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({
      params: { campaignId: campaignOf(w, v) },
      body: { fields: { text: "hello there zqx", label: "ham" } },
    }),
  },
  "POST /campaigns/[campaignId]/my-record/import": {
    // The matrix's campaign is a classifier: those allowed learn it takes no playlists (422).
    expect: s(401, 404, 422, 422, 422),
    draft: s(401, 404, 404, 404, 422),
    permission: "campaigns:participate",
    request: async (w, _c, v) => ({
      params: { campaignId: campaignOf(w, v) },
      body: { playlists: [] },
    }),
  },
  "DELETE /campaigns/[campaignId]/my-record": {
    expect: s(401, 404, 200, 200, 200),
    draft: s(401, 404, 404, 404, 404),
    permission: "campaigns:participate",
    request: async (w, caller, v) => {
      if (v === "draft") return { params: { campaignId: w.draftId } };
      // A fresh campaign where this caller (if a member) has a record to withdraw.
      const campaignId = await newCampaign(w, "launched");
      if (caller !== "anonymous" && caller !== "outsider")
        await submitRecord(w.people[caller], campaignId);
      return { params: { campaignId } };
    },
  },

  // Anything else under /api/v1: a JSON 404 for everyone, signed in or not.
  ...Object.fromEntries(
    METHODS.map((m): [string, Row] => [
      `${m} /[...unknown]`,
      {
        expect: s(404, 404, 404, 404, 404),
        request: async () => ({ params: { unknown: ["no", "such"] }, path: "/api/v1/no/such" }),
      },
    ]),
  ),
};

/** Every route file under app/api/v1, as "/collectives/[id]/invites" and its absolute path. */
function routeFiles(): { route: string; file: string }[] {
  const found: { route: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts")
        found.push({
          route: `/${path.relative(API_ROOT, dir).split(path.sep).join("/")}`.replace(/\/$/, ""),
          file: full,
        });
    }
  };
  walk(API_ROOT);
  return found.sort((a, b) => a.route.localeCompare(b.route));
}

type Params = Record<string, string | string[]>;
type Handler = (req: Request, ctx: { params: Promise<Params> }) => Promise<Response>;

function isHandler(v: unknown): v is Handler {
  return typeof v === "function";
}

async function exportedMethods(file: string): Promise<Map<Method, Handler>> {
  const mod: Record<string, unknown> = await import(file);
  const out = new Map<Method, Handler>();
  for (const m of METHODS) {
    const h = mod[m];
    // The 405 stand-ins (lib/api/method-not-allowed.ts) serve nothing: no row for them.
    if (isHandler(h) && !isMethodRefusal(h)) out.set(m, h);
  }
  return out;
}

const matches = (status: number, expected: number | number[]) =>
  Array.isArray(expected) ? expected.includes(status) : status === expected;

beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await stopForecastQueue();
  await open.close();
});

describe("authorization matrix", () => {
  it("has exactly one row per exported method of every route file", async () => {
    const served = new Set<string>();
    for (const { route, file } of routeFiles())
      for (const m of (await exportedMethods(file)).keys()) served.add(`${m} ${route}`);
    const rows = new Set(Object.keys(table));
    expect({
      routesWithoutRow: [...served].filter((k) => !rows.has(k)).sort(),
      rowsWithoutRoute: [...rows].filter((k) => !served.has(k)).sort(),
    }).toEqual({
      routesWithoutRow: [],
      rowsWithoutRoute: [],
    });
  });

  it("agrees with the role -> permission table (lib/permissions.ts)", () => {
    const problems: string[] = [];
    for (const [key, row] of Object.entries(table)) {
      if (!row.permission) continue;
      const perm = row.permission;
      if (row.expect.anonymous !== 401) problems.push(`${key}: anonymous must get 401`);
      if (row.expect.outsider !== 404) problems.push(`${key}: an outsider must get 404`);
      for (const role of ["member", "facilitator", "organizer"] as const) {
        const e = row.expect[role];
        const isDenied = row.isOnDraft && role !== "organizer" ? e === 404 : e === 403;
        if (isDenied === can(role, perm))
          problems.push(
            `${key}: ${role} expects ${String(e)} but may ${can(role, perm) ? "" : "not "}${perm}`,
          );
      }
      if (row.draft) {
        for (const role of ["member", "facilitator"] as const) {
          const e = row.draft[role];
          // Drafts do not exist for those who may not manage campaigns: 404, whatever they ask.
          const want = 404;
          if (e !== want)
            problems.push(`${key} (draft): ${role} expects ${String(e)}, the rule says ${want}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  let shared: World | undefined;
  const sharedWorld = async () => (shared ??= await buildWorld(true));

  for (const [key, row] of Object.entries(table)) {
    it(`${key}`, async () => {
      const [method, route] = key.split(" ") as [Method, string];
      const file = routeFiles().find((r) => r.route === route)?.file;
      if (!file) throw new Error(`no route file for ${key}`);
      const handler = (await exportedMethods(file)).get(method);
      if (!handler) throw new Error(`${route} exports no ${method}`);
      const w = row.isIsolated ? await buildWorld(false) : await sharedWorld();
      const got: string[] = [];
      const want: string[] = [];
      for (const variant of row.draft ? (["main", "draft"] as const) : (["main"] as const)) {
        const expected = variant === "draft" ? row.draft! : row.expect;
        for (const caller of callers) {
          const r = await row.request(w, caller, variant);
          const res = await call<Params>(handler, method, r.path ?? `/api/v1${route}`, {
            ...(caller === "anonymous" ? {} : { token: w.people[caller].token }),
            ...(r.params ? { params: r.params } : {}),
            ...(r.body !== undefined ? { body: r.body } : {}),
            ...(r.rawBody !== undefined ? { rawBody: r.rawBody } : {}),
            ...(r.headers ? { headers: r.headers } : {}),
          });
          const label = `${variant === "draft" ? "draft " : ""}${caller}`;
          want.push(`${label}: ${JSON.stringify(expected[caller])}`);
          got.push(
            matches(res.status, expected[caller])
              ? `${label}: ${JSON.stringify(expected[caller])}`
              : `${label}: ${res.status} ${JSON.stringify(res.json).slice(0, 160)}`,
          );
        }
      }
      expect(got).toEqual(want);
    }, 120_000);
  }
});
