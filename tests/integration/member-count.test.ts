/**
 * Large rosters' counts are reused for a few seconds; small ones are always exact, so a stale
 * count never decides whether names are shown (the minimum-count rule).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { memberCount } from "@/lib/data/member-count";
import { freshDatabase } from "../helpers/db";
import { collectiveWith } from "../helpers/people";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

async function addMembers(collectiveId: string, prefix: string, n: number) {
  await open.db.execute(sql`
    insert into users (handle, handle_key, password_hash)
    select ${prefix} || i, ${prefix} || i, 'x' from generate_series(1, ${n}) as i`);
  await open.db.execute(sql`
    insert into memberships (collective_id, user_id, role)
    select ${collectiveId}, id, 'member' from users where handle_key like ${`${prefix}%`}`);
}

describe("member counts", () => {
  it("counts small collectives exactly on every call", async () => {
    const g = await collectiveWith("mc", 3);
    const t = Date.now();
    expect(await memberCount(open.db, g.id, t)).toBe(5);
    await open.db.execute(sql`delete from memberships where user_id = ${g.members[0]!.userId}`);
    expect(await memberCount(open.db, g.id, t + 1)).toBe(4);
  });

  it("reuses a large roster's count for five seconds, then counts again", async () => {
    const g = await collectiveWith("lc", 0);
    await addMembers(g.id, "lcbulk", 1_200);
    const t = Date.now();
    expect(await memberCount(open.db, g.id, t)).toBe(1_202);
    await addMembers(g.id, "lcmore", 10);
    expect(await memberCount(open.db, g.id, t + 4_000)).toBe(1_202);
    expect(await memberCount(open.db, g.id, t + 5_001)).toBe(1_212);
  });
});
