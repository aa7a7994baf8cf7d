import { CollectiveNav } from "@/components/collectives/collective-nav";
import { loadCollectivePage } from "@/lib/data/page-access";
import { can } from "@/lib/permissions";

export default async function CollectiveLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { collective } = await loadCollectivePage(collectiveId);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <p className="text-sm text-slate-600">{collective.platform || "Collective"}</p>
        <h1 className="text-2xl font-bold" data-testid="collective-name">
          {collective.name}
        </h1>
      </div>
      <CollectiveNav
        collectiveId={collective.id}
        isOrganizer={can(collective.role, "invites:manage")}
      />
      {children}
    </div>
  );
}
