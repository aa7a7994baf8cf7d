import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { findUserOfLiveAuthSession } from "@/db/queries/auth-sessions";
import { actorFromApiToken, type Actor } from "@/lib/data/accounts";
import { cachedActor, credentialKey } from "./actor-cache";
import { uuidSchema } from "@/lib/validation/collectives";
import { authOptions, sessionCookie } from "./options";

type CookieJar = ReadonlyMap<string, string>;

/** next-auth splits a large JWT into `name.0`, `name.1`…; ours is small, but read both forms. */
function sessionTokenFrom(jar: CookieJar, name: string): string | null {
  const whole = jar.get(name);
  if (whole) return whole;
  const chunks = [...jar.entries()]
    .map(([key, value]) => ({
      index: key.startsWith(`${name}.`) ? Number(key.slice(name.length + 1)) : NaN,
      value,
    }))
    .filter((c) => Number.isInteger(c.index))
    .sort((a, b) => a.index - b.index);
  return chunks.length ? chunks.map((c) => c.value).join("") : null;
}

/**
 * The session cookie's user, checked against the database: the JWT must name an
 * auth_sessions row that exists, belongs to that user and has not expired. Signing out,
 * "sign out everywhere" and deleting the account delete rows, so copied cookies die with them.
 * The answer is reused for a few seconds (actor-cache.ts), never past the row's expiry.
 */
async function actorFromSessionCookies(jar: CookieJar): Promise<Actor | null> {
  const { name } = sessionCookie();
  const raw = sessionTokenFrom(jar, name);
  if (!raw) return null;
  return cachedActor(credentialKey("cookie", raw), async () => {
    let token;
    try {
      token = await decode({ token: raw, secret: authOptions().secret ?? "" });
    } catch {
      return null; // Tampered, or signed with another secret.
    }
    const userId = token?.sub;
    const sessionId = token?.sid;
    // A JWT from before revocable sessions has no `sid`: it no longer counts.
    if (typeof sessionId !== "string" || !uuidSchema.safeParse(sessionId).success) return null;
    if (typeof userId !== "string" || !uuidSchema.safeParse(userId).success) return null;
    const user = await findUserOfLiveAuthSession(await getDb(), { sessionId, userId });
    if (!user) return null;
    // The JWT's own expiry too (next-auth checks it in decode; the row usually ends first).
    const jwtExpiry = typeof token?.exp === "number" ? token.exp * 1000 : Infinity;
    const expiresAt = new Date(Math.min(user.expiresAt.getTime(), jwtExpiry));
    return { actor: { userId: user.id, handle: user.handle }, expiresAt };
  });
}

async function pageCookies(): Promise<CookieJar> {
  return new Map((await cookies()).getAll().map((c) => [c.name, c.value]));
}

function requestCookies(req: Request): CookieJar {
  const jar = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      if (key && !jar.has(key)) jar.set(key, decodeURIComponent(value));
    } catch {
      // A malformed cookie is not ours to read.
    }
  }
  return jar;
}

/** The signed-in user from the session cookie, for pages and server actions. */
export async function getSessionActor(): Promise<Actor | null> {
  return actorFromSessionCookies(await pageCookies());
}

/** Clears the session cookie in this browser (its row is already gone); for server actions. */
export async function clearSessionCookie(): Promise<void> {
  const { name, secure } = sessionCookie();
  (await cookies()).set(name, "", {
    expires: new Date(0),
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
  });
}

/** For pages: the actor, or a redirect to sign-in that comes back here. */
export async function requireSessionActor(returnTo: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/**
 * For the API: `Authorization: Bearer <token>` when present (a bad token is not silently
 * replaced by the cookie), else the session cookie of this request.
 */
export async function getRequestActor(req: Request): Promise<Actor | null> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    const token = match?.[1];
    if (!token) return null;
    return cachedActor(credentialKey("token", token), async () => {
      const actor = await actorFromApiToken(await getDb(), token);
      return actor ? { actor, expiresAt: null } : null;
    });
  }
  if (!req.headers.get("cookie")) return null;
  return actorFromSessionCookies(requestCookies(req));
}
