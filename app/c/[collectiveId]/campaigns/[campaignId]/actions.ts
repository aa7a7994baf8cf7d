"use server";

import { authedAction } from "@/lib/actions/authed-action";
import { changeCampaignStatus } from "@/lib/data/campaigns";
import type { FormState } from "@/components/ui/form-state";
import { formText } from "@/lib/validation/form-data";

const intents = ["launch", "pause", "end"] as const;
const isIntent = (v: unknown): v is (typeof intents)[number] => intents.some((i) => i === v);

/** Launch (optionally naming the consent round that authorised it), pause or end: the button pressed says which. */
export async function changeCampaignStatusAction(
  collectiveId: string,
  campaignId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const intent = form.get("intent");
  if (!isIntent(intent)) return { ok: false, message: "Launch, pause or end the campaign" };
  const sessionId =
    intent === "launch" ? String(formText(form, "sessionId")) || undefined : undefined;
  return authedAction(
    ({ db, actor }) =>
      changeCampaignStatus(db, actor, campaignId, intent, { authorisedBySessionId: sessionId }),
    {
      revalidate: `/c/${collectiveId}/campaigns/${campaignId}`,
    },
  );
}
