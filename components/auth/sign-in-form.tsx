"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { goAfterSignIn, type JoinAction } from "./after-sign-in";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/components/ui/form-state";
import { formText } from "@/lib/validation/form-data";

const messages: Record<string, string> = {
  rate_limited: "Too many failed sign-ins. Wait 15 minutes and try again.",
  CredentialsSignin: "Wrong handle or password",
};

/** `join` is set when the person came through an invite link: they join right after signing in. */
export function SignInForm({ returnTo, join }: { returnTo: string; join?: JoinAction }) {
  const router = useRouter();
  const [state, setState] = useState<FormState>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    try {
      const res = await signIn("credentials", {
        handle: String(formText(form, "handle")),
        password: String(formText(form, "password")),
        redirect: false,
      });
      if (!res || res.error) {
        setState({ ok: false, message: messages[res?.error ?? ""] ?? "Wrong handle or password" });
        return;
      }
      await goAfterSignIn(router, returnTo, join);
    } catch {
      setState({
        ok: false,
        message: "Could not reach the server. Check your connection and try again.",
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
      <Field label="Handle or email" name="handle" autoComplete="username" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        New here?{" "}
        <Link
          className="text-brand-700 underline"
          href={`/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`}
        >
          Create an account
        </Link>
      </p>
    </form>
  );
}
