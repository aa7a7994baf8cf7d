import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per call (lazily cached) so `next build` never reads the secret file.
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  const res: Response = await NextAuth(req, ctx, authOptions());
  return res;
}

export { handler as GET, handler as POST };
