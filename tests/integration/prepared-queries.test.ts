/**
 * Prepared queries (db/queries/prepared.ts). On PGlite they run as named statements through
 * the wire protocol (parsed once, then Bind/Execute/Sync per run); whatever path runs them,
 * they must give what drizzle's own execution of the same query gives: values, NULLs, types,
 * errors, and rows seen from inside or outside a transaction. The file also runs against
 * PostgreSQL (TEST_DATABASE_URL), where drizzle's node-postgres driver runs them; the checks
 * that the named path was really taken, and DEALLOCATE, are PGlite's alone.
 */
import type { PGlite } from "@electric-sql/pglite";
import { and, count, eq, gte, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db, OpenDatabase } from "@/db";
import { findRecord, recordConfirmation, upsertRecord } from "@/db/queries/campaign-records";
import { campaignCounts, findCampaign, findCampaignForViewer } from "@/db/queries/campaigns";
import { findMembership, insertCollectiveWithOrganizer } from "@/db/queries/collectives";
import { preparedPer } from "@/db/queries/prepared";
import { campaignRecords, memberships, users } from "@/db/schema";
import { insertGigPlantCampaign } from "../helpers/campaigns";
import { freshDatabase } from "../helpers/db";

let open: OpenDatabase;
let db: Db;
/** The PGlite client under drizzle; null on PostgreSQL. */
let pglite: PGlite | null;

const unicode = "Zoë ✓ 𝄞";
const awkward = `it's "quoted" \\ back\\slashed \\x00 ${unicode} 🎉`;

let collectiveId: string;
let campaignId: string;
let alice: string; // organizer; record confirmed
let bob: string; // member; record written twice, not participating
let carol: string; // member; plaintext (legacy) record with a failed confirmation
let dave: string; // member; no record

beforeAll(async () => {
  open = await freshDatabase();
  db = open.db;
  pglite = open.kind === "pglite" ? (db as unknown as { $client: PGlite }).$client : null;

  const addUser = async (handle: string, email: string | null) => {
    const [row] = await db
      .insert(users)
      .values({ handle, handleKey: handle.toLowerCase(), email, passwordHash: "x" })
      .returning({ id: users.id });
    if (!row) throw new Error("no user");
    return row.id;
  };
  alice = await addUser(unicode, null);
  bob = await addUser(awkward, "o'brien@example.org");
  carol = await addUser("carol", null);
  dave = await addUser("dave", "dave@example.org");
  collectiveId = (
    await insertCollectiveWithOrganizer(db, {
      name: `Couriers ${unicode}`,
      description: "",
      platform: "",
      organizerId: alice,
    })
  ).id;
  await db.insert(memberships).values([
    { collectiveId, userId: bob, role: "member" },
    { collectiveId, userId: carol, role: "member" },
    { collectiveId, userId: dave, role: "facilitator" },
  ]);
  campaignId = (await insertGigPlantCampaign(db, collectiveId)).id;

  const instruction = { participates: true, changes: [], steps: [`Write “zqx” ${unicode}`] };
  await upsertRecord(db, {
    campaignId,
    userId: alice,
    collectiveId,
    fields: { bio: `ich heiße ${unicode}`, city: "Zürich" },
    instruction,
    isParticipating: true,
  });
  await recordConfirmation(db, {
    campaignId,
    userId: alice,
    isOk: true,
    fields: { bio: `zqx ${unicode}` },
  });
  for (const bio of ["first", `second ${awkward}`]) {
    // The second write replaces the first through a prepared UPDATE (uuid and boolean params).
    await upsertRecord(db, {
      campaignId,
      userId: bob,
      collectiveId,
      fields: { bio },
      instruction: { participates: false, changes: [], steps: [] },
      isParticipating: false,
    });
  }
  await db.insert(campaignRecords).values({
    campaignId,
    userId: carol,
    collectiveId,
    fields: { bio: "plain \\ text ✓" },
    instruction: { participates: true, changes: [], steps: ["x"] },
    confirmationsFailed: 1,
  });
});

afterAll(async () => {
  await open.close();
});

type Placeholder = ReturnType<typeof sql.placeholder>;

/** Every column type the app reads, and a few raw ones drizzle does not decode. */
function probeQuery(handle: Db, campaign: Placeholder | string) {
  return handle
    .select({
      userId: users.id,
      handle: users.handle,
      email: users.email,
      createdAt: users.createdAt,
      // Raw timestamptz and date: drizzle's parsers keep PostgreSQL's text.
      createdAtText: sql<string>`${users.createdAt}`,
      createdOn: sql<string>`${users.createdAt}::date`,
      interval: sql<string>`interval '1 day 02:03:04'`,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
      fields: campaignRecords.fields,
      instruction: campaignRecords.instruction,
      sealed: campaignRecords.sealed,
      keyId: campaignRecords.keyId,
      isParticipating: campaignRecords.isParticipating,
      confirmedAt: campaignRecords.confirmedAt,
      confirmationsOk: campaignRecords.confirmationsOk,
      confirmationsFailed: campaignRecords.confirmationsFailed,
      rows: sql<number>`count(*) over ()`,
      jsonLiteral: sql<unknown>`jsonb_build_object('a', 1, 'b', array['x', ${unicode}::text], 'c', null)`,
    })
    .from(campaignRecords)
    .innerJoin(users, eq(users.id, campaignRecords.userId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.collectiveId, campaignRecords.collectiveId),
        eq(memberships.userId, campaignRecords.userId),
      ),
    )
    .where(eq(campaignRecords.campaignId, campaign))
    .orderBy(users.handleKey);
}

const probe = preparedPer((handle) =>
  probeQuery(handle, sql.placeholder("campaignId")).prepare("test_prepared_probe"),
);

interface EchoParams {
  userId: string;
  handle: string;
  text: string | null;
  note: string | null;
  at: Date | null;
  since: Date;
}

/** Parameters echoed back, and used to find a row. */
function echoQuery(handle: Db, p: { [K in keyof EchoParams]: EchoParams[K] | Placeholder }) {
  return handle
    .select({
      handle: users.handle,
      text: sql<string | null>`${p.text}::text`,
      textLength: sql<number>`char_length(${p.text}::text)`,
      note: sql<string>`coalesce(${p.note}::text, 'none')`,
      noteIsNull: sql<boolean>`${p.note}::text is null`,
      at: sql<Date | null>`${p.at}::timestamptz`.mapWith(users.createdAt),
    })
    .from(users)
    .where(and(eq(users.id, p.userId), eq(users.handle, p.handle), gte(users.createdAt, p.since)));
}

const echo = preparedPer((handle) =>
  echoQuery(handle, {
    userId: sql.placeholder("userId"),
    handle: sql.placeholder("handle"),
    text: sql.placeholder("text"),
    note: sql.placeholder("note"),
    at: sql.placeholder("at"),
    since: sql.placeholder("since"),
  }).prepare("test_prepared_echo"),
);

const recordCount = preparedPer((handle) =>
  handle
    .select({ n: count() })
    .from(campaignRecords)
    .where(eq(campaignRecords.campaignId, sql.placeholder("campaignId")))
    .prepare("test_prepared_record_count"),
);

/**
 * Runs `fn` and reports which protocol batches the named path sent to PGlite meanwhile:
 * "P" (Parse and Describe: preparing) or "B" (Bind and Execute: a run). Null on PostgreSQL.
 * PGlite's own query() and exec() go through execProtocolStream, never execProtocol.
 */
async function watchNamed<T>(fn: () => Promise<T>): Promise<{ result: T; sent: string[] | null }> {
  if (!pglite) return { result: await fn(), sent: null };
  const spy = vi.spyOn(pglite, "execProtocol");
  try {
    const result = await fn();
    return { result, sent: spy.mock.calls.map(([bytes]) => String.fromCharCode(bytes[0] ?? 0)) };
  } finally {
    spy.mockRestore();
  }
}

/** The database's error code: drizzle wraps the driver's error as its `cause`. */
function codeOf(err: unknown): unknown {
  for (let e = err; typeof e === "object" && e !== null; e = Reflect.get(e, "cause")) {
    const code: unknown = Reflect.get(e, "code");
    if (typeof code === "string") return code;
  }
  return undefined;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the query to fail");
    },
    (err: unknown) => err,
  );

describe("prepared queries give what drizzle's own execution gives", () => {
  it("returns the same values and types: dates, NULLs, jsonb, booleans, integers, uuids, text", async () => {
    const plain = await probeQuery(db, campaignId);
    const first = await watchNamed(() => probe(db).execute({ campaignId }));
    const again = await watchNamed(() => probe(db).execute({ campaignId }));
    if (open.kind === "pglite") {
      // Prepared once (this query's first run), then one Bind/Execute/Sync per run.
      expect(first.sent).toEqual(["P", "B"]);
      expect(again.sent).toEqual(["B"]);
    }
    expect(first.result).toEqual(plain);
    expect(again.result).toEqual(plain);

    const rows = again.result;
    expect(rows.map((r) => r.userId)).toEqual([carol, bob, alice]);
    const [c, b, a] = rows;
    if (!a || !b || !c) throw new Error("missing rows");
    for (const r of rows) {
      expect(r.createdAt).toBeInstanceOf(Date);
      expect(typeof r.createdAtText).toBe("string");
      expect(new Date(r.createdAtText).getTime()).toBe(r.createdAt.getTime());
      expect(r.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(typeof r.interval).toBe("string");
      expect(r.joinedAt).toBeInstanceOf(Date);
      expect(Number(r.rows)).toBe(3);
      expect(r.jsonLiteral).toEqual({ a: 1, b: ["x", unicode], c: null });
    }
    expect(a.handle).toBe(unicode);
    expect(a.email).toBeNull();
    expect(a.role).toBe("organizer");
    expect(a.confirmedAt).toBeInstanceOf(Date);
    expect(a.confirmationsOk).toBe(1);
    expect(a.isParticipating).toBe(true);
    expect(a.fields).toBeNull(); // sealed
    expect(typeof a.sealed).toBe("string");
    expect(a.keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(b.handle).toBe(awkward);
    expect(b.email).toBe("o'brien@example.org");
    expect(b.isParticipating).toBe(false);
    expect(b.confirmedAt).toBeNull();
    expect(c.fields).toEqual({ bio: "plain \\ text ✓" });
    expect(c.instruction).toEqual({ participates: true, changes: [], steps: ["x"] });
    expect(c.sealed).toBeNull();
    expect(c.keyId).toBeNull();
    expect(c.confirmationsFailed).toBe(1);
  });

  it("returns count() as the same number", async () => {
    const [plain] = await db
      .select({ n: count() })
      .from(campaignRecords)
      .where(eq(campaignRecords.campaignId, campaignId));
    const { result, sent } = await watchNamed(() => recordCount(db).execute({ campaignId }));
    if (sent) expect(sent.at(-1)).toBe("B");
    expect(result).toEqual([plain]);
    expect(result).toEqual([{ n: 3 }]);
    expect(await campaignCounts(db, { campaignId })).toEqual({
      records: 3,
      active: 1,
      attempted: 2,
      failing: 1,
    });
    const other = "00000000-0000-4000-8000-000000000000";
    expect(await recordCount(db).execute({ campaignId: other })).toEqual([{ n: 0 }]);
    expect(await campaignCounts(db, { campaignId: other })).toEqual({
      records: 0,
      active: 0,
      attempted: 0,
      failing: 0,
    });
  });

  it("reads records, memberships and campaigns as the unprepared queries do", async () => {
    const { result: record, sent } = await watchNamed(() =>
      findRecord(db, { campaignId, userId: alice }),
    );
    if (sent) expect(sent).toContain("B");
    const [row] = await db
      .select()
      .from(campaignRecords)
      .where(and(eq(campaignRecords.campaignId, campaignId), eq(campaignRecords.userId, alice)));
    expect(record).toMatchObject({
      campaignId,
      userId: alice,
      collectiveId,
      isParticipating: true,
      confirmationsOk: 1,
      confirmationsFailed: 0,
      confirmedAt: row?.confirmedAt,
      updatedAt: row?.updatedAt,
      fields: { bio: `ich heiße ${unicode}`, city: "Zürich" },
      confirmedFields: { bio: `zqx ${unicode}` },
    });
    expect(record?.confirmedAt).toBeInstanceOf(Date);
    expect((await findRecord(db, { campaignId, userId: bob }))?.fields).toEqual({
      bio: `second ${awkward}`,
    });
    expect(await findRecord(db, { campaignId, userId: dave })).toBeNull();

    const [member] = await db
      .select({ role: memberships.role, joinedAt: memberships.joinedAt })
      .from(memberships)
      .where(and(eq(memberships.collectiveId, collectiveId), eq(memberships.userId, dave)));
    expect(await findMembership(db, { collectiveId, userId: dave })).toEqual(member);
    expect(member?.role).toBe("facilitator");

    const viewed = await findCampaignForViewer(db, { campaignId, userId: carol });
    expect(viewed?.role).toBe("member");
    expect(viewed?.campaign).toEqual(await findCampaign(db, { campaignId }));
    expect(viewed?.campaign.createdAt).toBeInstanceOf(Date);
    expect(viewed?.campaign.launchedAt).toBeNull();
    expect(viewed?.campaign.data).toMatchObject({ label: "label", text: ["bio"] });
    const stranger = await findCampaignForViewer(db, {
      campaignId,
      userId: "00000000-0000-4000-8000-000000000001",
    });
    expect(stranger?.role).toBeNull();
  });
});

describe("prepared query parameters", () => {
  const base = () => ({
    userId: bob,
    handle: awkward,
    text: awkward,
    note: null as string | null,
    at: new Date("2024-02-29T23:59:58.123Z"),
    since: new Date("2000-01-01T00:00:00Z"),
  });

  it("binds text with quotes, backslashes and unicode, uuids, Dates, NULL and undefined", async () => {
    const p = base();
    const plain = await echoQuery(db, p);
    const { result, sent } = await watchNamed(() => echo(db).execute(p));
    if (sent) expect(sent.at(-1)).toBe("B");
    expect(result).toEqual(plain);
    expect(result).toEqual([
      {
        handle: awkward,
        text: awkward,
        textLength: [...awkward].length,
        note: "none",
        noteIsNull: true,
        at: p.at,
      },
    ]);
    expect(await echo(db).execute({ ...p, note: undefined })).toEqual(result);
    expect(await echo(db).execute({ ...p, text: null, note: unicode, at: null })).toEqual([
      { handle: awkward, text: null, textLength: null, note: unicode, noteIsNull: false, at: null },
    ]);
    // The Date filter really applies.
    expect(await echo(db).execute({ ...p, since: new Date(Date.now() + 86_400_000) })).toEqual([]);
    expect(
      await echo(db).execute({ ...p, userId: alice, handle: unicode, text: "", note: "" }),
    ).toEqual([
      { handle: unicode, text: "", textLength: 0, note: "", noteIsNull: false, at: p.at },
    ]);
  });

  it("rejects with the server's error when binding fails, and runs again afterwards", async () => {
    const bad = await rejection(findRecord(db, { campaignId: "not-a-uuid", userId: alice }));
    expect(codeOf(bad)).toBe("22P02");
    expect(String(bad)).not.toMatch(/prepared statement/);
    const { result, sent } = await watchNamed(() => findRecord(db, { campaignId, userId: alice }));
    // Still prepared: no Parse again.
    if (sent) expect(sent).toEqual(["B"]);
    expect(result?.userId).toBe(alice);

    const p = { ...base(), userId: "00000000-0000-0000-0000-00000000000g" };
    expect(codeOf(await rejection(echo(db).execute(p)))).toBe("22P02");
    expect(codeOf(await rejection(echo(db).execute({ ...base(), text: "\u0000" })))).toMatch(/^22/);
    expect(await echo(db).execute(base())).toHaveLength(1);
    expect((await campaignCounts(db, { campaignId })).records).toBe(3);
  });

  it("prepares again after the server dropped its statements (DEALLOCATE ALL)", async () => {
    await findMembership(db, { collectiveId, userId: bob }); // prepared before the drop
    if (pglite) await pglite.exec("DEALLOCATE ALL");
    const { result, sent } = await watchNamed(() =>
      findMembership(db, { collectiveId, userId: bob }),
    );
    if (sent) expect(sent).toEqual(["B", "P", "B"]);
    expect(result?.role).toBe("member");
    expect(result?.joinedAt).toBeInstanceOf(Date);
    if (pglite) await pglite.query("DEALLOCATE ALL");
    expect(await campaignCounts(db, { campaignId })).toMatchObject({ records: 3, active: 1 });
    expect(await probe(db).execute({ campaignId })).toEqual(await probeQuery(db, campaignId));
    expect((await findRecord(db, { campaignId, userId: alice }))?.confirmationsOk).toBe(1);
    for (const expected of [["B", "P", "B"], ["B"]]) {
      const again = await watchNamed(() => findMembership(db, { collectiveId, userId: bob }));
      if (again.sent) expect(again.sent).toEqual(expected);
      expect(again.result?.role).toBe("member");
    }
  });
});

describe("prepared queries and other work on the same database", () => {
  it("runs 50 at once among other queries and a transaction without mixing results", async () => {
    const people = [alice, bob, carol, dave];
    const handles = new Map([
      [alice, unicode],
      [bob, awkward],
      [carol, "carol"],
      [dave, "dave"],
    ]);
    const roles = new Map([
      [alice, "organizer"],
      [bob, "member"],
      [carol, "member"],
      [dave, "facilitator"],
    ]);
    const expectedProbe = await probeQuery(db, campaignId);
    const checks: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      const userId = people[i % people.length] ?? alice;
      const text = `${i} ${[...awkward].slice(0, i % 20).join("")}`;
      checks.push(
        echo(db)
          .execute({
            userId,
            handle: handles.get(userId),
            text,
            note: i % 3 === 0 ? null : `n${i}`,
            at: new Date(1_700_000_000_000 + i),
            since: new Date(0),
          })
          .then((rows) => {
            expect(rows).toEqual([
              {
                handle: handles.get(userId),
                text,
                textLength: [...text].length,
                note: i % 3 === 0 ? "none" : `n${i}`,
                noteIsNull: i % 3 === 0,
                at: new Date(1_700_000_000_000 + i),
              },
            ]);
          }),
      );
      if (i % 5 === 0) {
        checks.push(
          findMembership(db, { collectiveId, userId }).then((m) => {
            expect(m?.role).toBe(roles.get(userId));
          }),
          db
            .select({ handle: users.handle })
            .from(users)
            .where(eq(users.id, userId))
            .then((rows) => {
              expect(rows).toEqual([{ handle: handles.get(userId) }]);
            }),
        );
      }
      if (i % 10 === 0) {
        checks.push(
          probe(db)
            .execute({ campaignId })
            .then((rows) => {
              expect(rows).toEqual(expectedProbe);
            }),
          campaignCounts(db, { campaignId }).then((counts) => {
            expect(counts.records).toBe(3);
          }),
        );
      }
      if (i === 25) {
        checks.push(
          db
            .transaction(async (tx) => {
              const [row] = await tx
                .insert(users)
                .values({ handle: "erin", handleKey: "erin-tx", passwordHash: "x" })
                .returning({ id: users.id });
              if (!row) throw new Error("no user");
              await tx
                .insert(campaignRecords)
                .values({ campaignId, userId: row.id, collectiveId, fields: { bio: "tx" } });
              expect((await recordCount(tx).execute({ campaignId }))[0]?.n).toBe(4);
              tx.rollback();
            })
            .then(
              () => {
                throw new Error("expected a rollback");
              },
              (err: unknown) => {
                expect(String(err)).toMatch(/rollback/i);
              },
            ),
        );
      }
    }
    await Promise.all(checks);
    expect(await recordCount(db).execute({ campaignId })).toEqual([{ n: 3 }]);
  });

  it("never runs inside another caller's transaction", async () => {
    let during: Promise<{ n: number }[]> | undefined;
    const err = await rejection(
      db.transaction(async (tx) => {
        await tx
          .insert(campaignRecords)
          .values({ campaignId, userId: dave, collectiveId, fields: { bio: "uncommitted" } });
        // On the database handle, not the transaction's: it must not see the uncommitted row.
        during = recordCount(db).execute({ campaignId });
        for (let i = 0; i < 5; i++) await tx.execute(sql`select 1`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect((await recordCount(tx).execute({ campaignId }))[0]?.n).toBe(4);
        tx.rollback();
      }),
    );
    expect(String(err)).toMatch(/rollback/i);
    expect(await during).toEqual([{ n: 3 }]);
  });

  it("works on a transaction's handle and sees the transaction's own rows", async () => {
    await db.transaction(async (tx) => {
      await tx.insert(campaignRecords).values({
        campaignId,
        userId: dave,
        collectiveId,
        fields: { bio: `in tx ${unicode}` },
        instruction: { participates: true, changes: [], steps: [] },
        confirmationsOk: 1,
        confirmedAt: new Date("2025-01-02T03:04:05.678Z"),
      });
      expect(await campaignCounts(tx, { campaignId })).toEqual({
        records: 4,
        active: 2,
        attempted: 3,
        failing: 1,
      });
      const record = await findRecord(tx, { campaignId, userId: dave });
      expect(record?.fields).toEqual({ bio: `in tx ${unicode}` });
      expect(record?.confirmedAt).toEqual(new Date("2025-01-02T03:04:05.678Z"));
      expect(await probe(tx).execute({ campaignId })).toEqual(await probeQuery(tx, campaignId));
      expect(await probe(tx).execute({ campaignId })).toHaveLength(4);
      await tx.delete(campaignRecords).where(eq(campaignRecords.userId, dave));
      expect((await campaignCounts(tx, { campaignId })).records).toBe(3);
    });
    expect(await findRecord(db, { campaignId, userId: dave })).toBeNull();
    expect((await campaignCounts(db, { campaignId })).records).toBe(3);
  });

  it("names its statements apart from another copy of the module on the same database", async () => {
    // Next bundles each route separately, each with its own copy of db/queries/prepared.ts,
    // all sharing the one PGlite (db/index.ts keeps it on globalThis).
    await findMembership(db, { collectiveId, userId: alice });
    await campaignCounts(db, { campaignId });
    await probe(db).execute({ campaignId });
    // The copy prepares as many statements as the server holds (named concert_1..N here), so
    // a copy whose names started again from 1 would reuse a live one (42P05 on its Parse).
    const named = pglite
      ? (await pglite.query<{ name: string }>("select name from pg_prepared_statements")).rows
      : [];
    const statements = Math.max(3, ...named.map((r) => Number(r.name.split("_").at(-1)) || 0));
    vi.resetModules();
    const copy = await import("@/db/queries/prepared");
    expect(copy.preparedPer).not.toBe(preparedPer);
    const queries = Array.from({ length: statements }, (_, i) =>
      copy.preparedPer((handle) =>
        handle
          .select({ i: sql<number>`${sql.raw(String(i))}::int`, handle: users.handle })
          .from(users)
          .where(eq(users.id, sql.placeholder("userId")))
          .prepare(`test_prepared_copy_${i}`),
      ),
    );
    for (const [i, query] of queries.entries()) {
      expect(await query(db).execute({ userId: bob })).toEqual([{ i, handle: awkward }]);
    }
    // And the first copy's statements are still its own.
    expect((await findMembership(db, { collectiveId, userId: alice }))?.role).toBe("organizer");
    expect((await campaignCounts(db, { campaignId })).records).toBe(3);
    expect(await probe(db).execute({ campaignId })).toEqual(await probeQuery(db, campaignId));
    for (const [i, query] of queries.entries()) {
      expect(await query(db).execute({ userId: alice })).toEqual([{ i, handle: unicode }]);
    }
  });
});
