import { authedRoute } from "@/lib/api/respond";
import { signOutEverywhere } from "@/lib/data/account-sessions";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** POST /api/v1/me/sign-out-everywhere -> 204; every session and API token of the caller stops working. */
export const POST = authedRoute(async ({ db, actor }) => {
  await signOutEverywhere(db, actor);
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
