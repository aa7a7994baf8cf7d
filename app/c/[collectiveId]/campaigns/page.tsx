import type { Metadata } from "next";
import Link from "next/link";
import { UploadDatasetForm } from "@/components/campaigns/upload-dataset-form";
import { Card } from "@/components/ui/card";
import { getCampaigns } from "@/lib/data/campaigns";
import { getDatasets } from "@/lib/data/datasets";
import { getDb } from "@/lib/data/db";
import { loadCollectivePage } from "@/lib/data/page-access";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Campaigns" };

const statusText = { draft: "Draft", launched: "Live", paused: "Paused", ended: "Ended" } as const;
const kindText = {
  classifier: "against a classifier",
  recommender: "against a recommender",
  regression: "against a regression",
} as const;

export default async function CampaignsPage({
  params,
}: {
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const db = await getDb();
  const list = await getCampaigns(db, actor, collectiveId);
  if (!list.ok) throw new Error(list.message);
  const isOrganizer = can(collective.role, "campaigns:manage");
  const datasets = isOrganizer ? await getDatasets(db, actor, collectiveId) : null;
  return (
    <div className="flex flex-col gap-4">
      <Card title="Campaigns">
        {list.value.length === 0 ? (
          <p className="text-slate-700">
            {isOrganizer
              ? "No campaigns yet. Design the first one: a goal (ideally one a session decided), a population sample, and the change each member makes."
              : "No campaign is running yet. When one is launched, you get your own instruction here."}
          </p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Campaigns">
            {list.value.map((c) => (
              <li key={c.id} className="py-2">
                <Link
                  href={`/c/${collectiveId}/campaigns/${c.id}`}
                  className="text-brand-700 font-medium underline"
                >
                  {c.name}
                </Link>
                <span className="ml-2 text-sm text-slate-600">
                  {kindText[c.kind]} · {statusText[c.status]}
                </span>
              </li>
            ))}
          </ul>
        )}
        {isOrganizer && (
          <Link
            href={`/c/${collectiveId}/campaigns/new`}
            className="bg-brand-600 mt-4 inline-block rounded-md px-4 py-2 text-sm font-semibold text-white"
          >
            Design a campaign
          </Link>
        )}
      </Card>
      {isOrganizer && datasets?.ok && (
        <Card title="Population samples">
          <p className="mb-3 text-sm text-slate-700">
            A proxy sample of the platform&apos;s population trains the shadow model. Upload one, or
            use a built-in sample when designing.
          </p>
          {datasets.value.length > 0 && (
            <ul className="mb-4 text-sm" aria-label="Uploaded samples">
              {datasets.value.map((d) => (
                <li key={d.id}>
                  {d.name}: {d.rows} rows · {d.columns.join(", ")}
                </li>
              ))}
            </ul>
          )}
          <UploadDatasetForm collectiveId={collectiveId} />
        </Card>
      )}
    </div>
  );
}
