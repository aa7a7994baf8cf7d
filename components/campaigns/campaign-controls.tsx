"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "@/components/sessions/api-client";
import { Button } from "@/components/ui/button";

type Status = "draft" | "launched" | "paused" | "ended";

/** Launch, pause and end (organizers). Ending asks first: members then get unwind instructions. */
export function CampaignControls({ campaignId, status }: { campaignId: string; status: Status }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  async function act(action: "launch" | "pause" | "end") {
    if (action === "end" && !window.confirm("End the campaign? Members will be told how to undo their changes.")) return;
    const res = await postJson(`/api/v1/campaigns/${campaignId}/${action}`);
    setMessage(res.ok ? "" : (res.message ?? "Could not change the campaign"));
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {(status === "draft" || status === "paused") && <Button type="button" onClick={() => void act("launch")}>{status === "draft" ? "Launch" : "Resume"}</Button>}
      {status === "launched" && <Button type="button" variant="secondary" onClick={() => void act("pause")}>Pause</Button>}
      {status !== "ended" && <Button type="button" variant="danger" onClick={() => void act("end")}>End campaign</Button>}
      <p aria-live="polite" className="text-sm text-red-700">{message}</p>
    </div>
  );
}
