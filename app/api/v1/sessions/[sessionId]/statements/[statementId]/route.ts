import { authedRoute, readJson, toResponse } from "@/lib/api/respond";
import { moderateStatement } from "@/lib/data/session-participation";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** PATCH /api/v1/sessions/{id}/statements/{statementId} {status: approved|rejected} (facilitators) */
export const PATCH = authedRoute<{ sessionId: string; statementId: string }>(
  async ({ req, db, actor, params }) => {
    const body = await readJson(req);
    if (!body.ok) return toResponse(body);
    return toResponse(
      await moderateStatement(db, actor, params.sessionId, params.statementId, body.value),
    );
  },
);

export const { GET, POST, PUT, DELETE, OPTIONS } = otherMethods("PATCH");
