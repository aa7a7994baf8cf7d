import { errorResponse } from "@/lib/api/respond";
import { fail } from "@/lib/errors";

/** Anything under /api/v1 that no route serves: the API's JSON error, not the HTML 404 page. */
const notFound = () =>
  Promise.resolve(
    errorResponse(fail("not_found", "No such API endpoint (see the README's API table)")),
  );

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
};
