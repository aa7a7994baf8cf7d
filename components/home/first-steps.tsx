import Link from "next/link";
import { can, type Role } from "@/lib/permissions";

const linkClass = "text-brand-700 font-semibold underline";

/** A collective with no session and no campaign yet: what to do first, for the role one holds. */
export function FirstSteps({
  collectiveId,
  role,
  memberCount,
}: {
  collectiveId: string;
  role: Role;
  memberCount: number;
}) {
  const base = `/c/${collectiveId}`;
  const canInvite = can(role, "invites:manage");
  const canRun = can(role, "sessions:run");
  const canDesign = can(role, "campaigns:manage");
  if (!canInvite && !canRun && !canDesign) {
    return (
      <p className="text-slate-700" data-testid="first-steps">
        Nothing has started yet. When a facilitator opens a session or an organizer launches a
        campaign, it appears here, and under Sessions and Campaigns.
      </p>
    );
  }
  return (
    <div data-testid="first-steps">
      <p className="text-slate-700">Nothing has started yet. What to do first:</p>
      <ol className="mt-2 flex list-decimal flex-col gap-2 pl-5 text-slate-800">
        {canInvite && (
          <li>
            <Link href={`${base}/invites`} className={linkClass}>
              Invite people
            </Link>
            .{" "}
            {memberCount < 5
              ? `Results and totals need at least 5 members; you have ${memberCount}.`
              : "Send each person a link."}
          </li>
        )}
        {canRun && (
          <li>
            <Link href={`${base}/sessions`} className={linkClass}>
              Run a session to decide a goal
            </Link>
            : vote on statements, spend dots, or hold a consent round.
          </li>
        )}
        <li>
          {canDesign ? (
            <Link href={`${base}/campaigns/new`} className={linkClass}>
              Design a campaign
            </Link>
          ) : (
            "An organizer designs a campaign"
          )}{" "}
          from the goal: what each member changes, and a forecast of whether it will work.
        </li>
      </ol>
    </div>
  );
}
