import type { Metadata } from "next";
import { CampaignDesigner } from "@/components/campaigns/campaign-designer";
import { Card } from "@/components/ui/card";
import { getDatasets, getSamples } from "@/lib/data/datasets";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";

export const metadata: Metadata = { title: "Design a campaign" };

export default async function NewCampaignPage({ params }: { params: Promise<{ collectiveId: string }> }) {
  const { collectiveId } = await params;
  const { actor } = await loadCollectivePage(collectiveId);
  const datasets = await getDatasets(await getDb(), actor, collectiveId);
  if (!datasets.ok) return <Card><p>Only organizers design campaigns.</p></Card>;
  const sources = [
    ...getSamples().map((s) => ({
      value: `sample:${s.name}`,
      label: `Built-in: ${s.title} (${s.rows} rows)`,
      columns: [...new Set([s.columns.label, ...s.columns.text, ...s.columns.categorical, ...s.columns.numeric, ...(s.columns.group ? [s.columns.group] : [])])],
      schema: s.columns,
      labels: s.labels,
    })),
    ...datasets.value.map((d) => ({ value: `dataset:${d.id}`, label: `Uploaded: ${d.name} (${d.rows} rows)`, columns: d.columns })),
  ];
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-xl font-semibold">Design a campaign</h2>
      <CampaignDesigner collectiveId={collectiveId} sources={sources} />
    </div>
  );
}
