"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { JoinAction } from "./after-sign-in";

/** `join` is the page's acceptInviteAction, bound to the invite token. */
export function AcceptInviteButton({ join, label }: { join: JoinAction; label: string }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);
  async function accept() {
    setPending(true);
    const res = await join().catch(() => ({
      ok: false as const,
      message: "Could not reach the server.",
    }));
    setPending(false);
    const collectiveId = res?.ok ? res.data?.collectiveId : undefined;
    if (collectiveId) router.push(`/c/${collectiveId}`);
    else setMessage(res && !res.ok ? res.message : "Could not join.");
  }
  return (
    <div className="flex flex-col gap-2">
      <Button type="button" onClick={() => void accept()} disabled={pending}>
        {pending ? "Joining…" : label}
      </Button>
      <p aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
    </div>
  );
}
