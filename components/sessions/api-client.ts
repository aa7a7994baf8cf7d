/** Browser-side calls to the session API (same origin, session cookie). */
export interface ApiOutcome<T> {
  ok: boolean;
  status: number;
  data?: T;
  message?: string;
}

export async function postJson<T>(url: string, body?: unknown): Promise<ApiOutcome<T>> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, status: res.status, data: json as T };
    const message =
      json && typeof json === "object" && "error" in json && json.error && typeof json.error === "object" && "message" in json.error
        ? String(json.error.message)
        : `Request failed (${res.status})`;
    return { ok: false, status: res.status, message };
  } catch {
    return { ok: false, status: 0, message: "Could not reach the server. Check your connection." };
  }
}
