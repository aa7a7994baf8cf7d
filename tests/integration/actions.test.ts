import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
// next-auth's core handler, as in account-lifecycle.test.ts: mints a real session cookie
// (and its auth_sessions row) without a Next request scope.
import { AuthHandler } from "../../node_modules/next-auth/core";
import type { OpenDatabase } from "@/db";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as campaign from "@/app/api/v1/campaigns/[campaignId]/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as tokens from "@/app/api/v1/tokens/route";
import { authOptions, sessionCookie } from "@/lib/auth/options";
import { fail, ok } from "@/lib/errors";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person } from "../helpers/people";

// Server actions run inside a Next request: the cookie jar, cache revalidation and redirect
// come from it. Only those three are stood in for; the session itself is a real one.
const scope = vi.hoisted(() => ({
  cookies: new Map<string, string>(),
  revalidated: [] as string[],
}));
class Redirected extends Error {
  constructor(readonly url: string) {
    super(`redirect to ${url}`);
  }
}
vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () => [...scope.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void scope.cookies.set(name, value),
  }),
  headers: async () => new Headers({ host: "localhost:3000" }),
}));
vi.mock("next/cache", () => ({
  revalidatePath: (path: string) => void scope.revalidated.push(path),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));

// Imported after the mocks are declared (vi.mock is hoisted above every import anyway).
const { authedAction, SESSION_ENDED } = await import("@/lib/actions/authed-action");
const { createTokenAction, revokeTokenAction } = await import("@/app/settings/tokens/actions");
const { revokeInviteAction } = await import("@/app/c/[collectiveId]/invites/actions");
const { removeMemberAction } = await import("@/app/c/[collectiveId]/members/actions");
const { changeCampaignStatusAction } =
  await import("@/app/c/[collectiveId]/campaigns/[campaignId]/actions");

const PASSWORD = "correct horse battery";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let open: OpenDatabase;
beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ??= "actions-test-secret-0123456789abcdef";
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});
beforeEach(() => {
  scope.cookies.clear();
  scope.revalidated.length = 0;
});

type Cookies = Record<string, string>;
const cookiesFrom = (res: { cookies?: { name: string; value: string }[] }): Cookies =>
  Object.fromEntries((res.cookies ?? []).map((c) => [c.name, c.value]));

/** Signs in through next-auth and puts the session cookie in this request's jar. */
async function signInAs(handle: string): Promise<void> {
  const csrf = await AuthHandler({
    req: { action: "csrf", method: "GET", headers: {}, cookies: {}, query: {} },
    options: authOptions(),
  });
  const csrfCookies = cookiesFrom(csrf);
  const res = await AuthHandler({
    req: {
      action: "callback",
      providerId: "credentials",
      method: "POST",
      headers: {},
      cookies: csrfCookies,
      query: {},
      body: {
        csrfToken: (csrf.body as { csrfToken: string }).csrfToken,
        handle,
        password: PASSWORD,
        callbackUrl: "/",
      },
    },
    options: authOptions(),
  });
  const value = cookiesFrom(res)[sessionCookie().name];
  expect(value, "next-auth set a session cookie").toBeTruthy();
  scope.cookies.set(sessionCookie().name, value ?? "");
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("authedAction", () => {
  it("without a live session, answers the session-ended state and never runs the use-case", async () => {
    const run = vi.fn(async () => ok("ran"));
    expect(await authedAction(run, { revalidate: "/x" })).toEqual(SESSION_ENDED);
    expect(run).not.toHaveBeenCalled();
    expect(scope.revalidated).toEqual([]);

    // A forged cookie is no session either.
    scope.cookies.set(sessionCookie().name, "not-a-jwt");
    expect(await createTokenAction(null, form({ name: "cli" }))).toEqual({
      ok: false,
      message: "Your session has ended. Sign in again.",
    });
  });

  it("hands the use-case the signed-in actor; a failure becomes the form state, with its field errors, and revalidates nothing", async () => {
    const p = await person("action_failer");
    await signInAs(p.handle);
    const seen: string[] = [];
    const state = await authedAction(
      async ({ actor }) => {
        seen.push(actor.userId);
        return fail("conflict", "Already there", { fields: { name: ["Taken"] } });
      },
      { revalidate: "/never", onSuccess: () => ({ ok: true, message: "should not show" }) },
    );
    expect(seen).toEqual([p.userId]);
    expect(state).toEqual({ ok: false, message: "Already there", fields: { name: ["Taken"] } });
    expect(scope.revalidated).toEqual([]);

    // Through a real action: the token name is validated by the use-case, per field.
    const invalid = await createTokenAction(null, form({ name: "   " }));
    expect(invalid).toEqual({
      ok: false,
      message: expect.any(String),
      fields: { name: ["Name the token"] },
    });
    expect(scope.revalidated).toEqual([]);
  });

  it("on success revalidates every named page, then answers the success state", async () => {
    const p = await person("action_winner");
    await signInAs(p.handle);
    const state = await authedAction(async ({ actor }) => ok(actor.handle), {
      revalidate: ["/a", "/b"],
      onSuccess: (handle) => ({ ok: true, message: `hello ${handle}` }),
    });
    expect(state).toEqual({ ok: true, message: "hello action_winner" });
    expect(scope.revalidated).toEqual(["/a", "/b"]);

    scope.revalidated.length = 0;
    const created = await createTokenAction(null, form({ name: "cli" }));
    expect(created).toMatchObject({ ok: true, data: { token: expect.stringMatching(/^cct_/) } });
    expect(scope.revalidated).toEqual(["/settings/tokens"]);
    const list = await call(tokens.GET, "GET", "/x", { token: p.token });
    expect((list.json as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toContain(
      "cli",
    );
  });

  it("a success that leaves the page redirects after revalidating (leaving a collective)", async () => {
    const c = await collectiveWith("leaver", 1);
    const member = c.members[0]!;
    await signInAs(member.handle);
    await expect(removeMemberAction(c.id, member.userId, null)).rejects.toMatchObject({ url: "/" });
    expect(scope.revalidated).toEqual([`/c/${c.id}/members`]);
  });
});

describe("revoke actions return their failure instead of dropping it", () => {
  it("revoking an unknown token, or someone else's, is a failure state; one's own is revoked", async () => {
    const owner = await person("token_owner");
    const other = await person("token_other");
    const created = await call(tokens.POST, "POST", "/x", {
      token: owner.token,
      body: { name: "second" },
    });
    const tokenId = (created.json as { id: string }).id;

    await signInAs(other.handle);
    expect(await revokeTokenAction(UNKNOWN_ID, null)).toEqual({
      ok: false,
      message: "No such token",
    });
    expect(await revokeTokenAction(tokenId, null)).toEqual({ ok: false, message: "No such token" });
    expect(scope.revalidated).toEqual([]);

    await signInAs(owner.handle);
    expect(await revokeTokenAction(tokenId, null)).toMatchObject({ ok: true });
    expect(scope.revalidated).toEqual(["/settings/tokens"]);
    // Gone now: revoking it again says so.
    expect(await revokeTokenAction(tokenId, null)).toEqual({ ok: false, message: "No such token" });
  });

  it("revoking an unknown invite, or without the right to, is a failure state; the organizer's revoke works", async () => {
    const c = await collectiveWith("revoker", 1);
    const made = await call(invites.POST, "POST", "/x", {
      token: c.organizer.token,
      params: { id: c.id },
      body: {},
    });
    const inviteId = (made.json as { id: string }).id;

    await signInAs(c.members[0]!.handle);
    const refused = await revokeInviteAction(c.id, inviteId, null);
    expect(refused).toMatchObject({ ok: false, message: expect.any(String) });

    await signInAs(c.organizer.handle);
    expect(await revokeInviteAction(c.id, UNKNOWN_ID, null)).toEqual({
      ok: false,
      message: "Invite not found",
    });
    expect(scope.revalidated).toEqual([]);

    expect(await revokeInviteAction(c.id, inviteId, null)).toMatchObject({ ok: true });
    expect(scope.revalidated).toEqual([`/c/${c.id}/invites`]);
    const list = await call(invites.GET, "GET", "/x", {
      token: c.organizer.token,
      params: { id: c.id },
    });
    expect(
      (list.json as { invites: { id: string; status: string }[] }).invites.find(
        (i) => i.id === inviteId,
      )?.status,
    ).toBe("revoked");
  });
});

describe("campaign controls (a one-shot form on a server action)", () => {
  it("the pressed button says what to do; a refused change reaches the form, a launch revalidates the campaign page", async () => {
    const c = await collectiveWith("launcher", 1);
    const made = await call(campaigns.POST, "POST", "/x", {
      token: c.organizer.token,
      params: { id: c.id },
      body: {
        name: "Scooters",
        sample: "gig-work",
        populationSize: 1000,
        learner: { kind: "bayes" },
        campaign: {
          goal: "plant",
          target: "accepted",
          signal: { kind: "field", column: "vehicle", value: "scooter" },
        },
        targetSuccess: 0.8,
      },
    });
    const campaignId = (made.json as { id: string }).id;
    const page = `/c/${c.id}/campaigns/${campaignId}`;

    await signInAs(c.members[0]!.handle);
    expect(
      await changeCampaignStatusAction(c.id, campaignId, null, form({ intent: "launch" })),
    ).toMatchObject({ ok: false });

    await signInAs(c.organizer.handle);
    expect(
      await changeCampaignStatusAction(c.id, campaignId, null, form({ intent: "explode" })),
    ).toMatchObject({ ok: false });
    const unknownRound = await changeCampaignStatusAction(
      c.id,
      campaignId,
      null,
      form({ intent: "launch", sessionId: "nope" }),
    );
    expect(unknownRound).toMatchObject({
      ok: false,
      fields: { sessionId: ["Not a reached consent round"] },
    });
    expect(
      await changeCampaignStatusAction(c.id, campaignId, null, form({ intent: "pause" })),
    ).toMatchObject({
      ok: false,
      message: "This campaign is draft: it cannot be paused",
    });
    expect(scope.revalidated).toEqual([]);

    expect(
      await changeCampaignStatusAction(
        c.id,
        campaignId,
        null,
        form({ intent: "launch", sessionId: "" }),
      ),
    ).toEqual({ ok: true });
    expect(scope.revalidated).toEqual([page]);
    const got = await call(campaign.GET, "GET", "/x", {
      token: c.organizer.token,
      params: { campaignId },
    });
    expect(got.json).toMatchObject({ status: "launched", authorisedBySessionId: null });
  });
});
