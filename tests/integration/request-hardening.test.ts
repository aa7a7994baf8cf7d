import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as users from "@/app/api/v1/users/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as collectives from "@/app/api/v1/collectives/route";
import * as invites from "@/app/api/v1/collectives/[id]/invites/route";
import * as audit from "@/app/api/v1/collectives/[id]/audit/route";
import * as datasets from "@/app/api/v1/collectives/[id]/datasets/route";
import * as campaigns from "@/app/api/v1/collectives/[id]/campaigns/route";
import * as launch from "@/app/api/v1/campaigns/[campaignId]/launch/route";
import * as myRecord from "@/app/api/v1/campaigns/[campaignId]/my-record/route";
import { requestOrigin } from "@/lib/api/request-origin";
import { signInSchema } from "@/lib/validation/accounts";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";
import { collectiveWith, type Person } from "../helpers/people";

let open: OpenDatabase;
let g: Awaited<ReturnType<typeof collectiveWith>>;
beforeAll(async () => {
  open = await freshDatabase();
  g = await collectiveWith("rh", 2);
});
afterAll(async () => {
  await open.close();
});
afterEach(() => {
  delete process.env.CONCERT_TRUST_PROXY;
});

function expectErrorShape(json: unknown, code: string) {
  expect(json).toMatchObject({ error: { code, message: expect.any(String) } });
}

async function createCollective(p: Person, body: unknown) {
  return call(collectives.POST, "POST", "/x", {
    token: p.token,
    rawBody: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

describe("text PostgreSQL cannot store", () => {
  it("refuses a NUL anywhere in a body with a 422 naming the field, and nothing is lost", async () => {
    const nul = await createCollective(g.organizer, { name: "Nul group", description: "a\u0000b" });
    expect(nul.status).toBe(422);
    expectErrorShape(nul.json, "validation");
    expect(
      (nul.json as { error: { fields: Record<string, string[]> } }).error.fields,
    ).toHaveProperty("description");

    const inKey = await createCollective(g.organizer, { name: "Key group", "x\u0000": "y" });
    expect(inKey.status).toBe(422);

    const fine = await createCollective(g.organizer, { name: "Nul group", description: "ab" });
    expect(fine.status).toBe(201);
  });

  it("refuses a lone surrogate with a 422", async () => {
    // JSON.stringify escapes a lone surrogate as \ud800, which JSON.parse turns back into one.
    const lone = await createCollective(g.organizer, { name: "Lone group", platform: "x\ud800y" });
    expect(lone.status).toBe(422);
    expect(
      (lone.json as { error: { fields: Record<string, string[]> } }).error.fields,
    ).toHaveProperty("platform");
    const pair = await createCollective(g.organizer, {
      name: "Pair group",
      platform: "emoji \ud83d\ude00",
    });
    expect(pair.status).toBe(201);
  });

  it("refuses a NUL in sign-in credentials without reaching the database", async () => {
    const res = await call(tokens.POST, "POST", "/x", {
      body: { handle: "rh_org\u0000", password: "correct horse battery", name: "t" },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(
      signInSchema.safeParse({ handle: "a\u0000", password: "correct horse battery" }).success,
    ).toBe(false);
    expect(signInSchema.safeParse({ handle: "a", password: "x\udc00yyyyyyyyyy" }).success).toBe(
      false,
    );
    const signUp = await call(users.POST, "POST", "/x", {
      body: { handle: "nul_user", password: "correct\u0000horse battery" },
    });
    expect(signUp.status).toBe(422);
  });

  it("refuses bodies nested absurdly deep with a 4xx", async () => {
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const res = await call(collectives.POST, "POST", "/x", {
      token: g.organizer.token,
      rawBody: `{"name":"Deep group","description":${deep}}`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(422);
  });
});

describe("audit paging", () => {
  it.each(["99999-01-01", "+275760-09-13T00:00:00Z", "0000-01-01", "yesterday", "2025-02-30"])(
    "refuses before=%s with a 422",
    async (before) => {
      const res = await call(audit.GET, "GET", `/x?before=${encodeURIComponent(before)}`, {
        token: g.organizer.token,
        params: { id: g.id },
      });
      expect(res.status).toBe(422);
      expectErrorShape(res.json, "validation");
    },
  );

  it("accepts a real date and the nextBefore it hands out", async () => {
    const first = await call(audit.GET, "GET", "/x?limit=1", {
      token: g.organizer.token,
      params: { id: g.id },
    });
    expect(first.status).toBe(200);
    const next = (first.json as { nextBefore: string | null }).nextBefore;
    expect(next).not.toBeNull();
    expect(
      (
        await call(audit.GET, "GET", `/x?before=${encodeURIComponent(next!)}`, {
          token: g.organizer.token,
          params: { id: g.id },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(audit.GET, "GET", "/x?before=2030-01-01", {
          token: g.organizer.token,
          params: { id: g.id },
        })
      ).status,
    ).toBe(200);
  });
});

describe("column names that reach the prototype", () => {
  const upload = (csv: string) =>
    call(datasets.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      rawBody: csv,
      headers: { "content-type": "text/csv" },
    });

  it.each(["__proto__", "constructor", "prototype"])(
    "refuses a CSV column named %s at upload, naming it",
    async (column) => {
      const res = await upload(`text,${column}\nhello,spam\nbye,ham\n`);
      expect(res.status).toBe(422);
      expect((res.json as { error: { message: string } }).error.message).toContain(column);
    },
  );

  it("keeps records working when the label column is named like an Object.prototype member", async () => {
    // A dataset stored before the upload check, or a name like `toString` that stays allowed.
    for (const label of ["toString", "hasOwnProperty", "valueOf"]) {
      const up = await upload(
        `text,${label}\nhello there,spam\nbuy now,ham\nhi friend,spam\ncheap pills,ham\n`,
      );
      expect(up.status).toBe(201);
      const created = await call(campaigns.POST, "POST", "/x", {
        token: g.organizer.token,
        params: { id: g.id },
        body: {
          name: `Proto ${label}`,
          datasetId: (up.json as { id: string }).id,
          data: { label, text: ["text"] },
          populationSize: 100,
          learner: { kind: "bayes" },
          campaign: { goal: "plant", target: "ham", signal: { kind: "text", token: "zqx" } },
          targetSuccess: 0.9,
        },
      });
      expect(created.status).toBe(201);
      const campaignId = (created.json as { id: string }).id;
      expect(
        (
          await call(launch.POST, "POST", "/x", {
            token: g.organizer.token,
            params: { campaignId },
          })
        ).status,
      ).toBe(200);
      const member = g.members[0]!;
      // The label is missing: inherited `toString` must not count as the member's value.
      const missing = await call(myRecord.PUT, "PUT", "/x", {
        token: member.token,
        params: { campaignId },
        body: { fields: { text: "hello" } },
      });
      expect(missing.status).toBe(422);
      expect(
        (missing.json as { error: { fields: Record<string, string[]> } }).error.fields,
      ).toHaveProperty(`fields.${label}`);
      const put = await call(myRecord.PUT, "PUT", "/x", {
        token: member.token,
        params: { campaignId },
        body: { fields: { text: "hello", [label]: "spam" } },
      });
      expect(put.status).toBe(200);
    }
  });

  it("refuses prototype keys in a record and in a data mapping with a 422", async () => {
    const res = await call(campaigns.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {
        name: "Mapped",
        sample: "spam-assassin",
        data: { label: "__proto__", text: ["constructor"] },
        populationSize: 100,
        learner: { kind: "bayes" },
        campaign: { goal: "plant", target: "ham", signal: { kind: "text", token: "zqx" } },
        targetSuccess: 0.9,
      },
    });
    expect(res.status).toBe(422);
  });
});

/** A body with no Content-Length that would produce `total` bytes, counting what was pulled. */
function chunkedBody(total: number, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  const piece = new TextEncoder().encode("a".repeat(chunk));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function streamRequest(stream: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return new Request("http://localhost/x", {
    method: "POST",
    headers,
    body: stream,
    duplex: "half",
  } as RequestInit);
}

describe("chunked bodies over the limit", () => {
  it("stops reading a JSON body at 1 MB and answers 413", async () => {
    const { stream, counter } = chunkedBody(50 * 1024 * 1024);
    const req = streamRequest(stream, {
      authorization: `Bearer ${g.organizer.token}`,
      "content-type": "application/json",
    });
    const res = await collectives.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
    expectErrorShape(await res.json(), "payload_too_large");
    expect(counter.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("stops reading a CSV upload at the file limit and answers 413", async () => {
    const { stream, counter } = chunkedBody(200 * 1024 * 1024, 1024 * 1024);
    const req = streamRequest(stream, {
      authorization: `Bearer ${g.organizer.token}`,
      "content-type": "text/csv",
    });
    const res = await datasets.POST(req, { params: Promise.resolve({ id: g.id }) });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(25 * 1024 * 1024);
  });

  it("stops reading a multipart upload at the file limit and answers 413", async () => {
    const { stream, counter } = chunkedBody(200 * 1024 * 1024, 1024 * 1024);
    const req = streamRequest(stream, {
      authorization: `Bearer ${g.organizer.token}`,
      "content-type": "multipart/form-data; boundary=x",
    });
    const res = await datasets.POST(req, { params: Promise.resolve({ id: g.id }) });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(25 * 1024 * 1024);
  });

  it("still accepts a chunked body under the limit", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ name: "Streamed group" }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 5));
        controller.enqueue(bytes.slice(5));
        controller.close();
      },
    });
    const res = await collectives.POST(
      streamRequest(stream, {
        authorization: `Bearer ${g.organizer.token}`,
        "content-type": "application/json",
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(201);
  });
});

describe("cross-site writes with the session cookie", () => {
  const creds = { handle: "rh_org", password: "correct horse battery", name: "from evil" };

  it("refuses POST /tokens from another origin when a cookie is sent", async () => {
    const res = await call(tokens.POST, "POST", "/x", {
      body: creds,
      headers: { cookie: "next-auth.session-token=x", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expectErrorShape(res.json, "forbidden");
    const nullOrigin = await call(tokens.POST, "POST", "/x", {
      body: creds,
      headers: { cookie: "a=b", origin: "null" },
    });
    expect(nullOrigin.status).toBe(403);
    const fetchSite = await call(tokens.POST, "POST", "/x", {
      body: creds,
      headers: { cookie: "a=b", "sec-fetch-site": "cross-site" },
    });
    expect(fetchSite.status).toBe(403);
  });

  it("refuses POST /users from another origin when a cookie is sent", async () => {
    const res = await call(users.POST, "POST", "/x", {
      body: { handle: "evil_made", password: "correct horse battery" },
      headers: { cookie: "a=b", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });

  it("lets the same origin, cookie-less callers and bearer tokens through", async () => {
    expect(
      (
        await call(tokens.POST, "POST", "/x", {
          body: creds,
          headers: { cookie: "a=b", origin: "http://localhost" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(tokens.POST, "POST", "/x", {
          body: creds,
          headers: { origin: "https://evil.example" },
        })
      ).status,
    ).toBe(201);
    const bearer = await call(collectives.POST, "POST", "/x", {
      token: g.organizer.token,
      body: { name: "Bearer group" },
      headers: { cookie: "a=b", origin: "https://evil.example" },
    });
    expect(bearer.status).toBe(201);
  });
});

describe("forwarded headers", () => {
  const forged = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

  it("does not let X-Forwarded-Host make a foreign Origin look same-site without CONCERT_TRUST_PROXY", async () => {
    const res = await call(collectives.POST, "POST", "/x", {
      body: { name: "Forged" },
      headers: { cookie: "a=b", origin: "https://evil.example", ...forged },
    });
    expect(res.status).toBe(403);
    process.env.CONCERT_TRUST_PROXY = "1";
    // Behind a trusted proxy the forwarded host is the site's own: not cross-site, just not signed in.
    const trusted = await call(collectives.POST, "POST", "/x", {
      body: { name: "Forged" },
      headers: { cookie: "a=b", origin: "https://evil.example", ...forged },
    });
    expect(trusted.status).toBe(401);
  });

  it("builds invite URLs from the Host header unless the proxy is trusted", async () => {
    const headers = { host: "concert.example", ...forged };
    const plain = await call(invites.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {},
      headers,
    });
    expect(plain.status).toBe(201);
    expect((plain.json as { url: string }).url).toMatch(/^http:\/\/concert\.example\/join\/inv_/);
    process.env.CONCERT_TRUST_PROXY = "1";
    const proxied = await call(invites.POST, "POST", "/x", {
      token: g.organizer.token,
      params: { id: g.id },
      body: {},
      headers,
    });
    expect((proxied.json as { url: string }).url).toMatch(/^https:\/\/evil\.example\/join\/inv_/);
  });

  it("requestOrigin ignores forwarded headers unless trusted, and malformed hosts always", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(requestOrigin(h({ host: "a.example", ...forged }), "http://localhost/x").origin).toBe(
      "http://a.example",
    );
    expect(requestOrigin(h({}), "https://b.example:8443/x").origin).toBe("https://b.example:8443");
    expect(requestOrigin(h({ host: "evil.example/path@x" }), "http://localhost/x").host).toBe(
      "localhost",
    );
    process.env.CONCERT_TRUST_PROXY = "1";
    expect(
      requestOrigin(
        h({
          host: "a.example",
          "x-forwarded-host": "c.example, d.example",
          "x-forwarded-proto": "https",
        }),
      ).origin,
    ).toBe("https://c.example");
    expect(requestOrigin(h({ host: "a.example", "x-forwarded-host": "bad host" })).origin).toBe(
      "http://a.example",
    );
  });
});
