import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SessionLive } from "@/components/sessions/session-live";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { getSessionView } from "@/lib/data/sessions";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ collectiveId: string; sessionId: string }> }) {
  const { collectiveId, sessionId } = await params;
  const { actor } = await loadCollectivePage(collectiveId);
  const view = await getSessionView(await getDb(), actor, sessionId);
  // A session of another collective is as invisible here as a missing one.
  if (!view.ok || view.value.collectiveId !== collectiveId) notFound();
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-xl font-semibold" data-testid="session-title">
        {view.value.title}
      </h2>
      <SessionLive initial={view.value} />
    </div>
  );
}
