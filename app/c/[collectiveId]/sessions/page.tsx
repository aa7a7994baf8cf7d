import type { Metadata } from "next";
import Link from "next/link";
import { createSessionAction } from "./actions";
import { CreateSessionForm } from "@/components/sessions/create-session-form";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { getSessions } from "@/lib/data/sessions";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Sessions" };

const formatText = {
  statements: "Statement voting",
  dots: "Dot voting",
  consent: "Consent round",
} as const;

export default async function SessionsPage({
  params,
}: {
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const result = await getSessions(await getDb(), actor, collectiveId);
  if (!result.ok) throw new Error(result.message);
  return (
    <div className="flex flex-col gap-4">
      <Card title="Sessions">
        {result.value.length === 0 ? (
          <p className="text-slate-700">No sessions yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Sessions">
            {result.value.map((s) => (
              <li key={s.id} className="py-2">
                <Link
                  href={`/c/${collectiveId}/sessions/${s.id}`}
                  className="text-brand-700 font-medium underline"
                >
                  {s.title}
                </Link>
                <span className="ml-2 text-sm text-slate-600">
                  {formatText[s.format]} · {s.phase}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {can(collective.role, "sessions:run") && (
        <Card title="New session">
          <CreateSessionForm
            action={createSessionAction.bind(null, collectiveId)}
            statementSessions={result.value
              .filter((s) => s.format === "statements")
              .map((s) => ({ id: s.id, title: s.title }))}
          />
        </Card>
      )}
    </div>
  );
}
