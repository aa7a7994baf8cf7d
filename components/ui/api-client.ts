/** Browser-side calls to the JSON API (same origin, session cookie), errors as one line. */
export interface ApiOutcome<T> {
  ok: boolean;
  status: number;
  data?: T;
  message?: string;
  /** Per-field messages of a 422. */
  fields?: Record<string, string[]>;
}

/** The message of the API's `{ error: { message } }` shape, or a fallback. */
export function apiErrorMessage(json: unknown, fallback: string): string {
  if (json && typeof json === "object" && "error" in json && json.error && typeof json.error === "object" && "message" in json.error) {
    return String(json.error.message);
  }
  return fallback;
}

export async function callApi<T>(url: string, method: string, body?: unknown | FormData): Promise<ApiOutcome<T>> {
  try {
    const isForm = typeof FormData !== "undefined" && body instanceof FormData;
    const res = await fetch(url, {
      method,
      headers: body === undefined || isForm ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => null);
    // The API's success bodies are typed by its route; the caller names the type it expects.
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    return { ok: false, status: res.status, message: apiErrorMessage(json, `Request failed (${res.status})`), fields: fieldsOf(json) };
  } catch {
    return { ok: false, status: 0, message: "Could not reach the server. Check your connection." };
  }
}

export const postJson = <T>(url: string, body?: unknown) => callApi<T>(url, "POST", body);

function fieldsOf(json: unknown): Record<string, string[]> | undefined {
  if (!json || typeof json !== "object" || !("error" in json) || !json.error || typeof json.error !== "object") return undefined;
  if (!("fields" in json.error) || !json.error.fields || typeof json.error.fields !== "object") return undefined;
  return Object.fromEntries(
    Object.entries(json.error.fields).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]),
  );
}
