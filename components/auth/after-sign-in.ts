import { acceptInviteAction } from "@/app/(public)/join/[token]/actions";
import { safeReturnTo } from "@/lib/validation/return-to";

interface Router {
  push(href: string): void;
  refresh(): void;
}

/**
 * Where a freshly signed-in person goes: straight into the collective when they came
 * through an invite link, else back where they started.
 */
export async function goAfterSignIn(router: Router, returnTo: string, inviteToken?: string): Promise<void> {
  if (inviteToken) {
    const joined = await acceptInviteAction(inviteToken);
    if (joined.ok) {
      router.push(`/c/${joined.collectiveId}`);
      router.refresh();
      return;
    }
  }
  // Checked again here: returnTo arrives as a prop, and this is the last step before navigating.
  router.push(safeReturnTo(returnTo));
  router.refresh();
}
