import "server-only";
import type { Db } from "@/db";
import { upsertAllocation, upsertResponse, upsertVote } from "@/db/queries/session-ballots";
import { insertItem, listItems, setItemStatus } from "@/db/queries/session-items";
import type { DeliberationSessionRow } from "@/db/schema";
import {
  canVote,
  effectivePhase,
  validateAllocation,
  validateConsentResponse,
} from "@/deliberation";
import { fail, notFound, ok, type Failure, type Result } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { uuidSchema } from "@/lib/validation/collectives";
import { parseInput } from "@/lib/validation/parse";
import {
  addStatementSchema,
  allocationsSchema,
  moderateSchema,
  responseSchema,
  voteSchema,
} from "@/lib/validation/sessions";
import type { Actor } from "./accounts";
import { recordAudit } from "./audit";
import { requestResultsRelease } from "./session-results";
import { canSeeItem, loadSession } from "./sessions";

// Member actions below are deliberately not written to the audit log: who voted or
// said what must not be reconstructible from it.

function requireOpen(
  session: DeliberationSessionRow,
  format: DeliberationSessionRow["format"],
): Failure | null {
  if (session.format !== format) {
    const what = { statements: "statement voting", dots: "dot voting", consent: "a consent round" }[
      session.format
    ];
    return fail("validation", `This session uses ${what}`);
  }
  if (!canVote(session, new Date())) return fail("conflict", "This session is not open");
  return null;
}

/** Adds a participant's own statement; held for moderation when the session says so. */
export async function addStatement(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<Result<{ id: string; status: string }>> {
  const loaded = await loadSession(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { session, access } = loaded.value;
  const closed = requireOpen(session, "statements");
  if (closed) return closed;
  const parsed = parseInput(addStatementSchema, input);
  if (!parsed.ok) return parsed;
  const existing = await listItems(db, { sessionId });
  const key = parsed.value.text.toLowerCase();
  const viewer = { userId: actor.userId, canRun: can(access.role, "sessions:run") };
  // Only a duplicate the submitter can see is refused. A hidden one (held or rejected) must
  // not be revealed by a 409: the text is stored as a submission of its own, with its own id,
  // and answered exactly like any new one. Moderators then see both and approve one.
  if (
    existing.some(
      (i) => i.text.toLowerCase() === key && i.status !== "rejected" && canSeeItem(i, viewer),
    )
  ) {
    return fail("conflict", "That statement is already there", {
      fields: { text: ["That statement is already there"] },
    });
  }
  const row = await insertItem(db, {
    sessionId,
    text: parsed.value.text,
    status: session.isModerated ? "pending" : "approved",
    authorId: actor.userId,
  });
  return ok({ id: row.id, status: row.status });
}

const voteValue = { agree: 1, disagree: -1, pass: 0 } as const;

/** Casts or changes the actor's own vote on a statement while the session is open. */
export async function castVote(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<Result<{ statementId: string; vote: string }>> {
  const loaded = await loadSession(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { session } = loaded.value;
  const closed = requireOpen(session, "statements");
  if (closed) return closed;
  const parsed = parseInput(voteSchema, input);
  if (!parsed.ok) return parsed;
  const items = await listItems(db, { sessionId });
  if (!items.some((i) => i.id === parsed.value.statementId && i.status === "approved")) {
    return notFound("No such statement in this session");
  }
  await upsertVote(db, {
    sessionId,
    itemId: parsed.value.statementId,
    userId: actor.userId,
    vote: voteValue[parsed.value.vote],
  });
  await requestResultsRelease(db, sessionId);
  return ok(parsed.value);
}

/** Replaces the actor's dot allocation, within the session's budget. */
export async function allocateDots(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<Result<{ allocations: { optionId: string; dots: number }[] }>> {
  const loaded = await loadSession(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { session } = loaded.value;
  const closed = requireOpen(session, "dots");
  if (closed) return closed;
  const parsed = parseInput(allocationsSchema, input);
  if (!parsed.ok) return parsed;
  const options = (await listItems(db, { sessionId }))
    .filter((i) => i.status === "approved")
    .map((i) => i.id);
  const checked = validateAllocation(parsed.value.allocations, options, {
    dots: session.dots ?? 1,
    maxPerOption: session.maxPerOption ?? undefined,
  });
  if (!checked.ok)
    return fail("validation", checked.message, { fields: { allocations: [checked.message] } });
  await upsertAllocation(db, { sessionId, userId: actor.userId, allocation: checked.value });
  await requestResultsRelease(db, sessionId);
  return ok({ allocations: checked.value });
}

/** Records the actor's consent-round response (object and block need a reason). */
export async function respondToProposal(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: unknown,
): Promise<Result<{ position: string; reason: string | null }>> {
  const loaded = await loadSession(db, actor, sessionId);
  if (!loaded.ok) return loaded;
  const { session } = loaded.value;
  const closed = requireOpen(session, "consent");
  if (closed) return closed;
  const parsed = parseInput(responseSchema, input);
  if (!parsed.ok) return parsed;
  const checked = validateConsentResponse(parsed.value);
  if (!checked.ok)
    return fail("validation", checked.message, { fields: { reason: [checked.message] } });
  await upsertResponse(db, { sessionId, userId: actor.userId, ...checked.value });
  await requestResultsRelease(db, sessionId);
  return ok(checked.value);
}

/** Facilitators approve or reject a held statement. */
export async function moderateStatement(
  db: Db,
  actor: Actor,
  sessionId: string,
  statementId: string,
  input: unknown,
): Promise<Result<{ id: string; status: string }>> {
  const loaded = await loadSession(db, actor, sessionId, "sessions:run");
  if (!loaded.ok) return loaded;
  // Its outcome is recorded at close: changing the statements afterwards would rewrite it.
  if (effectivePhase(loaded.value.session, new Date()) === "closed") {
    return fail("conflict", "This session is closed; reopen it to moderate");
  }
  const parsed = parseInput(moderateSchema, input);
  if (!parsed.ok) return parsed;
  if (!uuidSchema.safeParse(statementId).success) return notFound("No such statement");
  if (parsed.value.status === "approved") {
    // Hidden duplicates are kept as separate submissions (see addStatement); approving a
    // second copy would split the statement's votes.
    const items = await listItems(db, { sessionId });
    const target = items.find((i) => i.id === statementId);
    const key = target?.text.toLowerCase();
    if (
      target &&
      items.some(
        (i) => i.id !== target.id && i.status === "approved" && i.text.toLowerCase() === key,
      )
    ) {
      return fail("conflict", "That statement is already there; reject this copy");
    }
  }
  if (!(await setItemStatus(db, { sessionId, itemId: statementId, status: parsed.value.status }))) {
    return notFound("No such statement");
  }
  await recordAudit(db, actor, loaded.value.session.collectiveId, "statement.moderated", {
    sessionId,
    statementId,
    status: parsed.value.status,
  });
  return ok({ id: statementId, status: parsed.value.status });
}
