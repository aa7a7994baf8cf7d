import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import { deleteUserRow, findPasswordHashOfUser } from "@/db/queries/auth-sessions";
import {
  countMembers,
  countOrganizers,
  listCollectivesOfUser,
  lockCollectiveRoster,
} from "@/db/queries/collectives";
import { anonymiseBallots } from "@/db/queries/session-personal-data";
import { forgetActorsOf } from "@/lib/auth/actor-cache";
import { verifyPassword } from "@/lib/auth/password";
import { fail, ok, type Result } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse";
import type { Actor } from "./accounts";
import { shredRecordsOfUser } from "./campaign-records";
import { recordSuccess, reserveCheck } from "./throttle";

const deleteAccountSchema = z.object({
  password: z
    .string()
    .min(1, "Enter your password to confirm")
    .max(200, "Use at most 200 characters"),
});

const WRONG_PASSWORD = "That is not your password. Your account was not deleted.";

/**
 * The first collective the person is the last organizer of, or null. Each roster is locked
 * for the transaction, so nobody can step down between this check and the deletion.
 */
async function findCollectiveLeftWithoutOrganizer(db: Db, userId: string): Promise<Result<null>> {
  const organizing = (await listCollectivesOfUser(db, { userId })).filter(
    (c) => c.role === "organizer",
  );
  for (const c of organizing) {
    await lockCollectiveRoster(db, { collectiveId: c.id });
    if ((await countOrganizers(db, { collectiveId: c.id })) > 1) continue;
    const isAlone = (await countMembers(db, { collectiveId: c.id })) <= 1;
    return fail(
      "conflict",
      isAlone
        ? `You are the only member and organizer of “${c.name}”. Invite someone and make them organizer before deleting your account.`
        : `You are the last organizer of “${c.name}”. Make another member organizer (under Members) before deleting your account.`,
    );
  }
  return ok(null);
}

/**
 * Deletes the person's account, once they confirm with their password (checks throttled as
 * for sign-in):
 * - refused (conflict) while they are the last organizer of a collective, as for leaving;
 * - their campaign records are shredded (keys destroyed, rows deleted; forecasts rescheduled);
 * - their ballots stay in the tallies under an anonymous id, their statements without author;
 * - then the account row goes, and with it memberships, API tokens and sessions (foreign keys).
 *   Audit events they caused keep no actor.
 */
export async function deleteMyAccount(
  db: Db,
  actor: Actor,
  input: unknown,
): Promise<Result<{ id: string }>> {
  const parsed = parseInput(deleteAccountSchema, input);
  if (!parsed.ok) return parsed;
  const hash = await findPasswordHashOfUser(db, { userId: actor.userId });
  if (!hash) return fail("unauthenticated", "Your account no longer exists");
  // Throttled like sign-in, on the same counters: a stolen cookie or token must not become
  // an unlimited way to guess the password.
  const reservation = await reserveCheck(db, actor.handle, { deviceId: null, address: null });
  if (!reservation.allowed) {
    return fail("rate_limited", "Too many wrong passwords. Try again later.", {
      retryAfter: reservation.retryAfterSeconds,
    });
  }
  if (!(await verifyPassword(parsed.value.password, hash))) {
    return fail("forbidden", WRONG_PASSWORD, { fields: { password: [WRONG_PASSWORD] } });
  }
  await recordSuccess(db, reservation);
  // Checked before anything is destroyed, and again (under the roster locks) before the row goes.
  const blocked = await db.transaction((tx) =>
    findCollectiveLeftWithoutOrganizer(tx, actor.userId),
  );
  if (!blocked.ok) return blocked;
  // Outside a transaction: shredding destroys keys outside the database, and schedules
  // forecasts through the job queue, which must not wait on our open transaction.
  await shredRecordsOfUser(db, { userId: actor.userId });
  const deleted = await db.transaction(async (tx) => {
    const stillBlocked = await findCollectiveLeftWithoutOrganizer(tx, actor.userId);
    if (!stillBlocked.ok) return stillBlocked;
    await anonymiseBallots(tx, { userId: actor.userId });
    await deleteUserRow(tx, { userId: actor.userId });
    return ok({ id: actor.userId });
  });
  // After the commit: their sessions and tokens went with the row.
  if (deleted.ok) forgetActorsOf(actor.userId);
  return deleted;
}
