import type { Metadata } from "next";
import Link from "next/link";
import { changeRoleAction, removeMemberAction } from "./actions";
import { Card } from "@/components/ui/card";
import { LeaveButton, ManagedMemberRow } from "@/components/collectives/member-row";
import { getDb } from "@/lib/data/db";
import { getMembers } from "@/lib/data/members";
import { loadCollectivePage } from "@/lib/data/page-access";
import { can } from "@/lib/permissions";
import { MIN_GROUP_SIZE } from "@/lib/privacy";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ collectiveId: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { collectiveId } = await params;
  const { after } = await searchParams;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const page = typeof after === "string" && after ? { after } : {};
  let result = await getMembers(await getDb(), actor, collectiveId, page);
  // A hand-edited or stale `after` falls back to the first page rather than an error page.
  if (!result.ok && page.after) result = await getMembers(await getDb(), actor, collectiveId);
  if (!result.ok) throw new Error(result.message);
  const { count, members, nextAfter } = result.value;
  const isOrganizer = can(collective.role, "members:manage");
  return (
    <div className="flex flex-col gap-4">
      <Card title={`Members (${count})`}>
        {!members ? (
          <p className="text-slate-700" data-testid="members-hidden">
            To protect members, names are shown once the collective has at least {MIN_GROUP_SIZE}{" "}
            members.
          </p>
        ) : isOrganizer ? (
          <ul className="divide-y divide-slate-200" aria-label="Members">
            {members.flatMap((m) =>
              m.id
                ? [
                    <ManagedMemberRow
                      key={m.id}
                      id={m.id}
                      handle={m.handle}
                      role={m.role}
                      isSelf={m.id === actor.userId}
                      changeRole={changeRoleAction.bind(null, collectiveId, m.id)}
                      remove={removeMemberAction.bind(null, collectiveId, m.id)}
                    />,
                  ]
                : [],
            )}
          </ul>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Members">
            {members.map((m) => (
              <li key={m.handle} className="flex justify-between py-2" data-testid="member-row">
                <span>{m.handle}</span>
                <span className="text-sm text-slate-600">{m.role}</span>
              </li>
            ))}
          </ul>
        )}
        {members && (page.after || nextAfter) && (
          <nav aria-label="Member pages" className="mt-3 flex gap-4 text-sm">
            {page.after && (
              <Link className="text-brand-700 underline" href={`/c/${collectiveId}/members`}>
                First page
              </Link>
            )}
            {nextAfter && (
              <Link
                className="text-brand-700 underline"
                href={`/c/${collectiveId}/members?after=${encodeURIComponent(nextAfter)}`}
              >
                Next page
              </Link>
            )}
          </nav>
        )}
      </Card>
      {!isOrganizer && (
        <Card title="Leave">
          <p className="mb-3 text-sm text-slate-700">
            You can leave at any time. Your records in this collective&apos;s campaigns are deleted
            when you leave: withdraw from a campaign first to see how to undo what you changed on
            the platform.
          </p>
          <LeaveButton leave={removeMemberAction.bind(null, collectiveId, actor.userId)} />
        </Card>
      )}
    </div>
  );
}
