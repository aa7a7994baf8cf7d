import type { FormState } from "@/components/ui/form-state";
import { safeReturnTo } from "@/lib/validation/return-to";

interface Router {
  push(href: string): void;
  refresh(): void;
}

/** The join page's acceptInviteAction, bound by the sign-in or sign-up page to the invite token. */
export type JoinAction = () => Promise<FormState>;

/**
 * Where a freshly signed-in person goes: straight into the collective when they came
 * through an invite link (`join`), else back where they started.
 */
export async function goAfterSignIn(
  router: Router,
  returnTo: string,
  join?: JoinAction,
): Promise<void> {
  if (join) {
    const joined = await join();
    const collectiveId = joined?.ok ? joined.data?.collectiveId : undefined;
    if (collectiveId) {
      router.push(`/c/${collectiveId}`);
      router.refresh();
      return;
    }
  }
  // Checked again here: returnTo arrives as a prop, and this is the last step before navigating.
  router.push(safeReturnTo(returnTo));
  router.refresh();
}
