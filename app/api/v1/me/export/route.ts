import { authedRoute } from "@/lib/api/respond";
import { exportMyData } from "@/lib/data/export";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/me/export: everything Concert holds about the caller, as a JSON download. */
export const GET = authedRoute(async ({ db, actor }) =>
  Response.json(await exportMyData(db, actor), {
    headers: {
      "Content-Disposition": 'attachment; filename="concert-my-data.json"',
      "Cache-Control": "no-store",
    },
  }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
