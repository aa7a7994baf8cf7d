import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/db";
import * as tokens from "@/app/api/v1/tokens/route";
import * as users from "@/app/api/v1/users/route";
import * as exportRoute from "@/app/api/v1/me/export/route";
import { authenticate } from "@/lib/data/accounts";
import {
  DEVICE_COOKIE,
  MAX_CHECKS,
  MAX_DELAY_MS,
  delayAfter,
  deviceOf,
  newDeviceCookie,
  reserveCheck,
} from "@/lib/data/throttle";
import { freshDatabase } from "../helpers/db";
import { call } from "../helpers/api";

let open: OpenDatabase;
beforeAll(async () => {
  open = await freshDatabase();
});
afterAll(async () => {
  await open.close();
});
afterEach(() => {
  delete process.env.CONCERT_TRUST_PROXY;
});

const password = "correct horse battery";

async function signUp(handle: string, email?: string) {
  const res = await call(users.POST, "POST", "/x", {
    body: { handle, password, ...(email ? { email } : {}) },
  });
  expect(res.status).toBe(201);
  return (res.json as { id: string }).id;
}

const guess = (handle: string, pw: string, headers: Record<string, string> = {}) =>
  call(tokens.POST, "POST", "/api/v1/tokens", {
    body: { handle, password: pw, name: "t" },
    headers,
  });

/** The cookie value a browser would send back after newDeviceCookie's Set-Cookie. */
function deviceCookieFor(userId: string): string {
  const setCookie = newDeviceCookie(userId);
  return setCookie.split(";")[0]!.slice(DEVICE_COOKIE.length + 1);
}

describe("sign-in throttle", () => {
  it("checks at most 5 passwords for a handle in a burst of 25 concurrent guesses", async () => {
    await signUp("burst_victim");
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => guess("burst_victim", `wrong guess ${i}`)),
    );
    const checked = answers.filter((a) => a.status === 401).length;
    const refused = answers.filter((a) => a.status === 429);
    expect(checked).toBe(MAX_CHECKS);
    expect(refused.length).toBe(25 - MAX_CHECKS);
    for (const r of refused) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("holds the cap per handle and client behind a trusted proxy, however the requests are timed", async () => {
    await signUp("proxy_victim");
    process.env.CONCERT_TRUST_PROXY = "1";
    const from = { "x-forwarded-for": "203.0.113.9" };
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => guess("proxy_victim", `wrong ${i}`, from)),
    );
    expect(answers.filter((a) => a.status === 401).length).toBeLessThanOrEqual(MAX_CHECKS);
  });

  it("never locks the owner out: a known device gets in through a stranger's burst, and the handle's delay stays short", async () => {
    const userId = await signUp("known_member");
    for (let i = 0; i < 12; i++) await guess("known_member", `stranger guess ${i}`);
    // A stranger (or the owner on a new device) waits, at most a minute.
    const delayed = await guess("known_member", password);
    expect(delayed.status).toBe(429);
    expect(Number(delayed.headers.get("retry-after"))).toBeLessThanOrEqual(MAX_DELAY_MS / 1000);
    // The owner's browser, which signed in before, is not held up by the stranger's guesses.
    const device = deviceCookieFor(userId);
    const owner = await authenticate(
      open.db,
      { handle: "known_member", password },
      { address: null, deviceCookie: device },
    );
    expect(owner.ok).toBe(true);
    // A device cookie issued to another account does not count for this one.
    const otherId = await signUp("someone_else");
    expect(deviceOf(deviceCookieFor(otherId), userId)).toBeNull();
    expect(deviceOf(`${device.split(".")[0]}.forged`, userId)).toBeNull();
    expect(deviceOf(device, userId)).not.toBeNull();
  });

  it("grows the per-handle delay and lets a check through once it has passed", async () => {
    expect([5, 6, 7, 8].map(delayAfter)).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(40)).toBe(MAX_DELAY_MS);
    const t0 = new Date("2030-01-01T00:00:00Z");
    const client = { deviceId: null, address: null };
    for (let i = 0; i < MAX_CHECKS; i++)
      expect((await reserveCheck(open.db, "delay_handle", client, t0)).allowed).toBe(true);
    const tooSoon = await reserveCheck(
      open.db,
      "delay_handle",
      client,
      new Date(t0.getTime() + 500),
    );
    expect(tooSoon).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(
      (await reserveCheck(open.db, "delay_handle", client, new Date(t0.getTime() + 1000))).allowed,
    ).toBe(true);
    // A known device of this handle has its own hard cap of 5 per window.
    const device = { deviceId: "dev1", address: null };
    for (let i = 0; i < MAX_CHECKS; i++)
      expect((await reserveCheck(open.db, "delay_handle", device, t0)).allowed).toBe(true);
    expect((await reserveCheck(open.db, "delay_handle", device, t0)).allowed).toBe(false);
    // After the window, everything starts again.
    expect(
      (await reserveCheck(open.db, "delay_handle", device, new Date(t0.getTime() + 16 * 60_000)))
        .allowed,
    ).toBe(true);
  });
});

describe("sign-up does not reveal whether an email is registered", () => {
  it("answers the same for a used and an unused email, and keeps what each person gave", async () => {
    const first = await call(users.POST, "POST", "/x", {
      body: { handle: "worker_one", password, email: "Shared@Example.org" },
    });
    const again = await call(users.POST, "POST", "/x", {
      body: { handle: "employer_probe", password, email: "shared@example.org" },
    });
    const fresh = await call(users.POST, "POST", "/x", {
      body: { handle: "worker_two", password, email: "unused@example.org" },
    });
    expect(again.status).toBe(first.status);
    expect(again.status).toBe(fresh.status);
    expect(Object.keys(again.json as object).sort()).toEqual(
      Object.keys(fresh.json as object).sort(),
    );
    // The prober's own account looks exactly as if the address were new.
    const t = await guess("employer_probe", password);
    const exported = await call(exportRoute.GET, "GET", "/x", {
      token: (t.json as { token: string }).token,
    });
    expect((exported.json as { account: { email: string } }).account.email).toBe(
      "shared@example.org",
    );
    // Signing in by email tries each account with that address.
    expect(
      (
        await authenticate(
          open.db,
          { handle: "shared@example.org", password },
          { address: null, deviceCookie: null },
        )
      ).ok,
    ).toBe(true);
  });
});
