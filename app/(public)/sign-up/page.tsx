import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { acceptInviteAction } from "../join/[token]/actions";
import { signUpAction } from "./actions";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card } from "@/components/ui/card";
import { getSessionActor } from "@/lib/auth/session";
import { safeReturnTo } from "@/lib/validation/return-to";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; invite?: string }>;
}) {
  const query = await searchParams;
  const returnTo = safeReturnTo(query.callbackUrl);
  if (await getSessionActor()) redirect(returnTo);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">Create your account</h1>
      <Card>
        <SignUpForm
          returnTo={returnTo}
          signUp={signUpAction}
          join={query.invite ? acceptInviteAction.bind(null, query.invite) : undefined}
        />
      </Card>
    </div>
  );
}
