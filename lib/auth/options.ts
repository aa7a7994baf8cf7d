import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { authSecret } from "@/lib/env";
import { authenticate } from "@/lib/data/accounts";
import { clientAddress } from "@/lib/data/throttle";

/** Errors the sign-in form knows how to explain (next-auth passes thrown messages through). */
export const SIGN_IN_ERRORS = { rateLimited: "rate_limited", wrong: "CredentialsSignin" } as const;

let cached: NextAuthOptions | undefined;

/**
 * Built on first use, not at import: the secret may come from the data folder, which
 * `next build` must not touch. JWT sessions carry the user id only; roles are read from
 * the database on every request.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  process.env.NEXTAUTH_URL ??= `http://localhost:${process.env.PORT ?? "3000"}`;
  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Handle and password",
        credentials: { handle: { label: "Handle", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const forwarded = req.headers?.["x-forwarded-for"];
          const address = clientAddress(typeof forwarded === "string" ? forwarded : null);
          const result = await authenticate(await getDb(), credentials ?? {}, address);
          if (result.ok) return { id: result.value.userId, name: result.value.handle };
          if (result.code === "rate_limited") throw new Error(SIGN_IN_ERRORS.rateLimited);
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.name = user.name;
        }
        return token;
      },
      session({ session, token }) {
        // Only the id and handle reach the client; no email, no roles.
        session.user = { name: token.name ?? null, email: null, image: null };
        return { ...session, userId: token.sub };
      },
    },
  };
  return cached;
}
