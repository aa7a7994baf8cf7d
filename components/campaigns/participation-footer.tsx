import { Button } from "@/components/ui/button";

/**
 * The end of a member's own part of a campaign, whatever its kind: the last message, what is
 * wrong with a confirmation, and the ways out (withdraw, export everything of theirs).
 */
export function ParticipationFooter({
  message,
  problems,
  onWithdraw,
}: {
  message: string;
  problems: string[];
  /** Absent while the member has no record to withdraw. */
  onWithdraw?: () => void;
}) {
  return (
    <>
      <p aria-live="polite" className="text-sm" data-testid="participation-message">
        {message}
      </p>
      {problems.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-red-700" data-testid="problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-3">
        {onWithdraw && (
          <Button type="button" variant="danger" onClick={onWithdraw}>
            Withdraw from this campaign
          </Button>
        )}
        <a
          href="/api/v1/me/export"
          className="rounded-md border border-slate-300 px-4 py-2 text-sm"
        >
          Export my data (JSON)
        </a>
      </div>
    </>
  );
}
