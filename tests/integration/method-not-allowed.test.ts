import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import { freshDatabase } from "../helpers/db";

/**
 * Every /api/v1 route answers a method it does not serve with 405 in the API's error shape
 * (Next's own 405 has an empty body), names what it serves in `Allow`, and is listed in the
 * README's API table with each method it serves; the table lists nothing that does not exist.
 */
const root = path.resolve(__dirname, "../..");
const apiDir = path.join(root, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return routeFiles(full);
    return d.name === "route.ts" ? [full] : [];
  });
}

/** "app/api/v1/campaigns/[campaignId]/end/route.ts" -> "/campaigns/{}/end". */
function apiPath(file: string): string {
  const rel = path.relative(apiDir, path.dirname(file)).split(path.sep).join("/");
  return `/${rel}`.replace(/\[[^\]]+\]/g, "{}");
}

/** `METHOD /path` pairs named in the README's API table ({id} etc. -> {}, no query). */
function readmeRoutes(): Set<string> {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.search(/\| Method and path\s+\|/);
  expect(start).toBeGreaterThan(0);
  const table = readme.slice(start).split("\n\n")[0] ?? "";
  const out = new Set<string>();
  for (const line of table.split("\n").slice(2)) {
    const first = line.split("|")[1] ?? "";
    for (const m of first.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?]+)[^`]*`/g))
      out.add(`${m[1]} ${(m[2] ?? "").trim().replace(/\{[^}]+\}/g, "{}")}`);
  }
  return out;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => unknown;

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});

const files = routeFiles(apiDir).filter((f) => !f.includes("[...unknown]"));

describe("405 in the error shape, and the README's API table", () => {
  it("finds the routes", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  const served = new Set<string>();

  for (const file of files) {
    const where = apiPath(file);
    it(`${where}: other methods answer 405 with the error shape and Allow`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const refused: string[] = [];
      const answered: string[] = [];
      for (const method of METHODS) {
        const handler = mod[method];
        // Without a handler, Next itself would answer 405 with an empty body.
        expect(typeof handler, `${method} ${where} is exported`).toBe("function");
        const req = new Request(`http://localhost/api/v1${where}`, { method });
        const res = (await (handler as Handler)(req, {
          params: Promise.resolve({ id: "x", campaignId: "x", sessionId: "x", token: "x" }),
        })) as Response;
        if (res.status === 405) {
          refused.push(method);
          expect(await res.json()).toEqual({
            error: { code: "method_not_allowed", message: expect.any(String) },
          });
          const allow = (res.headers.get("allow") ?? "").split(", ");
          expect(allow).not.toContain(method);
        } else {
          answered.push(method);
          served.add(`${method} ${where}`);
        }
      }
      expect(answered.length).toBeGreaterThan(0);
      // Allow names exactly the methods that did not answer 405 (+ HEAD for GET, OPTIONS).
      const expected = new Set([
        ...answered,
        "OPTIONS",
        ...(answered.includes("GET") ? ["HEAD"] : []),
      ]);
      const options = (mod.OPTIONS as () => Response)();
      expect(options.status).toBe(204);
      expect(new Set((options.headers.get("allow") ?? "").split(", "))).toEqual(expected);
      for (const method of refused) {
        const res = (await (mod[method] as Handler)(
          new Request(`http://localhost/api/v1${where}`, { method }),
          { params: Promise.resolve({}) },
        )) as Response;
        expect(new Set((res.headers.get("allow") ?? "").split(", "))).toEqual(expected);
      }
    });
  }

  it("the README's API table lists every route and method, and nothing else", () => {
    expect(served.size).toBeGreaterThan(40);
    const listed = readmeRoutes();
    expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
    expect([...listed].filter((r) => !served.has(r)).sort()).toEqual([]);
  });
});
