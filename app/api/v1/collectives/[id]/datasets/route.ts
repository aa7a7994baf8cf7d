import { readBodyText, readFormData } from "@/lib/api/read-body";
import { authedRoute, errorResponse, toResponse } from "@/lib/api/respond";
import { getDatasets, MAX_CSV_BYTES, uploadDataset } from "@/lib/data/datasets";
import { fail } from "@/lib/errors";
import { otherMethods } from "@/lib/api/method-not-allowed";
import { formText } from "@/lib/validation/form-data";

/**
 * POST /api/v1/collectives/{id}/datasets, body: the CSV itself (text/csv) or multipart with a
 * `file` (and optional `name`) -> 201 {id, rows, columns}
 */
export const POST = authedRoute<{ id: string }>(async ({ req, db, actor, params }) => {
  const type = req.headers.get("content-type") ?? "";
  let csv: string;
  let name = new URL(req.url).searchParams.get("name") ?? undefined;
  // Read as a stream that stops at the limit (with room for multipart framing): a chunked
  // upload has no Content-Length to check first.
  if (type.startsWith("multipart/form-data")) {
    const read = await readFormData(req, MAX_CSV_BYTES + 64_000, "file");
    if (!read.ok) return toResponse(read);
    const form = read.value;
    const file = form?.get("file");
    if (!form || !(file instanceof Blob)) {
      return errorResponse(
        fail("validation", "Attach the CSV as `file`", { fields: { file: ["Required"] } }),
      );
    }
    csv = await file.text();
    name = String(formText(form, "name")) || (file instanceof File ? file.name : undefined) || name;
  } else {
    const read = await readBodyText(req, MAX_CSV_BYTES, "file");
    if (!read.ok) return toResponse(read);
    csv = read.value;
  }
  if (!csv.trim())
    return errorResponse(
      fail("validation", "The file is empty", { fields: { file: ["Empty file"] } }),
    );
  const result = await uploadDataset(db, actor, params.id, { name, csv });
  if (!result.ok) return toResponse(result);
  const { id, rows, columns } = result.value;
  return Response.json({ id, rows, columns }, { status: 201 });
});

/** GET /api/v1/collectives/{id}/datasets -> {datasets: [...]} (organizers) */
export const GET = authedRoute<{ id: string }>(async ({ db, actor, params }) => {
  const result = await getDatasets(db, actor, params.id);
  return result.ok ? Response.json({ datasets: result.value }) : toResponse(result);
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
