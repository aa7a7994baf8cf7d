/**
 * bench:load's data: bulk inserts through the database's own runner (raw SQL), sized by the
 * bench's options. Used by scripts/bench-load.ts only.
 */
import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { OpenDatabase } from "@/db";
import { upsertRecord } from "@/db/queries/campaign-records";
import { hashToken } from "@/lib/auth/secret-token";

export interface Seeded {
  organizerToken: string;
  memberToken: string;
  collectiveId: string;
  sessionId: string;
  /** A statement the bench member votes on, so the results job publishes a first release. */
  statementId: string;
  campaignId: string;
  /** What was seeded (a reused folder keeps the sizes it was seeded with). */
  sizes: string;
}

const token = () => `cct_${crypto.randomBytes(24).toString("base64url")}`;

/** The ids a query returned (raw SQL through the database's own runner: fast bulk seeding). */
function idsOf(rows: unknown[]): string[] {
  return rows.map((r) => {
    if (typeof r === "object" && r !== null && "id" in r && typeof r.id === "string") return r.id;
    throw new Error("expected rows with an id");
  });
}

/** How much to seed (bench:load's options). */
export interface SeedSizes {
  members: number;
  participants: number;
  statements: number;
  records: number;
}

/**
 * Seeds what the loads need: members, a session with ballots, a launched campaign with sealed
 * records, and tokens for an organizer and a member.
 */
export async function seed(
  open: OpenDatabase,
  opts: SeedSizes,
  log: (line: string) => void,
): Promise<Seeded> {
  const db = open.db;
  /** Rows of a raw query, on PGlite and node-postgres alike (both answer `{ rows }`). */
  const rowsOf = async (query: SQL): Promise<unknown[]> => {
    const result: unknown = await db.execute(query);
    return typeof result === "object" &&
      result !== null &&
      "rows" in result &&
      Array.isArray(result.rows)
      ? (result.rows as unknown[])
      : [];
  };
  const oneId = async (query: SQL): Promise<string> => {
    const [id] = idsOf(await rowsOf(query));
    if (!id) throw new Error("seed insert returned no id");
    return id;
  };
  const organizerToken = token();
  const memberToken = token();
  const orgId = await oneId(sql`
    insert into users (handle, handle_key, password_hash) values ('bench_org', 'bench_org', 'x') returning id`);
  const memberId = await oneId(sql`
    insert into users (handle, handle_key, password_hash) values ('bench_member', 'bench_member', 'x') returning id`);
  await db.execute(sql`insert into api_tokens (user_id, name, token_hash) values
    (${orgId}, 'bench', ${hashToken(organizerToken)}), (${memberId}, 'bench', ${hashToken(memberToken)})`);
  const collectiveId = await oneId(
    sql`insert into collectives (name) values ('Bench collective') returning id`,
  );
  await db.execute(sql`insert into memberships (collective_id, user_id, role) values
    (${collectiveId}, ${orgId}, 'organizer'), (${collectiveId}, ${memberId}, 'member')`);

  const people = Math.max(opts.members, opts.participants);
  log(`seeding ${people} members`);
  await db.execute(sql`
    insert into users (handle, handle_key, password_hash)
    select 'p' || i, 'p' || i, 'x' from generate_series(1, ${people}) as i`);
  await db.execute(sql`
    insert into memberships (collective_id, user_id, role)
    select ${collectiveId}, id, 'member' from users where handle_key like 'p%'`);

  log(`seeding a session: ${opts.participants} participants x ${opts.statements} statements`);
  const sessionId = await oneId(sql`
    insert into deliberation_sessions (collective_id, title, format, prompt, phase)
    values (${collectiveId}, 'Bench session', 'statements', 'What matters?', 'open') returning id`);
  await db.execute(sql`
    insert into session_items (session_id, text, position, is_seed)
    select ${sessionId}, 'Statement ' || i, i, true from generate_series(1, ${opts.statements}) as i`);
  // Two camps with some noise, so the opinion map has structure to find.
  await db.execute(sql`
    insert into session_votes (session_id, item_id, user_id, vote)
    select ${sessionId}, it.id, u.id,
      case when random() < 0.15 then 0
           when (u.n % 2 = 0) = (it.position % 2 = 0) then 1 else -1 end
    from (select id, row_number() over (order by handle_key) as n from users where handle_key like 'p%'
          order by handle_key limit ${opts.participants}) as u
    cross join session_items it where it.session_id = ${sessionId}`);
  const statementId = await oneId(
    sql`select id from session_items where session_id = ${sessionId} order by position limit 1`,
  );

  log("seeding a launched campaign on the gig-work sample");
  const campaignId = await oneId(sql`
    insert into campaigns (collective_id, name, sample_name, data, learner, campaign, population_size, target_success, status, launched_at)
    values (${collectiveId}, 'Bench campaign', 'gig-work',
      ${JSON.stringify({ label: "label", text: [], categorical: ["city", "vehicle"], numeric: [] })}::jsonb,
      ${JSON.stringify({ kind: "bayes" })}::jsonb,
      ${JSON.stringify({ goal: "plant", strategy: "feature-label", target: "accepted", signal: { kind: "field", column: "vehicle", value: "scooter" } })}::jsonb,
      50000, 0.8, 'launched', now()) returning id`);
  const instruction = {
    participates: true,
    changes: [{ field: "vehicle", before: "car", after: "scooter" }],
    steps: ["Set your vehicle to scooter."],
  };
  const userIds = idsOf(
    await rowsOf(
      sql`select id from users where handle_key like 'p%' order by handle_key limit ${opts.records}`,
    ),
  );
  log(`seeding ${userIds.length} sealed campaign records (a key file each)`);
  // A few writers at once: their key files' directory syncs are shared (db/vault/key-store.ts).
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < userIds.length; i = next++) {
        const userId = userIds[i];
        if (!userId) continue;
        await upsertRecord(db, {
          campaignId,
          userId,
          collectiveId,
          fields: { city: i % 2 ? "Lyon" : "Nice", vehicle: "car", label: "rejected" },
          instruction,
          isParticipating: true,
        });
      }
    }),
  );
  // Planner statistics, as a server that has run for a while has them (PGlite's server also
  // runs ANALYZE at start; PostgreSQL's autovacuum would, a minute or so after the load).
  await db.execute(sql`analyze`);
  const sizes = `${people} members, session ${opts.participants} x ${opts.statements}, ${userIds.length} records`;
  return { organizerToken, memberToken, collectiveId, sessionId, statementId, campaignId, sizes };
}
