import { Card } from "@/components/ui/card";
import { loadCollectivePage } from "@/lib/data/page-access";

export default async function CollectiveOverviewPage({ params }: { params: Promise<{ collectiveId: string }> }) {
  const { collectiveId } = await params;
  const { collective } = await loadCollectivePage(collectiveId);
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <div className="sm:col-span-2">
        <Card title="About">
          <p className="whitespace-pre-wrap text-slate-800">{collective.description || "No description yet."}</p>
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
