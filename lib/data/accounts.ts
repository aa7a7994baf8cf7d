import "server-only";
import type { Db } from "@/db";
import {
  deleteApiToken,
  findUsersByEmail,
  findUserByHandleKey,
  findUserByTokenHash,
  insertApiToken,
  insertUser,
  listApiTokens,
} from "@/db/queries/accounts";
import { listCollectivesOfUser } from "@/db/queries/collectives";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { forgetActorsOf } from "@/lib/auth/actor-cache";
import { hashToken, newSecretToken } from "@/lib/auth/secret-token";
import { fail, notFound, ok, type Result } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { signUpSchema, signInSchema, tokenNameSchema } from "@/lib/validation/accounts";
import { parseInput } from "@/lib/validation/parse";
import { uuidSchema } from "@/lib/validation/collectives";
import { deviceOf, recordSuccess, reserveCheck, type SignInClient } from "./throttle";

/** Who is asking: the only thing the JWT or an API token resolves to. */
export interface Actor {
  userId: string;
  handle: string;
}

const WRONG_CREDENTIALS = "Wrong handle or password";

/**
 * Creates an account from a pseudonym and password (email optional). The answer never
 * depends on whether the email is used by someone else: emails are not unique.
 */
export async function signUp(
  db: Db,
  input: unknown,
): Promise<Result<{ id: string; handle: string }>> {
  const parsed = parseInput(signUpSchema, input);
  if (!parsed.ok) return parsed;
  const { handle, password, email } = parsed.value;
  const handleKey = handle.toLowerCase();
  const handleTaken = () =>
    fail("conflict", "That handle is taken", { fields: { handle: ["That handle is taken"] } });
  if (await findUserByHandleKey(db, handleKey)) return handleTaken();
  const user = await insertUser(db, {
    handle,
    handleKey,
    email: email?.toLowerCase() ?? null,
    passwordHash: await hashPassword(password),
  });
  // A concurrent sign-up may have taken the handle between the check and the insert.
  return user ? ok(user) : handleTaken();
}

/**
 * Checks a handle (or email) and password. Every wrong answer gets the same message. Each
 * check is reserved with the throttle first (see throttle.ts): too many for this handle and
 * client, or too soon after the last ones for this handle, answers 429 with Retry-After.
 */
export async function authenticate(
  db: Db,
  input: unknown,
  client: SignInClient,
): Promise<Result<Actor>> {
  const parsed = parseInput(signInSchema, input);
  if (!parsed.ok) return fail("unauthenticated", WRONG_CREDENTIALS);
  const { handle, password } = parsed.value;
  const key = handle.toLowerCase();
  const candidates = key.includes("@")
    ? await findUsersByEmail(db, key)
    : [await findUserByHandleKey(db, key)].flatMap((u) => (u ? [u] : []));
  // A device cookie counts only when it was issued to the account this handle names.
  const deviceId =
    candidates.length === 1 ? deviceOf(client.deviceCookie, candidates[0]?.id ?? null) : null;
  const reservation = await reserveCheck(db, handle, { deviceId, address: client.address });
  if (!reservation.allowed) {
    return fail(
      "rate_limited",
      "Too many sign-in attempts for this account. Wait a moment and try again.",
      {
        retryAfter: reservation.retryAfterSeconds,
      },
    );
  }
  let user = null;
  for (const candidate of candidates) {
    if (await verifyPassword(password, candidate.passwordHash)) {
      user = candidate;
      break;
    }
  }
  // Unknown handles cost a hash too, so timing does not tell which handles exist.
  if (candidates.length === 0) await verifyPassword(password, await dummyPasswordHash());
  if (!user) return fail("unauthenticated", WRONG_CREDENTIALS);
  await recordSuccess(db, reservation);
  return ok({ userId: user.id, handle: user.handle });
}

/** Resolves `Authorization: Bearer <token>` to its user. */
export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  const user = await findUserByTokenHash(db, hashToken(token));
  return user ? { userId: user.id, handle: user.handle } : null;
}

/** Creates a personal API token; the plain token is returned once and stored hashed. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  name: unknown,
): Promise<Result<{ id: string; name: string; token: string }>> {
  const parsed = parseInput(tokenNameSchema, name);
  if (!parsed.ok) return { ...parsed, fields: { name: parsed.fields?._ ?? [] } };
  const token = newSecretToken("cct_");
  const row = await insertApiToken(db, {
    userId: actor.userId,
    name: parsed.value,
    tokenHash: hashToken(token),
  });
  if (!row) throw new Error("token insert returned no row");
  return ok({ id: row.id, name: row.name, token });
}

export async function listMyApiTokens(db: Db, actor: Actor) {
  return listApiTokens(db, { userId: actor.userId });
}

export async function revokeApiToken(
  db: Db,
  actor: Actor,
  tokenId: string,
): Promise<Result<{ id: string }>> {
  if (!uuidSchema.safeParse(tokenId).success) return notFound("No such token");
  const deleted = await deleteApiToken(db, { userId: actor.userId, tokenId });
  // The cache is keyed by token hash, which the id does not give: forget all of theirs.
  if (deleted) forgetActorsOf(actor.userId);
  return deleted ? ok({ id: tokenId }) : notFound("No such token");
}

interface MeDto {
  id: string;
  handle: string;
  collectives: { id: string; name: string; role: Role }[];
}

export async function getMe(db: Db, actor: Actor): Promise<MeDto> {
  const collectives = await listCollectivesOfUser(db, { userId: actor.userId });
  return {
    id: actor.userId,
    handle: actor.handle,
    collectives: collectives.map((c) => ({ id: c.id, name: c.name, role: c.role })),
  };
}
