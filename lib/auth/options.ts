import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db";
import {
  deleteAuthSession,
  deleteExpiredAuthSessionsOfUser,
  insertAuthSession,
} from "@/db/queries/auth-sessions";
import { authSecret } from "@/lib/env";
import { authenticate } from "@/lib/data/accounts";
import { deviceOf, newDeviceCookie, signInClient } from "@/lib/data/throttle";
import { forgetActorsOf } from "./actor-cache";
import { offerDeviceCookie } from "./device-cookie";

/** Errors the sign-in form knows how to explain (next-auth passes thrown messages through). */
const SIGN_IN_ERRORS = { rateLimited: "rate_limited", wrong: "CredentialsSignin" } as const;

/**
 * How long a sign-in lasts, at most: a copied cookie is worth a week, not a month. The
 * auth_sessions row expires with it, so the limit holds even though the JWT is re-issued.
 */
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

const SESSION_COOKIE = "next-auth.session-token";

/** Over HTTPS next-auth uses the `__Secure-` cookie; both sides must agree on the name. */
function usesSecureCookies(): boolean {
  return process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
}

/** The session cookie's name and whether it is `Secure`, as next-auth sets it. */
export function sessionCookie(): { name: string; secure: boolean } {
  authOptions();
  const secure = usesSecureCookies();
  return { name: secure ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE, secure };
}

let cached: NextAuthOptions | undefined;

/**
 * Built on first use, not at import: the secret may come from the data folder, which
 * `next build` must not touch. The JWT carries the user id and the id of its auth_sessions
 * row (`sid`); the row is checked on every request, so deleting it ends the session.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? "3000"}`;
  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: usesSecureCookies(),
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Handle and password",
        credentials: {
          handle: { label: "Handle", type: "text" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const headers = req.headers ?? {};
          const header = (name: string) => {
            const value: unknown = headers[name];
            return typeof value === "string" ? value : null;
          };
          const client = signInClient({ get: header });
          const result = await authenticate(await getDb(), credentials ?? {}, client);
          if (result.ok) {
            // Known from now on: this browser is exempt from the handle's guessing delay.
            if (!deviceOf(client.deviceCookie, result.value.userId))
              offerDeviceCookie(newDeviceCookie(result.value.userId));
            return { id: result.value.userId, name: result.value.handle };
          }
          if (result.code === "rate_limited") throw new Error(SIGN_IN_ERRORS.rateLimited);
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // A fresh sign-in: one revocable row per browser session.
          const db = await getDb();
          await deleteExpiredAuthSessionsOfUser(db, { userId: user.id });
          const row = await insertAuthSession(db, {
            userId: user.id,
            expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
          });
          token.sub = user.id;
          token.name = user.name;
          token.sid = row.id;
        }
        return token;
      },
      session({ session, token }) {
        // Only the id and handle reach the client; no email, no roles.
        session.user = { name: token.name ?? null, email: null, image: null };
        return { ...session, userId: token.sub };
      },
    },
    events: {
      // Signing out deletes the row, so a copy of the cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid !== "string") return;
        const userId = await deleteAuthSession(await getDb(), { sessionId: token.sid });
        // The cache knows cookies, not session ids: forget all of the person's (they re-resolve).
        if (userId) forgetActorsOf(userId);
      },
    },
  };
  return cached;
}
