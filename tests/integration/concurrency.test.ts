/**
 * Races that must not break the rules: an invite's use limit, and "a collective always has
 * an organizer". The requests are fired together; on PostgreSQL (test:pg) they truly run at
 * once, on PGlite they interleave at every await.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as collectivesRoute from "@/app/api/v1/collectives/route";
import * as invitesRoute from "@/app/api/v1/collectives/[id]/invites/route";
import * as acceptRoute from "@/app/api/v1/invites/[token]/accept/route";
import * as memberRoute from "@/app/api/v1/collectives/[id]/members/[userId]/route";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { person, type Person } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

let n = 0;
const handle = (p: string) => `${p}${++n}_${Math.random().toString(36).slice(2, 6)}`;

async function collectiveOf(organizer: Person): Promise<string> {
  const c = await call(collectivesRoute.POST, "POST", "/x", {
    token: organizer.token,
    body: { name: handle("Race group ") },
  });
  expect(c.status).toBe(201);
  return (c.json as { id: string }).id;
}

async function invite(organizer: Person, id: string, body: object): Promise<string> {
  const inv = await call(invitesRoute.POST, "POST", "/x", {
    token: organizer.token,
    params: { id },
    body,
  });
  expect(inv.status).toBe(201);
  return (inv.json as { token: string }).token;
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await open.executeSql(sql, params);
  const [row] = rows as { n: number }[];
  return Number(row?.n ?? -1);
}

const organizers = (collectiveId: string) =>
  count(
    "select count(*)::int as n from memberships where collective_id = $1 and role = 'organizer'",
    [collectiveId],
  );

/** A collective with exactly two organizers, A (its creator) and B. */
async function twoOrganizers() {
  const a = await person(handle("race_a"));
  const id = await collectiveOf(a);
  const b = await person(handle("race_b"));
  const accepted = await call(acceptRoute.POST, "POST", "/x", {
    token: b.token,
    params: { token: await invite(a, id, { role: "organizer" }) },
  });
  expect(accepted.status).toBe(200);
  expect(await organizers(id)).toBe(2);
  return { id, a, b };
}

describe("concurrency", () => {
  it("20 people accepting an invite limited to 3 uses at once: exactly 3 join", async () => {
    const org = await person(handle("race_org"));
    const id = await collectiveOf(org);
    const token = await invite(org, id, { role: "member", maxUses: 3 });
    const people: Person[] = [];
    for (let i = 0; i < 20; i++) people.push(await person(handle("race_p")));

    const results = await Promise.all(
      people.map((p) =>
        call(acceptRoute.POST, "POST", "/x", { token: p.token, params: { token } }),
      ),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 410)).toBe(true);
    expect(
      await count("select count(*)::int as n from memberships where collective_id = $1", [id]),
    ).toBe(4);
    expect(await count("select uses::int as n from invites where collective_id = $1", [id])).toBe(
      3,
    );
  });

  it("two organizers demoting each other at once: one organizer remains", async () => {
    const { id, a, b } = await twoOrganizers();
    const [ab, ba] = await Promise.all([
      call(memberRoute.PATCH, "PATCH", "/x", {
        token: a.token,
        params: { id, userId: b.userId },
        body: { role: "member" },
      }),
      call(memberRoute.PATCH, "PATCH", "/x", {
        token: b.token,
        params: { id, userId: a.userId },
        body: { role: "member" },
      }),
    ]);
    expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
    expect(await organizers(id)).toBe(1);
  });

  it("two organizers leaving at once: one organizer remains", async () => {
    const { id, a, b } = await twoOrganizers();
    const [la, lb] = await Promise.all([
      call(memberRoute.DELETE, "DELETE", "/x", {
        token: a.token,
        params: { id, userId: a.userId },
      }),
      call(memberRoute.DELETE, "DELETE", "/x", {
        token: b.token,
        params: { id, userId: b.userId },
      }),
    ]);
    expect([la.status, lb.status].sort()).toEqual([204, 409]);
    expect(await organizers(id)).toBe(1);
  });

  it("one organizer removing the other while that one demotes them: one organizer remains", async () => {
    const { id, a, b } = await twoOrganizers();
    const [removeB, demoteA] = await Promise.all([
      call(memberRoute.DELETE, "DELETE", "/x", {
        token: a.token,
        params: { id, userId: b.userId },
      }),
      call(memberRoute.PATCH, "PATCH", "/x", {
        token: b.token,
        params: { id, userId: a.userId },
        body: { role: "member" },
      }),
    ]);
    expect([removeB.status, demoteA.status].filter((s) => s === 200 || s === 204)).toHaveLength(1);
    expect(await organizers(id)).toBe(1);
  });
});
