import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { createInviteAction, revokeInviteAction } from "./actions";
import { CreateInviteForm } from "@/components/collectives/create-invite-form";
import { Card } from "@/components/ui/card";
import { ConfirmActionForm } from "@/components/ui/confirm-action-form";
import { getDb } from "@/lib/data/db";
import { getInvites } from "@/lib/data/invites";
import { loadCollectivePage } from "@/lib/data/page-access";

export const metadata: Metadata = { title: "Invites" };

const statusText = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
  used_up: "Used up",
} as const;

export default async function InvitesPage({
  params,
}: {
  params: Promise<{ collectiveId: string }>;
}) {
  const { collectiveId } = await params;
  const { actor } = await loadCollectivePage(collectiveId);
  const result = await getInvites(await getDb(), actor, collectiveId);
  if (!result.ok) {
    if (result.code === "forbidden") {
      return (
        <Card>
          <p>Only organizers manage invites.</p>
        </Card>
      );
    }
    notFound();
  }
  return (
    <div className="flex flex-col gap-4">
      <Card title="Invite people">
        <CreateInviteForm action={createInviteAction.bind(null, collectiveId)} />
      </Card>
      <Card title="Invite links">
        {result.value.length === 0 ? (
          <p className="text-slate-700">No invites yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Invite links">
            {result.value.map((i) => (
              <li
                key={i.id}
                className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
                data-testid="invite-row"
              >
                <span className="text-sm">
                  <strong>{i.role}</strong> · {i.uses}/{i.maxUses} used · expires{" "}
                  <time dateTime={i.expiresAt}>
                    {new Date(i.expiresAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
                  </time>{" "}
                  · {statusText[i.status]}
                </span>
                {i.status === "active" && (
                  <ConfirmActionForm
                    action={revokeInviteAction.bind(null, collectiveId, i.id)}
                    question="Revoke this invite link? Nobody can join with it afterwards."
                    pendingText="Revoking…"
                    label={`Revoke the ${i.role} invite expiring ${i.expiresAt.slice(0, 10)}`}
                  >
                    Revoke
                  </ConfirmActionForm>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
