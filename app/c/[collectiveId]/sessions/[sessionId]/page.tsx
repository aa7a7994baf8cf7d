import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "next/link";
import { SessionLive } from "@/components/sessions/session-live";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { getSessionView } from "@/lib/data/sessions";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({
  params,
}: {
  params: Promise<{ collectiveId: string; sessionId: string }>;
}) {
  const { collectiveId, sessionId } = await params;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const view = await getSessionView(await getDb(), actor, sessionId);
  // A session of another collective is as invisible here as a missing one.
  if (!view.ok || view.value.collectiveId !== collectiveId) notFound();
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-xl font-semibold" data-testid="session-title">
        {view.value.title}
      </h2>
      <SessionLive initial={view.value} />
      {collective.role === "organizer" &&
        view.value.format !== "consent" &&
        view.value.phase === "closed" && (
          <Card title="From decision to campaign">
            <p className="mb-2 text-sm text-slate-700">
              Turn the session&apos;s outcome into a campaign goal draft.
            </p>
            <Link
              href={`/c/${collectiveId}/campaigns/new?from=${sessionId}`}
              className="text-brand-700 underline"
            >
              Draft a campaign from this outcome
            </Link>
          </Card>
        )}
      {view.value.format === "consent" && (
        <p className="text-sm text-slate-600">
          When this round closes with consent reached, organizers can name it as the authorisation
          when they launch a campaign.
        </p>
      )}
    </div>
  );
}
