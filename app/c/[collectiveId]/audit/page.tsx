import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { listAudit } from "@/lib/data/audit";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ collectiveId: string }> }) {
  const { collectiveId } = await params;
  const { actor } = await loadCollectivePage(collectiveId);
  const result = await listAudit(await getDb(), actor, collectiveId, { limit: 100 });
  if (!result.ok) {
    return (
      <Card>
        <p>Only organizers can read the audit log.</p>
      </Card>
    );
  }
  return (
    <Card title="Audit log">
      <p className="mb-3 text-sm text-slate-600">
        Organizer and facilitator actions, newest first. Member actions are never logged.
      </p>
      {result.value.events.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm">
          {result.value.events.map((e) => (
            <li key={e.id} className="py-2">
              <time dateTime={e.at} className="text-slate-600">
                {new Date(e.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
              </time>{" "}
              · <strong>{e.actor ?? "former member"}</strong> · {e.action}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
