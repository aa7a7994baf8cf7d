"use server";

import { redirect } from "next/navigation";
import { authedAction } from "@/lib/actions/authed-action";
import { changeMemberRole, removeMember } from "@/lib/data/members";
import type { FormState } from "@/components/ui/form-state";

export async function changeRoleAction(
  collectiveId: string,
  userId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  return authedAction(
    ({ db, actor }) =>
      changeMemberRole(db, actor, collectiveId, userId, { role: form.get("role") }),
    {
      revalidate: `/c/${collectiveId}/members`,
      onSuccess: (member) => ({ ok: true, message: `${member.handle} is now ${member.role}` }),
    },
  );
}

export async function removeMemberAction(
  collectiveId: string,
  userId: string,
  _prev: FormState,
): Promise<FormState> {
  return authedAction(({ db, actor }) => removeMember(db, actor, collectiveId, userId), {
    revalidate: `/c/${collectiveId}/members`,
    onSuccess: (_, { actor }) =>
      userId === actor.userId ? redirect("/") : { ok: true, message: "Removed" },
  });
}
