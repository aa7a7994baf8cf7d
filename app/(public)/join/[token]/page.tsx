import type { Metadata } from "next";
import Link from "next/link";
import { acceptInviteAction } from "./actions";
import { AcceptInviteButton } from "@/components/auth/accept-invite-button";
import { WhatItAsks, WhatItPromises } from "@/components/home/promises";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/data/db";
import { getSessionActor } from "@/lib/auth/session";
import { previewInvite } from "@/lib/data/invites";
import { safeReturnTo } from "@/lib/validation/return-to";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

const unusable = {
  expired: "This invite has expired.",
  revoked: "This invite was revoked.",
  used_up: "This invite has been used up.",
} as const;

export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const preview = await previewInvite(await getDb(), token);
  const actor = await getSessionActor();
  if (!preview.ok) {
    return (
      <Notice
        title="Invite not found"
        text="This invite link is not valid. Check that you copied all of it."
      />
    );
  }
  const { collectiveName, role, status } = preview.value;
  if (status !== "active") {
    return (
      <Notice title={unusable[status]} text="Ask an organizer of the collective for a new link." />
    );
  }
  const here = safeReturnTo(`/join/${encodeURIComponent(token)}`);
  const query = `callbackUrl=${encodeURIComponent(here)}&invite=${encodeURIComponent(token)}`;
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-2 text-2xl font-bold">Join {collectiveName}</h1>
        <p className="mb-4 text-slate-700">
          You are invited as <strong>{role}</strong>. You take part under a pseudonym: organizers
          never see your email, your records or your instructions.
        </p>
        {actor ? (
          <AcceptInviteButton
            join={acceptInviteAction.bind(null, token)}
            label={`Join as ${actor.handle}`}
          />
        ) : (
          <div className="flex flex-wrap gap-3">
            <Link
              href={`/sign-up?${query}`}
              className="bg-brand-600 rounded-md px-4 py-2 font-semibold text-white"
            >
              Create an account to join
            </Link>
            <Link
              href={`/sign-in?${query}`}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold"
            >
              I have an account
            </Link>
          </div>
        )}
      </Card>
      <details className="mt-4 rounded-lg border border-slate-200 bg-white p-4">
        <summary className="cursor-pointer font-semibold">
          What Concert asks of you, and what it promises
        </summary>
        <div className="mt-3 flex flex-col gap-4">
          <WhatItAsks />
          <WhatItPromises />
          {!actor && (
            <Link href="/" className="text-brand-700 underline">
              More about Concert
            </Link>
          )}
        </div>
      </details>
    </div>
  );
}

function Notice({ title, text }: { title: string; text: string }) {
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-2 text-xl font-bold">{title}</h1>
        <p className="text-slate-700">{text}</p>
      </Card>
    </div>
  );
}
