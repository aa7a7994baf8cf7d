/**
 * Hostile input against every write route under app/api/v1, found by walking the folder so a
 * new route is fuzzed without anyone remembering to add it. Real people, a real collective,
 * session, campaign and invite fill the path parameters, so handlers get past auth and lookups
 * to the body parsing. Never a 5xx; every non-2xx answer has the API's error shape.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as sessionRoute from "@/app/api/v1/sessions/[sessionId]/route";
import * as openSession from "@/app/api/v1/sessions/[sessionId]/open/route";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as tokens from "@/app/api/v1/tokens/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person, type Person } from "../helpers/people";

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

const API_ROOT = path.resolve(__dirname, "../../app/api/v1");
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
/** Routes that end the caller's own access; they run as a throwaway person, after the rest. */
const SELF_DESTRUCTIVE = new Set(["me", "me/sign-out-everywhere"]);

interface RouteUnderTest {
  route: string;
  method: (typeof WRITE_METHODS)[number];
  handler: Handler;
  params: string[];
}

function findRouteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRouteFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

async function writeRoutes(): Promise<RouteUnderTest[]> {
  const found: RouteUnderTest[] = [];
  for (const file of findRouteFiles(API_ROOT).sort()) {
    const route = path.relative(API_ROOT, path.dirname(file)).split(path.sep).join("/");
    const mod: Record<string, unknown> = await import(file);
    const params = [...route.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
    for (const method of WRITE_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function")
        found.push({ route, method, handler: handler as Handler, params });
    }
  }
  return found;
}

interface Payload {
  name: string;
  body: () => BodyInit | null;
  type?: string;
}

const FIELD_NAMES = [
  "name",
  "description",
  "platform",
  "handle",
  "password",
  "email",
  "role",
  "expiresInHours",
  "maxUses",
  "title",
  "format",
  "prompt",
  "options",
  "seedStatements",
  "dots",
  "moderated",
  "closesAt",
  "text",
  "statementId",
  "vote",
  "allocations",
  "position",
  "reason",
  "status",
  "datasetId",
  "sample",
  "data",
  "populationSize",
  "learner",
  "campaign",
  "targetSuccess",
  "fields",
  "sessionId",
  "seeds",
  "alphas",
  "file",
];

/** Every field the API knows, set to `value`, plus the same under the nested keys that take objects. */
function everyField(value: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = Object.fromEntries(FIELD_NAMES.map((f) => [f, value]));
  body.fields = { text: value, label: value, [String(value).slice(0, 50)]: value };
  body.campaign = { goal: "plant", target: value, signal: { kind: "text", token: value } };
  body.data = { label: value, text: [value] };
  body.allocations = [{ optionId: value, dots: value }];
  body.options = [value];
  body.seedStatements = [value];
  return body;
}

const json = (v: unknown) => () => JSON.stringify(v);
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

/** A body with no Content-Length that would go on for `total` bytes. */
function endlessBody(total: number): ReadableStream<Uint8Array> {
  const piece = new TextEncoder().encode(`{"name":"${"x".repeat(64 * 1024)}`);
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += piece.byteLength;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
}

const CONTROL =
  Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("") +
  "\u007f\u0085\u2028\u2029\u202e";

const payloads: Payload[] = [
  { name: "malformed JSON", body: () => '{"name": "x",' },
  { name: "JSON with trailing garbage", body: () => '{"name":"x"} }' },
  { name: "empty body", body: () => "" },
  { name: "array", body: json([1, 2, 3]) },
  { name: "string", body: json("hello") },
  { name: "number", body: json(12345) },
  { name: "null", body: json(null) },
  { name: "wrong types", body: json(everyField(123)) },
  { name: "objects everywhere", body: json(everyField({ a: { b: [] } })) },
  {
    name: "booleans and nulls",
    body: () => JSON.stringify({ ...everyField(true), fields: null, campaign: false }),
  },
  {
    name: "huge numbers",
    body: () =>
      `{"maxUses":1e400,"expiresInHours":-1e400,"populationSize":1e308,"dots":-0,"targetSuccess":1e-400,"seeds":99999999999}`,
  },
  { name: "control characters and NUL", body: json(everyField(CONTROL)) },
  { name: "NUL only", body: json(everyField("\u0000")) },
  {
    name: "NUL in keys",
    body: () => JSON.stringify({ "\u0000": "x", fields: { "a\u0000b": "c", text: "t" } }),
  },
  { name: "lone high surrogate", body: json(everyField("ok\ud800")) },
  { name: "lone low surrogate", body: json(everyField("\udfffok")) },
  {
    name: "lone surrogate in a key",
    body: () => JSON.stringify({ fields: { "\ud83d": "x" }, "\udc00": 1 }),
  },
  { name: "huge strings", body: json(everyField("é".repeat(12_000))) },
  { name: "one 900 kB string", body: json({ name: "x".repeat(900_000), text: "y" }) },
  { name: "10k-level nested body", body: () => deep(10_000) },
  {
    name: "10k-level nested field",
    body: () => `{"name":"Deep","fields":${deep(10_000)},"campaign":${deep(10_000)}}`,
  },
  {
    name: "prototype keys",
    body: () =>
      '{"__proto__":{"isAdmin":true,"role":"organizer"},"constructor":{"prototype":{"polluted":1}},"prototype":1,"name":"Proto","fields":{"__proto__":"x","constructor":"y","toString":"z","hasOwnProperty":"w"},"data":{"label":"__proto__","text":["constructor"]}}',
  },
  { name: "over 1 MB without content-length", body: () => endlessBody(3 * 1024 * 1024) },
  {
    name: "CSV with NUL and reserved header",
    type: "text/csv",
    body: () => "__proto__,constructor\na\u0000,b\n",
  },
  { name: "CSV ragged", type: "text/csv", body: () => 'a,b\n"1,2\n3' },
  {
    name: "broken multipart",
    type: "multipart/form-data; boundary=zz",
    body: () => '--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
  },
  { name: "multipart without boundary", type: "multipart/form-data", body: () => "garbage" },
];

let open: OpenDatabase;
let owner: Person;
let throwaway: Person;
let ids: Record<string, string>;

beforeAll(async () => {
  open = await freshDatabase();
  const g = await collectiveWith("fz", 1);
  owner = g.organizer;
  throwaway = await person("fz_throwaway");
  const session = await call(sessions.POST, "POST", "/x", {
    token: owner.token,
    params: { id: g.id },
    body: {
      title: "Fuzz",
      format: "statements",
      prompt: "Anything",
      seedStatements: ["One", "Two"],
    },
  });
  const sessionId = (session.json as { id: string }).id;
  await call(openSession.POST, "POST", "/x", { token: owner.token, params: { sessionId } });
  const view = await call(sessionRoute.GET, "GET", "/x", {
    token: owner.token,
    params: { sessionId },
  });
  const statementId = (view.json as { items: { id: string }[] }).items[0]!.id;
  const campaign = await call(campaigns.POST, "POST", "/x", {
    token: owner.token,
    params: { id: g.id },
    body: {
      name: "Fuzzed",
      sample: "spam-assassin",
      populationSize: 5000,
      learner: { kind: "bayes" },
      campaign: { goal: "plant", target: "ham", signal: { kind: "text", token: "zqx" } },
      targetSuccess: 0.9,
    },
  });
  const campaignId = (campaign.json as { id: string }).id;
  await call(launch.POST, "POST", "/x", { token: owner.token, params: { campaignId } });
  // A record of the caller's own, so confirmation and withdrawal get past "no record yet".
  await call(myRecord.PUT, "PUT", "/x", {
    token: owner.token,
    params: { campaignId },
    body: { fields: { text: "hello there", label: "spam" } },
  });
  const invite = await call(invites.POST, "POST", "/x", {
    token: owner.token,
    params: { id: g.id },
    body: { maxUses: 1000 },
  });
  const spare = await call(tokens.POST, "POST", "/x", {
    token: owner.token,
    body: { name: "spare" },
  });
  ids = {
    id: g.id,
    sessionId,
    statementId,
    campaignId,
    inviteId: (invite.json as { id: string }).id,
    token: (invite.json as { token: string }).token,
    tokenId: (spare.json as { id: string }).id,
    userId: g.facilitator.userId,
    forecastId: crypto.randomUUID(),
  };
});

afterAll(async () => {
  await open.close();
});

function paramsFor(r: RouteUnderTest, hostile: boolean): Record<string, string | string[]> {
  return Object.fromEntries(
    r.params.map((p) => {
      if (p === "unknown") return [p, ["fuzz", hostile ? "\u0000" : "x"]];
      if (hostile) return [p, "\u0000'; drop table users; --\ud800" + "%2e%2e/".repeat(50)];
      return [p, ids[p] ?? crypto.randomUUID()];
    }),
  );
}

async function send(r: RouteUnderTest, payload: Payload, hostileParams = false) {
  const token = SELF_DESTRUCTIVE.has(r.route) ? throwaway.token : owner.token;
  const body = payload.body();
  const init: RequestInit & { duplex?: "half" } = {
    method: r.method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": payload.type ?? "application/json",
    },
    body: body === "" ? null : body,
  };
  if (body instanceof ReadableStream) init.duplex = "half";
  const res = await r.handler(
    new Request(`http://localhost/api/v1/${r.route}?before=99999-01-01&limit=NaN`, init),
    {
      params: Promise.resolve(paramsFor(r, hostileParams)),
    },
  );
  const text = await res.text();
  return { status: res.status, text };
}

/** What is wrong with one answer, if anything: a 5xx, or a non-2xx without the error shape. */
function problemWith(where: string, res: { status: number; text: string }): string | null {
  if (res.status >= 500) return `${where} answered ${res.status}: ${res.text.slice(0, 200)}`;
  if (res.status < 300) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    return `${where} answered ${res.status} without JSON: ${res.text.slice(0, 200)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const hasShape = typeof error?.code === "string" && typeof error.message === "string";
  return hasShape
    ? null
    : `${where} answered ${res.status} without the error shape: ${res.text.slice(0, 200)}`;
}

describe("fuzzing every write route", () => {
  it("finds the write routes on disk", async () => {
    const routes = await writeRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.map((r) => `${r.method} ${r.route}`)).toEqual(
      expect.arrayContaining(["POST tokens", "POST users", "PUT campaigns/[campaignId]/my-record"]),
    );
  });

  it("never answers 5xx and always uses the error shape", async () => {
    const routes = await writeRoutes();
    // Routes that end things (sessions, campaigns, the caller's own access) go last, so the
    // rest are fuzzed against live objects.
    const last = (r: RouteUnderTest) =>
      r.method === "DELETE" || SELF_DESTRUCTIVE.has(r.route) || /\/(end|pause|close)$/.test(r.route)
        ? 1
        : 0;
    routes.sort((a, b) => last(a) - last(b));
    // Collected, not asserted one by one, so a regression shows every route it breaks.
    const problems: string[] = [];
    const note = (p: string | null) => p !== null && problems.push(p);
    for (const r of routes) {
      for (const payload of payloads)
        note(problemWith(`${r.method} ${r.route} with ${payload.name}`, await send(r, payload)));
      note(
        problemWith(
          `${r.method} ${r.route} with hostile path parameters`,
          await send(r, payloads[7]!, true),
        ),
      );
    }
    expect(problems).toEqual([]);
    // Prototype keys must not have polluted anything on the way.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
