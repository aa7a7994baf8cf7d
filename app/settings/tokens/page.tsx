import type { Metadata } from "next";
import { createTokenAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { Card } from "@/components/ui/card";
import { ConfirmActionForm } from "@/components/ui/confirm-action-form";
import { getDb } from "@/lib/data/db";
import { requireSessionActor } from "@/lib/auth/session";
import { listMyApiTokens } from "@/lib/data/accounts";

export const metadata: Metadata = { title: "API tokens" };

const fmt = (d: Date | null) =>
  d ? d.toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC" : "never";

export default async function TokensPage() {
  const actor = await requireSessionActor("/settings/tokens");
  const tokens = await listMyApiTokens(await getDb(), actor);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">API tokens</h1>
      <Card title="New token">
        <CreateTokenForm action={createTokenAction} />
      </Card>
      <Card title="Your tokens">
        {tokens.length === 0 ? (
          <p className="text-slate-700">No tokens yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Your tokens">
            {tokens.map((t) => (
              <li
                key={t.id}
                className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
              >
                <span className="text-sm">
                  <strong>{t.name}</strong> · created {fmt(t.createdAt)} · last used{" "}
                  {fmt(t.lastUsedAt)}
                </span>
                <ConfirmActionForm
                  action={revokeTokenAction.bind(null, t.id)}
                  question={`Revoke the token “${t.name}”? Anything using it stops working.`}
                  pendingText="Revoking…"
                  label={`Revoke token ${t.name}`}
                >
                  Revoke
                </ConfirmActionForm>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
