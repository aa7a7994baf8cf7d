import { authedRoute } from "@/lib/api/respond";
import { getSamples } from "@/lib/data/datasets";
import { otherMethods } from "@/lib/api/method-not-allowed";

/** GET /api/v1/samples -> {samples: [{name, title, description, rows, columns, labels}]} */
export const GET = authedRoute(async () => Response.json({ samples: getSamples() }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
