import { authedRoute } from "@/lib/api/respond";
import { getMe } from "@/lib/data/accounts";

/** GET /api/v1/me -> {id, handle, collectives: [{id, name, role}]} */
export const GET = authedRoute(async ({ db, actor }) => Response.json(await getMe(db, actor)));
