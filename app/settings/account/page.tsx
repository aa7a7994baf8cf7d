import type { Metadata } from "next";
import { deleteAccountAction, signOutEverywhereAction } from "./actions";
import { DeleteAccountForm } from "@/components/settings/delete-account-form";
import { Card } from "@/components/ui/card";
import { ConfirmSubmitButton } from "@/components/ui/confirm-submit-button";
import { getDb } from "@/lib/data/db";
import { requireSessionActor } from "@/lib/auth/session";
import { countMySessions } from "@/lib/data/account-sessions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireSessionActor("/settings/account");
  const sessions = await countMySessions(await getDb(), actor);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Account</h1>
      <Card title="Sign out everywhere">
        <div className="flex flex-col gap-3">
          <p className="text-slate-700">
            You are signed in as <strong>{actor.handle}</strong> in{" "}
            {sessions === 1 ? "1 browser" : `${sessions} browsers`}. A sign-in lasts at most 7 days.
          </p>
          <p className="text-slate-700">
            If a device is lost, or someone may have copied your session, sign out everywhere. Every
            browser is signed out, this one too, and every API token stops working.
          </p>
          <form action={signOutEverywhereAction}>
            <ConfirmSubmitButton
              question="Sign out of every browser, this one included, and revoke all your API tokens?"
              pendingText="Signing out everywhere…"
            >
              Sign out everywhere
            </ConfirmSubmitButton>
          </form>
        </div>
      </Card>
      <Card title="Delete my account">
        <div className="flex flex-col gap-3">
          <div id="delete-account-effects" className="text-slate-700">
            <p>Deleting your account cannot be undone. It:</p>
            <ul className="mt-1 list-disc pl-6">
              <li>
                deletes your handle, email, password and API tokens, and signs you out everywhere;
              </li>
              <li>removes you from your collectives;</li>
              <li>destroys the records you submitted to campaigns;</li>
              <li>
                keeps your votes only as anonymous counts in the results, with nothing linking them
                to you;
              </li>
              <li>keeps statements you wrote, without your name.</li>
            </ul>
            <p className="mt-2">
              If you are the last organizer of a collective, make another member organizer first.
            </p>
          </div>
          <DeleteAccountForm handle={actor.handle} action={deleteAccountAction} />
        </div>
      </Card>
    </div>
  );
}
