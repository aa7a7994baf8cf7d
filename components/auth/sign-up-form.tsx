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

/** The sign-up page's signUpAction. */
type SignUpAction = (input: {
  handle: string;
  password: string;
  email: string;
}) => Promise<FormState>;

/** `join` is set when the person came through an invite link: they join right after signing up. */
export function SignUpForm({
  returnTo,
  signUp,
  join,
}: {
  returnTo: string;
  signUp: SignUpAction;
  join?: JoinAction;
}) {
  const router = useRouter();
  const [state, setState] = useState<FormState>(null);
  const [pending, setPending] = useState(false);
  const fields = state && !state.ok ? state.fields : undefined;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const input = {
      handle: String(formText(data, "handle")),
      password: String(formText(data, "password")),
      email: String(formText(data, "email")),
    };
    setPending(true);
    try {
      const result = await signUp(input);
      if (!result?.ok) {
        setState(result);
        // Take keyboard and screen-reader users to the first field that needs attention.
        requestAnimationFrame(() =>
          form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus(),
        );
        return;
      }
      const signedIn = await signIn("credentials", {
        handle: input.handle,
        password: input.password,
        redirect: false,
      });
      if (signedIn?.error) {
        setState({
          ok: false,
          message: "Your account was created, but signing in failed. Please sign in.",
        });
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
    <form onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4" noValidate>
      <Field
        label="Handle (a pseudonym)"
        name="handle"
        autoComplete="username"
        required
        hint="Shown to others. Don't use your real name or your platform account id."
        errors={fields?.handle}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        errors={fields?.password}
      />
      <Field
        label="Email (optional)"
        name="email"
        type="email"
        autoComplete="email"
        hint="Only for recovering your account. Never shown to anyone."
        errors={fields?.email}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <FormMessage state={state} />
      <p className="text-sm text-slate-700">
        Already have an account?{" "}
        <Link
          className="text-brand-700 underline"
          href={`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`}
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
