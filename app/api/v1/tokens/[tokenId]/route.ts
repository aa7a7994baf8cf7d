import { authedRoute, toResponse } from "@/lib/api/respond";
import { revokeApiToken } from "@/lib/data/accounts";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** DELETE /api/v1/tokens/{id} -> 204 */
export const DELETE = authedRoute<{ tokenId: string }>(async ({ db, actor, params }) => {
  const result = await revokeApiToken(db, actor, params.tokenId);
  return result.ok ? new Response(null, { status: 204 }) : toResponse(result);
});

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
