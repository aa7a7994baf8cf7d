import { authedRoute } from "@/lib/api/respond";
import { exportMyData } from "@/lib/data/export";

/** GET /api/v1/me/export: everything Concert holds about the caller, as a JSON download. */
export const GET = authedRoute(async ({ db, actor }) =>
  Response.json(await exportMyData(db, actor), {
    headers: { "Content-Disposition": 'attachment; filename="concert-my-data.json"', "Cache-Control": "no-store" },
  }),
);
