import { fail, ok, type Result } from "@/lib/errors";

function tooLarge(limit: number, what: string) {
  const size =
    limit >= 1024 * 1024
      ? `${Math.floor(limit / 1024 / 1024)} MB`
      : `${Math.floor(limit / 1000)} kB`;
  return fail("payload_too_large", `The ${what} is larger than ${size}`);
}

/**
 * Reads a request body as a stream, counting bytes, and stops at `limit` without buffering
 * the rest: a chunked body (no Content-Length) cannot make us hold more than `limit`.
 */
async function readBodyBytes(
  req: Request,
  limit: number,
  what = "request body",
): Promise<Result<Uint8Array<ArrayBuffer>>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return tooLarge(limit, what);
  if (!req.body) return ok(new Uint8Array(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(limit, what);
      }
      chunks.push(value);
    }
  } catch {
    return fail("validation", `The ${what} could not be read`);
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return ok(bytes);
}

/** As readBodyBytes, decoded as UTF-8 (bad bytes become U+FFFD rather than failing). */
export async function readBodyText(
  req: Request,
  limit: number,
  what?: string,
): Promise<Result<string>> {
  const bytes = await readBodyBytes(req, limit, what);
  return bytes.ok ? ok(new TextDecoder().decode(bytes.value)) : bytes;
}

/** A multipart body read within `limit`, then parsed: `req.formData()` alone would buffer any size. */
export async function readFormData(
  req: Request,
  limit: number,
  what?: string,
): Promise<Result<FormData | null>> {
  const bytes = await readBodyBytes(req, limit, what);
  if (!bytes.ok) return bytes;
  const form = await new Response(bytes.value, {
    headers: { "content-type": req.headers.get("content-type") ?? "" },
  })
    .formData()
    .catch(() => null);
  return ok(form);
}
