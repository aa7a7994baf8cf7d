/** Calls a Next route handler directly with a real Request, as the server would. */
type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions<P> {
  token?: string;
  body?: unknown;
  rawBody?: string;
  params?: P;
  headers?: Record<string, string>;
}

export async function call<P>(
  handler: Handler<P>,
  method: string,
  path: string,
  opts: CallOptions<P> = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`http://localhost${path}`, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? ({} as P)) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}
