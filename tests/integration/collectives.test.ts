import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { signUp, type Actor } from "@/lib/data/accounts";
import { createCollective, getCollective } from "@/lib/data/collectives";
import {
  acceptInvite,
  createInvite,
  getInvites,
  previewInvite,
  revokeInvite,
} from "@/lib/data/invites";
import { changeMemberRole, getMembers, removeMember } from "@/lib/data/members";
import { listAudit } from "@/lib/data/audit";
import { freshDatabase } from "../helpers/db";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

let counter = 0;
async function newUser(prefix = "user"): Promise<Actor> {
  const handle = `${prefix}${++counter}`;
  const res = await signUp(open.db, { handle, password: "correct horse battery" });
  if (!res.ok) throw new Error(res.message);
  return { userId: res.value.id, handle };
}

async function newCollective(owner: Actor, name = "Riders United") {
  const res = await createCollective(open.db, owner, { name, platform: "RideCo" });
  if (!res.ok) throw new Error(res.message);
  return res.value.id;
}

async function join(
  actor: Actor,
  collectiveId: string,
  owner: Actor,
  role: "member" | "facilitator" | "organizer" = "member",
) {
  const inv = await createInvite(open.db, owner, collectiveId, { role, maxUses: 1 });
  if (!inv.ok) throw new Error(inv.message);
  const res = await acceptInvite(open.db, actor, inv.value.token);
  if (!res.ok) throw new Error(res.message);
}

describe("accounts", () => {
  it("refuses a duplicate handle regardless of case", async () => {
    await signUp(open.db, { handle: "Dup_Handle", password: "correct horse battery" });
    const again = await signUp(open.db, {
      handle: "dup_handle",
      password: "correct horse battery",
    });
    expect(again).toMatchObject({ ok: false, code: "conflict" });
  });

  it("rejects short passwords with a field message", async () => {
    const res = await signUp(open.db, { handle: "shorty", password: "short" });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.fields?.password?.[0]).toMatch(/at least 10/);
  });
});

describe("collectives and invites", () => {
  it("makes the creator organizer", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const c = await getCollective(open.db, owner, id);
    expect(c).toMatchObject({
      ok: true,
      value: { role: "organizer", memberCount: 1, platform: "RideCo" },
    });
  });

  it("joins with the invite's role and counts uses up to the limit", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const inv = await createInvite(open.db, owner, id, { role: "facilitator", maxUses: 2 });
    if (!inv.ok) throw new Error(inv.message);
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    expect(await acceptInvite(open.db, a, inv.value.token)).toMatchObject({
      ok: true,
      value: { role: "facilitator" },
    });
    // Accepting twice is harmless and does not use the invite again.
    expect(await acceptInvite(open.db, a, inv.value.token)).toMatchObject({ ok: true });
    expect(await acceptInvite(open.db, b, inv.value.token)).toMatchObject({ ok: true });
    expect(await acceptInvite(open.db, c, inv.value.token)).toMatchObject({
      ok: false,
      code: "gone",
    });
    const list = await getInvites(open.db, owner, id);
    expect(list.ok && list.value[0]).toMatchObject({ uses: 2, status: "used_up" });
  });

  it("refuses expired and revoked invites", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const inv = await createInvite(open.db, owner, id, { role: "member" });
    if (!inv.ok) throw new Error(inv.message);
    await revokeInvite(open.db, owner, id, inv.value.id);
    expect(await acceptInvite(open.db, await newUser(), inv.value.token)).toMatchObject({
      ok: false,
      code: "gone",
    });
    expect(await previewInvite(open.db, inv.value.token)).toMatchObject({
      ok: true,
      value: { status: "revoked" },
    });

    const old = await createInvite(open.db, owner, id, { role: "member", expiresInHours: 1 });
    if (!old.ok) throw new Error(old.message);
    await open.executeSql(
      "update invites set expires_at = now() - interval '1 minute' where id = $1",
      [old.value.id],
    );
    expect(await acceptInvite(open.db, await newUser(), old.value.token)).toMatchObject({
      ok: false,
      code: "gone",
    });
  });

  it("rejects bad invite input", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const res = await createInvite(open.db, owner, id, { role: "king", maxUses: 0 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.code).toBe("validation");
      expect(Object.keys(res.fields ?? {})).toEqual(expect.arrayContaining(["role", "maxUses"]));
    }
  });
});

describe("isolation", () => {
  it("hides one collective from the other's members with 404, and forbids members with 403", async () => {
    const alice = await newUser("alice");
    const bob = await newUser("bob");
    const a = await newCollective(alice, "Alpha");
    const b = await newCollective(bob, "Bravo");
    expect(await getCollective(open.db, bob, a)).toMatchObject({ ok: false, code: "not_found" });
    expect(await getMembers(open.db, alice, b)).toMatchObject({ ok: false, code: "not_found" });
    expect(await createInvite(open.db, alice, b, {})).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await getCollective(open.db, bob, "not-a-uuid")).toMatchObject({
      ok: false,
      code: "not_found",
    });

    const carol = await newUser("carol");
    await join(carol, a, alice);
    expect(await createInvite(open.db, carol, a, {})).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await listAudit(open.db, carol, a)).toMatchObject({ ok: false, code: "forbidden" });
    // An organizer of B cannot revoke A's invites by id.
    const inv = await createInvite(open.db, alice, a, {});
    if (!inv.ok) throw new Error(inv.message);
    expect(await revokeInvite(open.db, bob, b, inv.value.id)).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});

describe("members", () => {
  it("shows members only a count below five, handles from five, organizers always", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const m1 = await newUser();
    await join(m1, id, owner);
    const small = await getMembers(open.db, m1, id);
    expect(small).toEqual({ ok: true, value: { count: 2 } });
    const asOrganizer = await getMembers(open.db, owner, id);
    expect(asOrganizer.ok && asOrganizer.value.members?.length).toBe(2);
    for (let i = 0; i < 3; i++) await join(await newUser(), id, owner);
    const big = await getMembers(open.db, m1, id);
    expect(big.ok && big.value.members?.length).toBe(5);
    expect(big.ok && big.value.members?.[0]).toEqual({
      handle: expect.any(String),
      role: expect.any(String),
    });
    expect(JSON.stringify(big)).not.toMatch(/email|password/i);
  });

  it("keeps at least one organizer", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    expect(
      await changeMemberRole(open.db, owner, id, owner.userId, { role: "member" }),
    ).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(await removeMember(open.db, owner, id, owner.userId)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    const second = await newUser();
    await join(second, id, owner);
    expect(
      await changeMemberRole(open.db, owner, id, second.userId, { role: "organizer" }),
    ).toMatchObject({ ok: true });
    expect(
      await changeMemberRole(open.db, second, id, owner.userId, { role: "member" }),
    ).toMatchObject({ ok: true });
    expect(await removeMember(open.db, second, id, second.userId)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(
      await changeMemberRole(open.db, owner, id, second.userId, { role: "member" }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });

  it("lets a member leave and an organizer remove someone, logging only the organizer's act", async () => {
    const owner = await newUser();
    const id = await newCollective(owner);
    const [a, b] = [await newUser(), await newUser()];
    await join(a, id, owner);
    await join(b, id, owner);
    expect(await removeMember(open.db, a, id, a.userId)).toMatchObject({ ok: true });
    expect(await removeMember(open.db, a, id, b.userId)).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await removeMember(open.db, owner, id, b.userId)).toMatchObject({ ok: true });
    const audit = await listAudit(open.db, owner, id);
    const actions = audit.ok ? audit.value.events.map((e) => e.action) : [];
    expect(actions[0]).toBe("member.removed");
    expect(actions.filter((x) => x === "member.removed")).toHaveLength(1);
    expect(actions).toContain("invite.created");
  });
});
