import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/db";
import { findMyAllocation, findMyResponse } from "@/db/queries/session-ballots";
import { listItems } from "@/db/queries/session-items";
import {
  findSession,
  findSessionForViewer,
  insertSession,
  listSessions,
  saveSessionOutcome,
  updateSessionPhase,
} from "@/db/queries/sessions";
import type { DeliberationSessionRow, SessionItemRow } from "@/db/schema";
import { canVote, effectivePhase, shuffleOptionsFor, transition } from "@/deliberation";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import { can, type Permission } from "@/lib/permissions";
import { uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import { createSessionSchema } from "@/lib/validation/sessions";
import type { Actor } from "./accounts";
import { accessFromRole, requireAccess, type Access } from "./access";
import { recordAudit } from "./audit";
import { readSessionItems } from "./session-items";
import {
  publishFinalResults,
  readSharedSessionPart,
  type ReleasedSessionPart,
  type SharedSessionPart,
} from "./session-results";

/**
 * Loads a session and checks the actor's access to its collective: a session in a
 * collective the actor is not in is "not found", like the collective itself.
 */
export async function loadSession(
  db: Db,
  actor: Actor,
  sessionId: string,
  permission: Permission = "sessions:participate",
): Promise<Result<{ session: DeliberationSessionRow; access: Access }>> {
  if (!uuidSchema.safeParse(sessionId).success) return notFound("Session not found");
  const session = await findSession(db, { sessionId });
  if (!session) return notFound("Session not found");
  const access = await requireAccess(db, actor, session.collectiveId, permission);
  if (!access.ok) return access;
  return ok({ session, access: access.value });
}

/** Facilitators and organizers create a session (as a draft, opened separately). */
export async function createSession(
  db: Db,
  actor: Actor,
  collectiveId: string,
  input: unknown,
): Promise<Result<{ id: string }>> {
  const access = await requireAccess(db, actor, collectiveId, "sessions:run");
  if (!access.ok) return access;
  const parsed = parseInput(createSessionSchema, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  let items =
    v.format === "dots"
      ? (v.options ?? [])
      : v.format === "statements"
        ? (v.seedStatements ?? [])
        : [];
  // The same statement twice would split its votes: keep the first of each (ignoring case).
  items = items.filter(
    (text, i) => items.findIndex((t) => t.toLowerCase() === text.toLowerCase()) === i,
  );
  if (v.format === "dots" && v.optionsFromSessionId) {
    const brainstorm = await brainstormedOptions(db, collectiveId, v.optionsFromSessionId);
    if (!brainstorm.ok) return brainstorm;
    items = [...new Set([...items, ...brainstorm.value])];
  }
  const row = await insertSession(
    db,
    {
      collectiveId,
      title: v.title,
      format: v.format,
      prompt: v.prompt,
      isModerated: v.moderated,
      closesAt: v.closesAt ? new Date(v.closesAt) : null,
      dots: v.format === "dots" ? (v.dots ?? 3) : null,
      maxPerOption: v.format === "dots" ? (v.maxPerOption ?? null) : null,
      createdBy: actor.userId,
    },
    items,
  );
  await recordAudit(db, actor, collectiveId, "session.created", {
    sessionId: row.id,
    format: row.format,
    title: row.title,
  });
  return ok({ id: row.id });
}

/** The approved statements of an earlier statement session of the same collective, as options. */
async function brainstormedOptions(
  db: Db,
  collectiveId: string,
  sessionId: string,
): Promise<Result<string[]>> {
  const source = await findSession(db, { sessionId });
  if (!source || source.collectiveId !== collectiveId || source.format !== "statements") {
    return fail("validation", "Options can come only from a statement session of this collective", {
      fields: { optionsFromSessionId: ["Not a statement session of this collective"] },
    });
  }
  const items = (await listItems(db, { sessionId }))
    .filter((i) => i.status === "approved")
    .map((i) => i.text);
  if (items.length < 2) {
    return fail("validation", "That session has fewer than 2 statements to vote on", {
      fields: { optionsFromSessionId: ["Fewer than 2 statements"] },
    });
  }
  return ok(items.slice(0, 50));
}

interface SessionSummaryDto {
  id: string;
  title: string;
  format: DeliberationSessionRow["format"];
  phase: DeliberationSessionRow["phase"];
  closesAt: string | null;
}

export async function getSessions(
  db: Db,
  actor: Actor,
  collectiveId: string,
): Promise<Result<SessionSummaryDto[]>> {
  const access = await requireAccess(db, actor, collectiveId, "sessions:participate");
  if (!access.ok) return access;
  const now = new Date();
  const rows = await listSessions(db, { collectiveId });
  return ok(
    rows.map((s) => ({
      id: s.id,
      title: s.title,
      format: s.format,
      phase: effectivePhase(s, now),
      closesAt: s.closesAt?.toISOString() ?? null,
    })),
  );
}

/**
 * Who may see a statement: approved ones everybody; pending or rejected ones those who
 * moderate them and their author. Nothing may tell anyone else that a hidden one exists.
 */
export function canSeeItem(
  item: Pick<SessionItemRow, "status" | "authorId">,
  viewer: { userId: string; canRun: boolean },
) {
  return item.status === "approved" || viewer.canRun || item.authorId === viewer.userId;
}

interface SessionItemDto {
  id: string;
  text: string;
  status: "approved" | "pending" | "rejected";
  isMine: boolean;
}

export interface SessionViewDto extends SessionSummaryDto, SharedSessionPart {
  collectiveId: string;
  prompt: string;
  isModerated: boolean;
  dots: number | null;
  maxPerOption: number | null;
  canRun: boolean;
  canVote: boolean;
  /** Statements or options; for dot voting in this person's own shuffled order. */
  items: SessionItemDto[];
  mine: {
    votes: Record<string, "agree" | "disagree" | "pass">;
    allocation: { optionId: string; dots: number }[];
    response: { position: string; reason: string | null } | null;
  };
  // From SharedSessionPart: `results` (while open, the last release, see
  // readSharedSessionPart; once closed, the final results), `resultsRelease`, `outcome`.
}

/** The part of a view that depends on who is asking (their role, statements and ballots). */
type PersonalSessionPart = Omit<SessionViewDto, keyof SharedSessionPart>;

const voteNames = { 1: "agree", [-1]: "disagree", 0: "pass" } as const;

/**
 * Both parts of one participant's view. The session row, the viewer's role, a fingerprint of
 * the statements and the viewer's own votes come in one query; the statements themselves and
 * the shared part are read again only when they changed (session-items.ts,
 * readSharedSessionPart).
 */
async function loadSessionView(
  db: Db,
  actor: Actor,
  sessionId: string,
): Promise<Result<{ personal: PersonalSessionPart; shared: ReleasedSessionPart }>> {
  if (!uuidSchema.safeParse(sessionId).success) return notFound("Session not found");
  const found = await findSessionForViewer(db, { sessionId, userId: actor.userId });
  if (!found) return notFound("Session not found");
  const { session } = found;
  // The same gate as loadSession, on the role read with the session.
  const access = accessFromRole(session.collectiveId, found.role, "sessions:participate");
  if (!access.ok) return access;
  const now = new Date();
  const canRun = can(access.value.role, "sessions:run");
  const allItems = await readSessionItems(db, sessionId, found.itemsFingerprint);
  const visible = allItems.filter((i) => canSeeItem(i, { userId: actor.userId, canRun }));
  let items: SessionItemDto[] = visible.map((i) => ({
    id: i.id,
    text: i.text,
    status: i.status,
    isMine: i.authorId === actor.userId,
  }));
  if (session.format === "dots") {
    const order = shuffleOptionsFor(
      items.map((i) => i.id),
      session.id,
      actor.userId,
    );
    const byId = new Map(items.map((i) => [i.id, i]));
    items = order.flatMap((id) => byId.get(id) ?? []);
  }
  const votes = Object.entries(found.myVotes ?? {}).map(
    ([itemId, vote]) => [itemId, voteNames[vote > 0 ? 1 : vote < 0 ? -1 : 0]] as const,
  );
  const allocation =
    session.format === "dots"
      ? await findMyAllocation(db, { sessionId, userId: actor.userId })
      : null;
  const response =
    session.format === "consent"
      ? await findMyResponse(db, { sessionId, userId: actor.userId })
      : null;
  const shared = await readSharedSessionPart(db, session, allItems, now);
  return ok({
    personal: {
      id: session.id,
      collectiveId: session.collectiveId,
      title: session.title,
      format: session.format,
      prompt: session.prompt,
      phase: effectivePhase(session, now),
      closesAt: session.closesAt?.toISOString() ?? null,
      isModerated: session.isModerated,
      dots: session.dots,
      maxPerOption: session.maxPerOption,
      canRun,
      canVote: canVote(session, now),
      items,
      mine: {
        votes: Object.fromEntries(votes),
        allocation: allocation?.allocation ?? [],
        response: response ? { position: response.position, reason: response.reason } : null,
      },
    },
    shared,
  });
}

/** Everything one participant may see of a session: own votes, and aggregates when allowed. */
export async function getSessionView(
  db: Db,
  actor: Actor,
  sessionId: string,
): Promise<Result<SessionViewDto>> {
  const loaded = await loadSessionView(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  return ok({ ...loaded.value.personal, ...loaded.value.shared.value });
}

/**
 * The same view as JSON, for the API, with an entity tag: the release version plus a hash of
 * the whole body, taken as the hash of the personal part's JSON and of the shared part's
 * hash (computed once per release). The shared JSON is spliced in as stored, never
 * re-serialised per request.
 */
export async function getSessionViewJson(
  db: Db,
  actor: Actor,
  sessionId: string,
): Promise<Result<{ etag: string; body: () => Uint8Array<ArrayBuffer> }>> {
  const loaded = await loadSessionView(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { personal, shared } = loaded.value;
  const personalJson = JSON.stringify(personal);
  const hash = crypto
    .createHash("sha256")
    .update(personalJson)
    .update(shared.hash)
    .digest("base64url")
    .slice(0, 22);
  return ok({
    etag: `"r${shared.value.resultsRelease.version}-${hash}"`,
    // Both are JSON objects: drop the first's closing brace and the second's opening one.
    // The shared bytes are copied as they are, never encoded again (about 100 KB per read).
    body: () => Buffer.concat([Buffer.from(`${personalJson.slice(0, -1)},`), shared.jsonTail]),
  });
}

/**
 * Opens, closes or reopens a session (facilitators and organizers). Closing records the
 * outcome with the statements behind it.
 */
export async function changeSessionPhase(
  db: Db,
  actor: Actor,
  sessionId: string,
  action: "open" | "close",
): Promise<Result<{ phase: string }>> {
  const loaded = await loadSession(db, actor, sessionId, "sessions:run");
  if (!loaded.ok) return loaded;
  const { session } = loaded.value;
  const now = new Date();
  const current = effectivePhase(session, now);
  const kind = action === "open" ? (current === "draft" ? "open" : "reopen") : "close";
  const next = transition(session, { type: kind, now });
  if (!next.ok)
    return fail(next.code === "illegal_transition" ? "conflict" : "validation", next.message);
  await updateSessionPhase(db, { collectiveId: session.collectiveId, sessionId, ...next.value });
  if (next.value.phase === "closed") {
    const items = await listItems(db, { sessionId });
    const closed = { ...session, ...next.value };
    // Computed once, here, and stored: reads of the closed session serve them from storage.
    const results = await publishFinalResults(db, closed, items, now);
    await saveSessionOutcome(db, {
      collectiveId: session.collectiveId,
      sessionId,
      outcome: results,
    });
  }
  await recordAudit(
    db,
    actor,
    session.collectiveId,
    `session.${kind === "open" ? "opened" : kind === "reopen" ? "reopened" : "closed"}`,
    {
      sessionId,
    },
  );
  return ok({ phase: next.value.phase });
}

/** Whether a stored outcome records a reached consent (the snapshot written at close). */
function isConsentReached(outcome: unknown): boolean {
  if (!outcome || typeof outcome !== "object" || !("consent" in outcome)) return false;
  const consent = outcome.consent;
  return (
    !!consent && typeof consent === "object" && "reached" in consent && consent.reached === true
  );
}

/**
 * Closed consent rounds of the collective whose recorded outcome is "consent reached":
 * the decisions that may authorise a campaign's launch.
 */
export async function listAuthorisingSessions(db: Db, collectiveId: string) {
  const rows = await listSessions(db, { collectiveId });
  const now = new Date();
  return rows
    .filter(
      (s) =>
        s.format === "consent" &&
        effectivePhase(s, now) === "closed" &&
        isConsentReached(s.outcome),
    )
    .map((s) => ({ id: s.id, title: s.title }));
}

/** Checks that a session authorises launches in this collective (see listAuthorisingSessions). */
export async function isAuthorisingSession(
  db: Db,
  collectiveId: string,
  sessionId: string,
): Promise<boolean> {
  return (await listAuthorisingSessions(db, collectiveId)).some((s) => s.id === sessionId);
}
