import Link from "next/link";
import { FirstSteps } from "@/components/home/first-steps";
import { Card } from "@/components/ui/card";
import { getCampaigns } from "@/lib/data/campaigns";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { getSessions } from "@/lib/data/sessions";

export default async function CollectiveOverviewPage({
  params,
}: {
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const db = await getDb();
  const [campaigns, sessions] = await Promise.all([
    getCampaigns(db, actor, collectiveId),
    getSessions(db, actor, collectiveId),
  ]);
  const live = campaigns.ok ? campaigns.value.filter((c) => c.status === "launched") : [];
  const open = sessions.ok ? sessions.value.filter((s) => s.phase === "open") : [];
  const isEmpty =
    campaigns.ok && sessions.ok && campaigns.value.length === 0 && sessions.value.length === 0;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <div className="flex flex-col gap-4 sm:col-span-2">
        <Card title="About">
          <p className="whitespace-pre-wrap text-slate-800">
            {collective.description || "No description yet."}
          </p>
        </Card>
        <Card title="Happening now">
          {isEmpty ? (
            <FirstSteps
              collectiveId={collectiveId}
              role={collective.role}
              memberCount={collective.memberCount}
            />
          ) : live.length === 0 && open.length === 0 ? (
            <p className="text-slate-700">No live campaign and no open session.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {live.map((c) => (
                <li key={c.id}>
                  Campaign:{" "}
                  <Link
                    className="text-brand-700 underline"
                    href={`/c/${collectiveId}/campaigns/${c.id}`}
                  >
                    {c.name}
                  </Link>
                </li>
              ))}
              {open.map((s) => (
                <li key={s.id}>
                  Open session:{" "}
                  <Link
                    className="text-brand-700 underline"
                    href={`/c/${collectiveId}/sessions/${s.id}`}
                  >
                    {s.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="You">
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-600">Your role</dt>
          <dd data-testid="my-role">{collective.role}</dd>
          <dt className="text-slate-600">Members</dt>
          <dd data-testid="member-count">{collective.memberCount}</dd>
        </dl>
      </Card>
    </div>
  );
}
