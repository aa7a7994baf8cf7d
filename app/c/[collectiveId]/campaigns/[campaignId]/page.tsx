import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CampaignControls } from "@/components/campaigns/campaign-controls";
import { MyParticipation } from "@/components/campaigns/my-participation";
import { ForecastHistory } from "@/components/forecast/forecast-history";
import { ForecastPanel } from "@/components/forecast/forecast-panel";
import { Card } from "@/components/ui/card";
import { getCampaign, getCampaignStats } from "@/lib/data/campaigns";
import { latestForecast, listForecasts } from "@/lib/data/forecasts";
import { listAuthorisingSessions } from "@/lib/data/sessions";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { can, isRole } from "@/lib/permissions";

export const metadata: Metadata = { title: "Campaign" };

const statusText = { draft: "Draft (not visible to members)", launched: "Live", paused: "Paused", ended: "Ended" } as const;

export default async function CampaignPage({ params }: { params: Promise<{ collectiveId: string; campaignId: string }> }) {
  const { collectiveId, campaignId } = await params;
  const { actor } = await loadCollectivePage(collectiveId);
  const db = await getDb();
  const result = await getCampaign(db, actor, campaignId);
  if (!result.ok || result.value.collectiveId !== collectiveId) notFound();
  const c = result.value;
  const isOrganizer = isRole(c.role) && can(c.role, "campaigns:manage");
  if (c.status === "draft" && !isOrganizer) notFound();
  const stats = isOrganizer ? await getCampaignStats(db, actor, campaignId) : null;
  const authorising = await listAuthorisingSessions(db, collectiveId);
  const forecast = await latestForecast(db, actor, campaignId);
  const history = await listForecasts(db, actor, campaignId);
  const authorisedBy = c.authorisedBySessionId ? authorising.find((s) => s.id === c.authorisedBySessionId) : undefined;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h2 className="text-xl font-semibold" data-testid="campaign-name">{c.name}</h2>
        <p className="text-sm text-slate-600" data-testid="campaign-status">{statusText[c.status]}</p>
        {c.authorisedBySessionId && (
          <p className="text-sm text-slate-600">Launch authorised by the consent round {authorisedBy ? `“${authorisedBy.title}”` : ""}.</p>
        )}
      </div>
      {isOrganizer && (
        <Card title="Run the campaign">
          <CampaignControls campaignId={campaignId} status={c.status} authorisingSessions={authorising} />
          {stats?.ok && (
            <dl className="mt-4 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3" data-testid="campaign-stats">
              <Stat label="Members" value={stats.value.labels.members} />
              <Stat label="Records submitted" value={stats.value.labels.recordsSubmitted} />
              <Stat label="Active (confirmed)" value={stats.value.labels.activeMembers} testId="active-members" />
              <Stat label="Misexecution rate" value={stats.value.misexecutionRate === null ? "shown from 5 records" : `${(stats.value.misexecutionRate * 100).toFixed(1)}%`} />
              <Stat label="alpha = active / population" value={stats.value.alpha === null ? "shown from 5 active" : `${(stats.value.alpha * 100).toFixed(3)}% of ${stats.value.populationSize}`} />
            </dl>
          )}
        </Card>
      )}
      <Card title="Forecast: will it work?">
        <ForecastPanel campaignId={campaignId} canRequest={isOrganizer && c.status !== "ended"} initial={forecast.ok ? forecast.value : undefined} />
        {history.ok && <ForecastHistory forecasts={history.value} />}
      </Card>
      {c.status !== "draft" && (
        <Card title="Your part">
          <MyParticipation campaignId={campaignId} fields={c.fields} status={c.status} />
        </Card>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 p-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={testId}>{value}</dd>
    </div>
  );
}
