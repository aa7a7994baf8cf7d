import type { Metadata } from "next";
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
}: {
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { actor, collective } = await loadCollectivePage(collectiveId);
  const result = await getMembers(await getDb(), actor, collectiveId);
  if (!result.ok) throw new Error(result.message);
  const { count, members } = result.value;
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
