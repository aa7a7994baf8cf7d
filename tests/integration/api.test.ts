import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as users from "@/app/api/v1/users/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[tokenId]/route";
import * as me from "@/app/api/v1/me/route";
import * as collectives from "@/app/api/v1/collectives/route";
import * as collective from "@/app/api/v1/collectives/[id]/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as invite from "@/app/api/v1/collectives/[id]/invites/[inviteId]/route";
import * as accept from "@/app/api/v1/invites/[token]/accept/route";
import * as members from "@/app/api/v1/collectives/[id]/members/route";
import * as member from "@/app/api/v1/collectives/[id]/members/[userId]/route";
import * as audit from "@/app/api/v1/collectives/[id]/audit/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const password = "correct horse battery";

async function account(handle: string) {
  const created = await call(users.POST, "POST", "/api/v1/users", { body: { handle, password } });
  expect(created.status).toBe(201);
  const t = await call(tokens.POST, "POST", "/api/v1/tokens", {
    body: { handle, password, name: "test" },
  });
  expect(t.status).toBe(201);
  const { token: secret, id } = t.json as { token: string; id: string };
  const { id: userId } = created.json as { id: string };
  return { token: secret, tokenId: id, userId };
}

function expectError(res: { status: number; json: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe("/api/v1", () => {
  it("runs the whole flow with bearer tokens", async () => {
    const org = await account("api_org");
    const mem = await account("api_member");

    const c = await call(collectives.POST, "POST", "/api/v1/collectives", {
      token: org.token,
      body: { name: "Couriers", platform: "DeliverIt" },
    });
    expect(c.status).toBe(201);
    const { id } = c.json as { id: string };
    expect(c.json).toMatchObject({ name: "Couriers", role: "organizer" });

    const inv = await call(invites.POST, "POST", "/x", {
      token: org.token,
      params: { id },
      body: { role: "member" },
    });
    expect(inv.status).toBe(201);
    const { token: inviteToken, url } = inv.json as { token: string; url: string };
    expect(url).toBe(`http://localhost/join/${inviteToken}`);

    const joined = await call(accept.POST, "POST", "/x", {
      token: mem.token,
      params: { token: inviteToken },
    });
    expect(joined).toMatchObject({ status: 200, json: { collectiveId: id, role: "member" } });

    const meRes = await call(me.GET, "GET", "/api/v1/me", { token: mem.token });
    expect(meRes.json).toMatchObject({
      handle: "api_member",
      collectives: [{ id, name: "Couriers", role: "member" }],
    });

    const got = await call(collective.GET, "GET", "/x", { token: mem.token, params: { id } });
    expect(got.json).toMatchObject({
      id,
      name: "Couriers",
      platform: "DeliverIt",
      memberCount: 2,
      role: "member",
    });

    const seen = await call(members.GET, "GET", "/x", { token: mem.token, params: { id } });
    expect(seen.json).toEqual({ count: 2 });

    const promoted = await call(member.PATCH, "PATCH", "/x", {
      token: org.token,
      params: { id, userId: mem.userId },
      body: { role: "facilitator" },
    });
    expect(promoted).toMatchObject({ status: 200, json: { role: "facilitator" } });

    const log = await call(audit.GET, "GET", "/x?limit=1", { token: org.token, params: { id } });
    expect(log.json).toMatchObject({
      events: [{ action: "member.role_changed", actor: "api_org" }],
    });

    const removed = await call(member.DELETE, "DELETE", "/x", {
      token: org.token,
      params: { id, userId: mem.userId },
    });
    expect(removed.status).toBe(204);
    expectError(
      await call(collective.GET, "GET", "/x", { token: mem.token, params: { id } }),
      404,
      "not_found",
    );
  });

  it("answers errors with the documented shape and status", async () => {
    const org = await account("api_err_org");
    const other = await account("api_err_other");
    expectError(await call(me.GET, "GET", "/api/v1/me"), 401, "unauthenticated");
    expectError(
      await call(me.GET, "GET", "/api/v1/me", { token: "cct_nope" }),
      401,
      "unauthenticated",
    );
    const crossSite = await call(collectives.POST, "POST", "/api/v1/collectives", {
      body: { name: "Forged" },
      headers: {
        cookie: "next-auth.session-token=x",
        origin: "https://evil.example",
        host: "localhost",
      },
    });
    expectError(crossSite, 403, "forbidden");
    expectError(
      await call(users.POST, "POST", "/api/v1/users", { rawBody: "{nope" }),
      422,
      "validation",
    );
    const { GET: unknownRoute } = await import("@/app/api/v1/[...unknown]/route");
    expectError(await call(unknownRoute, "GET", "/api/v1/nothing"), 404, "not_found");
    expectError(
      await call(users.POST, "POST", "/api/v1/users", {
        body: { handle: "api_err_org", password },
      }),
      409,
      "conflict",
    );
    const bad = await call(users.POST, "POST", "/api/v1/users", {
      body: { handle: "x", password: "1" },
    });
    expectError(bad, 422, "validation");
    expect(bad.json).toMatchObject({
      error: { fields: { handle: expect.any(Array), password: expect.any(Array) } },
    });

    const c = await call(collectives.POST, "POST", "/x", {
      token: org.token,
      body: { name: "Pickers" },
    });
    const { id } = c.json as { id: string };
    expectError(
      await call(collective.GET, "GET", "/x", { token: other.token, params: { id } }),
      404,
      "not_found",
    );
    expectError(
      await call(collective.GET, "GET", "/x", { token: other.token, params: { id: "123" } }),
      404,
      "not_found",
    );

    const inv = await call(invites.POST, "POST", "/x", {
      token: org.token,
      params: { id },
      body: { maxUses: 1 },
    });
    const { token: t1, id: inviteId } = inv.json as { token: string; id: string };
    await call(accept.POST, "POST", "/x", { token: other.token, params: { token: t1 } });
    expectError(
      await call(invites.POST, "POST", "/x", { token: other.token, params: { id }, body: {} }),
      403,
      "forbidden",
    );
    expectError(
      await call(member.PATCH, "PATCH", "/x", {
        token: org.token,
        params: { id, userId: other.userId },
        body: { role: "boss" },
      }),
      422,
      "validation",
    );
    expectError(
      await call(member.PATCH, "PATCH", "/x", {
        token: org.token,
        params: { id, userId: org.userId },
        body: { role: "member" },
      }),
      409,
      "conflict",
    );

    const third = await account("api_err_third");
    expectError(
      await call(accept.POST, "POST", "/x", { token: third.token, params: { token: t1 } }),
      410,
      "gone",
    );
    expect(
      (await call(invite.DELETE, "DELETE", "/x", { token: org.token, params: { id, inviteId } }))
        .status,
    ).toBe(204);
    expectError(
      await call(accept.POST, "POST", "/x", {
        token: third.token,
        params: { token: "inv_unknown" },
      }),
      404,
      "not_found",
    );

    expect(
      (
        await call(token.DELETE, "DELETE", "/x", {
          token: third.token,
          params: { tokenId: third.tokenId },
        })
      ).status,
    ).toBe(204);
    expectError(
      await call(me.GET, "GET", "/api/v1/me", { token: third.token }),
      401,
      "unauthenticated",
    );
  });

  it("slows down repeated wrong passwords with 429 and one generic message", async () => {
    await account("api_victim");
    const attempt = (pw: string) =>
      call(tokens.POST, "POST", "/api/v1/tokens", {
        body: { handle: "api_victim", password: pw, name: "t" },
      });
    const first = await attempt("wrong password 1");
    expectError(first, 401, "unauthenticated");
    const unknown = await call(tokens.POST, "POST", "/x", {
      body: { handle: "nobody_here", password: "x", name: "t" },
    });
    expect((unknown.json as { error: { message: string } }).error.message).toBe(
      (first.json as { error: { message: string } }).error.message,
    );
    for (let i = 2; i <= 5; i++) await attempt(`wrong password ${i}`);
    const locked = await attempt(password);
    expectError(locked, 429, "rate_limited");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
