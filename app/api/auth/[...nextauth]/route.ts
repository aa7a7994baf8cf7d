import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { withDeviceCookieSlot } from "@/lib/auth/device-cookie";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per call (lazily cached) so `next build` never reads the secret file.
// A successful sign-in also gets its device cookie (lib/auth/device-cookie.ts).
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  // next-auth's App Router overload is typed `any`; it answers with a Response.
  const { value: res, setCookie } = await withDeviceCookieSlot<Response>(
    () => NextAuth(req, ctx, authOptions()) as Promise<Response>,
  );
  if (setCookie) res.headers.append("set-cookie", setCookie);
  return res;
}

export { handler as GET, handler as POST };
