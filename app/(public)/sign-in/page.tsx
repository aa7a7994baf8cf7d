import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { acceptInviteAction } from "../join/[token]/actions";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { getSessionActor } from "@/lib/auth/session";
import { safeReturnTo } from "@/lib/validation/return-to";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; invite?: string }>;
}) {
  const query = await searchParams;
  const returnTo = safeReturnTo(query.callbackUrl);
  if (await getSessionActor()) redirect(returnTo);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">Sign in</h1>
      <Card>
        <SignInForm
          returnTo={returnTo}
          join={query.invite ? acceptInviteAction.bind(null, query.invite) : undefined}
        />
      </Card>
    </div>
  );
}
