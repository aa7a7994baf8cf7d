import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
// next-auth's own request handler, which app/api/auth/[...nextauth]/route.ts wraps. The
// package does not export it by name, and the Next wrapper needs a live Next request scope
// (next/headers), so the tests drive the core directly: same callbacks, events and cookies.
import { AuthHandler } from "../../node_modules/next-auth/core";
import type { OpenDatabase } from "@/db";
import { authSessions, sessionItems, sessionVotes, users } from "@/db/schema";
import * as me from "@/app/api/v1/me/route";
import * as everywhere from "@/app/api/v1/me/sign-out-everywhere/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as members from "@/app/api/v1/collectives/[id]/members/[userId]/route";
import * as sessions from "@/app/api/v1/collectives/[id]/sessions/route";
import * as session from "@/app/api/v1/sessions/[sessionId]/route";
import * as statements from "@/app/api/v1/sessions/[sessionId]/statements/route";
import * as votes from "@/app/api/v1/sessions/[sessionId]/votes/route";
import * as openRoute from "@/app/api/v1/sessions/[sessionId]/open/route";
import { ACTOR_CACHE_TTL_MS } from "@/lib/auth/actor-cache";
import { authOptions, sessionCookie } from "@/lib/auth/options";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, person } from "../helpers/people";

const PASSWORD = "correct horse battery";

let open: OpenDatabase;
beforeAll(async () => {
  // Read once by lib/env.ts on first use: keeps the test away from the data folder's secret.
  process.env.NEXTAUTH_SECRET ??= "account-lifecycle-test-secret-0123456789";
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

type Cookies = Record<string, string>;

function cookiesFrom(res: { cookies?: { name: string; value: string }[] }): Cookies {
  return Object.fromEntries((res.cookies ?? []).map((c) => [c.name, c.value]));
}

async function csrf(): Promise<{ token: string; cookies: Cookies }> {
  const res = await AuthHandler({
    req: { action: "csrf", method: "GET", headers: {}, cookies: {}, query: {} },
    options: authOptions(),
  });
  const body = res.body as { csrfToken: string };
  return { token: body.csrfToken, cookies: cookiesFrom(res) };
}

/** Signs in through next-auth with the credentials provider; returns the browser's cookies. */
async function signIn(handle: string, password = PASSWORD): Promise<Cookies> {
  const c = await csrf();
  const res = await AuthHandler({
    req: {
      action: "callback",
      providerId: "credentials",
      method: "POST",
      headers: {},
      cookies: c.cookies,
      query: {},
      body: { csrfToken: c.token, handle, password, callbackUrl: "/" },
    },
    options: authOptions(),
  });
  const jar = { ...c.cookies, ...cookiesFrom(res) };
  expect(jar[sessionCookie().name], "next-auth set a session cookie").toBeTruthy();
  return jar;
}

/** Signs out through next-auth, as the Sign out button does. */
async function signOut(jar: Cookies): Promise<void> {
  const c = await csrf();
  await AuthHandler({
    req: {
      action: "signout",
      method: "POST",
      headers: {},
      cookies: { ...jar, ...c.cookies },
      query: {},
      body: { csrfToken: c.token },
    },
    options: authOptions(),
  });
}

/** The Cookie header a copy of the session cookie makes. */
const cookieHeader = (jar: Cookies) => `${sessionCookie().name}=${jar[sessionCookie().name]}`;

const meWithCookie = (cookie: string) => call(me.GET, "GET", "/api/v1/me", { headers: { cookie } });

describe("revocable sessions", () => {
  it("a copied session cookie stops working once its owner signs out", async () => {
    const p = await person("copycat_victim");
    const jar = await signIn(p.handle);
    const copied = cookieHeader(jar);
    const before = await meWithCookie(copied);
    expect(before.status).toBe(200);
    expect((before.json as { id: string }).id).toBe(p.userId);

    await signOut(jar);
    // The browser forgot its cookie; the copy is still a well-formed, unexpired JWT.
    expect((await meWithCookie(copied)).status).toBe(401);
    // Signing in again works, with a new session.
    expect((await meWithCookie(cookieHeader(await signIn(p.handle)))).status).toBe(200);
  });

  it("each sign-in is its own session: signing out one leaves the other", async () => {
    const p = await person("two_devices");
    const phone = await signIn(p.handle);
    const laptop = await signIn(p.handle);
    await signOut(phone);
    expect((await meWithCookie(cookieHeader(phone))).status).toBe(401);
    expect((await meWithCookie(cookieHeader(laptop))).status).toBe(200);
  });

  it("refuses expired sessions, sessions of someone else, and JWTs that name no session", async () => {
    const p = await person("strict_one");
    const other = await person("strict_two");
    const secret = authOptions().secret ?? "";
    const name = sessionCookie().name;
    const mint = (token: Record<string, unknown>) => encode({ token, secret });

    // A valid JWT (right secret, not expired) that names no session, as before this change.
    expect(
      (await meWithCookie(`${name}=${await mint({ sub: p.userId, name: p.handle })}`)).status,
    ).toBe(401);

    // Another person's live session id under this person's id.
    const theirs = await signIn(other.handle);
    const [theirRow] = await open.db
      .select()
      .from(authSessions)
      .where(eq(authSessions.userId, other.userId));
    expect(theirRow).toBeTruthy();
    const borrowed = await mint({ sub: p.userId, name: p.handle, sid: theirRow!.id });
    expect((await meWithCookie(`${name}=${borrowed}`)).status).toBe(401);
    expect((await meWithCookie(cookieHeader(theirs))).status).toBe(200);

    // An expired row counts as gone, even though the JWT itself is still valid. Edited here
    // behind the app's back (as another server would), it is seen once the few seconds the
    // actor cache may reuse an answer have passed (lib/auth/actor-cache.ts).
    const mine = await signIn(p.handle);
    expect((await meWithCookie(cookieHeader(mine))).status).toBe(200);
    await open.db
      .update(authSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authSessions.userId, p.userId));
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + ACTOR_CACHE_TTL_MS + 1);
    try {
      expect((await meWithCookie(cookieHeader(mine))).status).toBe(401);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("sessions last at most 7 days", async () => {
    const p = await person("week_long");
    await signIn(p.handle);
    const [row] = await open.db
      .select()
      .from(authSessions)
      .where(eq(authSessions.userId, p.userId));
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7.001);
    expect(authOptions().session?.maxAge).toBe(7 * 24 * 3600);
  });
});

describe("sign out everywhere", () => {
  it("ends every session and revokes every API token of the person, and only theirs", async () => {
    const p = await person("everywhere");
    const bystander = await person("bystander");
    const here = await signIn(p.handle);
    const elsewhere = await signIn(p.handle);
    const second = await call(tokens.POST, "POST", "/x", {
      token: p.token,
      body: { name: "script" },
    });
    const secondToken = (second.json as { token: string }).token;
    const theirs = await signIn(bystander.handle);
    // Used just before: what the server remembers of them must go too (actor-cache.ts).
    expect((await meWithCookie(cookieHeader(here))).status).toBe(200);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: secondToken })).status).toBe(200);

    expect(
      (await call(everywhere.POST, "POST", "/api/v1/me/sign-out-everywhere", { token: p.token }))
        .status,
    ).toBe(204);

    for (const jar of [here, elsewhere])
      expect((await meWithCookie(cookieHeader(jar))).status).toBe(401);
    for (const token of [p.token, secondToken]) {
      expect((await call(me.GET, "GET", "/api/v1/me", { token })).status).toBe(401);
    }
    expect((await meWithCookie(cookieHeader(theirs))).status).toBe(200);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: bystander.token })).status).toBe(200);
  });

  it("works from the session cookie too, and then that session is over as well", async () => {
    const p = await person("from_browser");
    const jar = await signIn(p.handle);
    const res = await call(everywhere.POST, "POST", "/api/v1/me/sign-out-everywhere", {
      headers: { cookie: cookieHeader(jar), origin: "http://localhost", host: "localhost" },
    });
    expect(res.status).toBe(204);
    expect((await meWithCookie(cookieHeader(jar))).status).toBe(401);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: p.token })).status).toBe(401);
  });
});

describe("deleting one's account", () => {
  it("removes the person; ballots stay in the tallies without their id, statements without author", async () => {
    const g = await collectiveWith("del", 5);
    const leaver = g.members[0]!;
    const jar = await signIn(leaver.handle);
    const created = await call(sessions.POST, "POST", "/x", {
      token: g.facilitator.token,
      params: { id: g.id },
      body: {
        title: "Asks",
        format: "statements",
        prompt: "What do we ask for?",
        seedStatements: ["Fair pay", "Less tracking"],
      },
    });
    const sessionId = (created.json as { id: string }).id;
    await call(openRoute.POST, "POST", "/x", { token: g.facilitator.token, params: { sessionId } });
    const added = await call(statements.POST, "POST", "/x", {
      token: leaver.token,
      params: { sessionId },
      body: { text: "Stop night shifts" },
    });
    expect(added.status).toBe(201);
    const statementId = (added.json as { id: string }).id;
    const view = await call(session.GET, "GET", "/x", {
      token: g.organizer.token,
      params: { sessionId },
    });
    const items = (view.json as { items: { id: string }[] }).items;
    for (const m of g.members) {
      for (const item of items) {
        const r = await call(votes.POST, "POST", "/x", {
          token: m.token,
          params: { sessionId },
          body: { statementId: item.id, vote: "agree" },
        });
        expect(r.status).toBe(200);
      }
    }
    const resultsBefore = (
      (await call(session.GET, "GET", "/x", { token: g.organizer.token, params: { sessionId } }))
        .json as { results: unknown }
    ).results;
    const votesBefore = await open.db
      .select()
      .from(sessionVotes)
      .where(eq(sessionVotes.sessionId, sessionId));
    expect(votesBefore.filter((v) => v.userId === leaver.userId)).toHaveLength(items.length);

    // Missing or wrong password: nothing happens, and the answer says why.
    expect(
      (await call(me.DELETE, "DELETE", "/api/v1/me", { token: leaver.token, body: {} })).status,
    ).toBe(422);
    const wrong = await call(me.DELETE, "DELETE", "/api/v1/me", {
      token: leaver.token,
      body: { password: "not my password" },
    });
    expect(wrong.status).toBe(403);
    expect(JSON.stringify(wrong.json)).toMatch(/not your password/i);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: leaver.token })).status).toBe(200);

    const deleted = await call(me.DELETE, "DELETE", "/api/v1/me", {
      token: leaver.token,
      body: { password: PASSWORD },
    });
    expect(deleted.status).toBe(204);

    // The account is gone, and so is every way in.
    expect(await open.db.select().from(users).where(eq(users.id, leaver.userId))).toHaveLength(0);
    expect(
      await open.db.select().from(authSessions).where(eq(authSessions.userId, leaver.userId)),
    ).toHaveLength(0);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: leaver.token })).status).toBe(401);
    expect((await meWithCookie(cookieHeader(jar))).status).toBe(401);

    // Their ballots still count, under an id that is not theirs.
    const votesAfter = await open.db
      .select()
      .from(sessionVotes)
      .where(eq(sessionVotes.sessionId, sessionId));
    expect(votesAfter).toHaveLength(votesBefore.length);
    expect(votesAfter.filter((v) => v.userId === leaver.userId)).toHaveLength(0);
    const resultsAfter = (
      (await call(session.GET, "GET", "/x", { token: g.organizer.token, params: { sessionId } }))
        .json as { results: unknown }
    ).results;
    expect(resultsAfter).toEqual(resultsBefore);
    expect(JSON.stringify(resultsAfter)).not.toContain(leaver.userId);

    // Their statement stays, without an author.
    const [statement] = await open.db
      .select()
      .from(sessionItems)
      .where(eq(sessionItems.id, statementId));
    expect(statement).toMatchObject({ text: "Stop night shifts", authorId: null });

    // The collective goes on without them.
    const roster = await call(members.PATCH, "PATCH", "/x", {
      token: g.organizer.token,
      params: { id: g.id, userId: leaver.userId },
      body: { role: "facilitator" },
    });
    expect(roster.status).toBe(404);
  });

  it("throttles password guesses made through it, like sign-in", async () => {
    const p = await person("guessed_at");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await call(me.DELETE, "DELETE", "/api/v1/me", {
            token: p.token,
            body: { password: `guess number ${i}` },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses[5]).toBe(429);
    expect((await call(me.GET, "GET", "/api/v1/me", { token: p.token })).status).toBe(200);
  });

  it("refuses the last organizer of a collective until they hand over", async () => {
    const g = await collectiveWith("lastorg", 1);
    const refused = await call(me.DELETE, "DELETE", "/api/v1/me", {
      token: g.organizer.token,
      body: { password: PASSWORD },
    });
    expect(refused.status).toBe(409);
    expect((refused.json as { error: { message: string } }).error.message).toContain(
      "lastorg group",
    );
    expect((await call(me.GET, "GET", "/api/v1/me", { token: g.organizer.token })).status).toBe(
      200,
    );

    const promoted = await call(members.PATCH, "PATCH", "/x", {
      token: g.organizer.token,
      params: { id: g.id, userId: g.facilitator.userId },
      body: { role: "organizer" },
    });
    expect(promoted.status).toBe(200);
    expect(
      (
        await call(me.DELETE, "DELETE", "/api/v1/me", {
          token: g.organizer.token,
          body: { password: PASSWORD },
        })
      ).status,
    ).toBe(204);
    expect(await open.db.select().from(users).where(eq(users.id, g.organizer.userId))).toHaveLength(
      0,
    );
  });
});
