import { authedRoute } from "@/lib/api/respond";
import { getSamples } from "@/lib/data/datasets";

/** GET /api/v1/samples -> {samples: [{name, title, description, rows, columns, labels}]} */
export const GET = authedRoute(async () => Response.json({ samples: getSamples() }));
