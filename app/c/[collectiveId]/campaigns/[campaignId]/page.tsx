import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { changeCampaignStatusAction } from "./actions";
import { CampaignControls } from "@/components/campaigns/campaign-controls";
import { CampaignStats } from "@/components/campaigns/campaign-stats";
import { MyParticipation } from "@/components/campaigns/my-participation";
import { MySequence } from "@/components/recommender/my-sequence";
import { SteerPlan } from "@/components/steer/steer-plan";
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

const statusText = {
  draft: "Draft (not visible to members)",
  launched: "Live",
  paused: "Paused",
  ended: "Ended",
} as const;

export default async function CampaignPage({
  params,
}: {
  params: Promise<{ collectiveId: string; campaignId: string }>;
}) {
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
  const authorisedBy = c.authorisedBySessionId
    ? authorising.find((s) => s.id === c.authorisedBySessionId)
    : undefined;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h2 className="text-xl font-semibold" data-testid="campaign-name">
          {c.name}
        </h2>
        <p className="text-sm text-slate-600" data-testid="campaign-status">
          {statusText[c.status]}
        </p>
        {c.authorisedBySessionId && (
          <p className="text-sm text-slate-600">
            Launch authorised by the consent round {authorisedBy ? `“${authorisedBy.title}”` : ""}.
          </p>
        )}
      </div>
      {isOrganizer && (
        <Card title="Run the campaign">
          <CampaignControls
            status={c.status}
            changeStatus={changeCampaignStatusAction.bind(null, collectiveId, campaignId)}
            authorisingSessions={authorising}
          />
          {stats?.ok && <CampaignStats stats={stats.value} />}
        </Card>
      )}
      {c.steerPlan && (
        <Card title="The plan">
          <SteerPlan plan={c.steerPlan} />
        </Card>
      )}
      <Card title="Forecast: will it work?">
        <ForecastPanel
          campaignId={campaignId}
          canRequest={isOrganizer && c.status !== "ended"}
          initial={forecast.ok ? forecast.value : undefined}
          platformModels={c.kind === "classifier" ? c.platformModels : []}
        />
        {history.ok && <ForecastHistory forecasts={history.value} />}
      </Card>
      {c.status !== "draft" && (
        <Card title="Your part">
          {c.kind === "recommender" ? (
            <MySequence campaignId={campaignId} status={c.status} />
          ) : (
            <MyParticipation campaignId={campaignId} fields={c.fields} status={c.status} />
          )}
        </Card>
      )}
    </div>
  );
}
