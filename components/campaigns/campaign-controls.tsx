"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";

type Status = "draft" | "launched" | "paused" | "ended";

/** Launch, pause and end (organizers). Ending asks first: members then get unwind instructions. */
export function CampaignControls({
  campaignId,
  status,
  authorisingSessions = [],
}: {
  campaignId: string;
  status: Status;
  authorisingSessions?: { id: string; title: string }[];
}) {
  const [sessionId, setSessionId] = useState("");
  const router = useRouter();
  const [message, setMessage] = useState("");
  async function act(action: "launch" | "pause" | "end") {
    if (action === "end" && !window.confirm("End the campaign? Members will be told how to undo their changes.")) return;
    const body = action === "launch" && status === "draft" && sessionId ? { sessionId } : undefined;
    const res = await api.campaigns.changeStatus(campaignId, action, body);
    setMessage(res.ok ? "" : res.message);
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-end gap-2">
      {status === "draft" && authorisingSessions.length > 0 && (
        <div className="flex flex-col gap-1">
          <label htmlFor="authorised-by" className="text-sm font-medium">Authorised by</label>
          <select id="authorised-by" value={sessionId} onChange={(e) => setSessionId(e.target.value)} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="">No consent round</option>
            {authorisingSessions.map((s) => (
              <option key={s.id} value={s.id}>{s.title}</option>
            ))}
          </select>
        </div>
      )}
      {(status === "draft" || status === "paused") && <Button type="button" onClick={() => void act("launch")}>{status === "draft" ? "Launch" : "Resume"}</Button>}
      {status === "launched" && <Button type="button" variant="secondary" onClick={() => void act("pause")}>Pause</Button>}
      {status !== "ended" && <Button type="button" variant="danger" onClick={() => void act("end")}>End campaign</Button>}
      <p aria-live="polite" className="text-sm text-red-700">{message}</p>
    </div>
  );
}
