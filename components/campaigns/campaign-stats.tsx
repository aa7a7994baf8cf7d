import type { CampaignStatsDto } from "@/lib/data/campaigns";

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-slate-50 p-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * The organizers' aggregates. Every figure comes pre-labelled by the server's minimum-count
 * rule (lib/privacy.ts): a withheld one reads "fewer than 5", never a number worked out here.
 */
export function CampaignStats({ stats }: { stats: CampaignStatsDto }) {
  const { labels } = stats;
  return (
    <dl className="mt-4 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3" data-testid="campaign-stats">
      <Stat label="Members" value={labels.members} />
      <Stat label="Records submitted" value={labels.recordsSubmitted} />
      <Stat label="Active (confirmed)" value={labels.activeMembers} testId="active-members" />
      <Stat
        label="Misexecution rate (of those who tried to confirm)"
        value={
          stats.misexecutionRate === null
            ? `${labels.misexecutionRate} tried to confirm`
            : labels.misexecutionRate
        }
      />
      <Stat
        label="alpha = active / population"
        value={
          stats.alpha === null
            ? `${labels.alpha} active`
            : `${labels.alpha} of ${stats.populationSize}`
        }
      />
    </dl>
  );
}
