import type { Metadata } from "next";
import { CampaignDesigner } from "@/components/campaigns/campaign-designer";
import { KindChooser } from "@/components/campaigns/kind-chooser";
import { RecommenderDesigner } from "@/components/recommender/recommender-designer";
import { SteerDesigner } from "@/components/steer/steer-designer";
import { Card } from "@/components/ui/card";
import { getDatasets, getSamples } from "@/lib/data/datasets";
import { getDb } from "@/lib/data/db";
import { getSteerSamples } from "@/lib/data/steer-campaigns";
import { loadCollectivePage } from "@/lib/data/page-access";
import { getSessionView, type SessionViewDto } from "@/lib/data/sessions";

export const metadata: Metadata = { title: "Design a campaign" };

export default async function NewCampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ collectiveId: string }>;
  searchParams: Promise<{ from?: string }>;
}) {
  const { collectiveId } = await params;
  const { from } = await searchParams;
  const { actor } = await loadCollectivePage(collectiveId);
  const datasets = await getDatasets(await getDb(), actor, collectiveId);
  if (!datasets.ok)
    return (
      <Card>
        <p>Only organizers design campaigns.</p>
      </Card>
    );
  // A goal drafted from a session's outcome starts with its title and shows where it came from.
  const origin = from ? await getSessionView(await getDb(), actor, from) : null;
  const fromSession =
    origin?.ok && origin.value.collectiveId === collectiveId ? origin.value : null;
  const sources = [
    ...getSamples().map((s) => ({
      value: `sample:${s.name}`,
      label: `Built-in: ${s.title} (${s.rows} rows)`,
      columns: [
        ...new Set([
          s.columns.label,
          ...s.columns.text,
          ...s.columns.categorical,
          ...s.columns.numeric,
          ...(s.columns.group ? [s.columns.group] : []),
        ]),
      ],
      schema: s.columns,
      labels: s.labels,
    })),
    ...datasets.value.map((d) => ({
      value: `dataset:${d.id}`,
      label: `Uploaded: ${d.name} (${d.rows} rows)`,
      columns: d.columns,
    })),
  ];
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-xl font-semibold">Design a campaign</h2>
      {fromSession && (
        <div className="text-sm text-slate-700" data-testid="from-session">
          <p>
            Drafted from the session “{fromSession.title}”: {fromSession.prompt}
          </p>
          {outcomeLines(fromSession.results).length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {outcomeLines(fromSession.results).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <KindChooser
        designers={{
          classifier: (
            <CampaignDesigner
              collectiveId={collectiveId}
              sources={sources}
              initialName={fromSession?.title ?? ""}
            />
          ),
          recommender: (
            <RecommenderDesigner
              collectiveId={collectiveId}
              initialName={fromSession?.title ?? ""}
              datasets={datasets.value.map((d) => ({
                value: `dataset:${d.id}`,
                label: `Uploaded: ${d.name} (${d.rows} rows)`,
                columns: d.columns,
              }))}
            />
          ),
          regression: (
            <SteerDesigner
              collectiveId={collectiveId}
              samples={getSteerSamples()}
              datasets={datasets.value.map((d) => ({
                value: `dataset:${d.id}`,
                label: `Uploaded: ${d.name} (${d.rows} rows)`,
                columns: d.columns,
              }))}
              initialName={fromSession?.title ?? ""}
            />
          ),
        }}
      />
    </div>
  );
}

/** What the session decided, in a few lines: common ground, or the options ranked first. */
function outcomeLines(results: SessionViewDto["results"]): string[] {
  if (!results.visible) return [];
  switch (results.format) {
    case "statements":
      return results.statements.consensus.map(
        (c) => `Most groups ${c.direction}: ${results.texts[c.statementId] ?? ""}`,
      );
    case "dots":
      return results.dots.options
        .slice(0, 3)
        .map((o) => `Ranked ${o.rank}: ${results.texts[o.optionId] ?? ""} (${o.dots} dots)`);
    case "consent":
      return [results.consent.status];
  }
}
