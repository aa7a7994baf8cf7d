"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptInviteAction } from "@/app/(public)/join/[token]/actions";
import { Button } from "@/components/ui/button";

export function AcceptInviteButton({ token, label }: { token: string; label: string }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);
  async function accept() {
    setPending(true);
    const res = await acceptInviteAction(token).catch(() => ({ ok: false as const, message: "Could not reach the server." }));
    setPending(false);
    if (res.ok) router.push(`/c/${res.collectiveId}`);
    else setMessage(res.message);
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
