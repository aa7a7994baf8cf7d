import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/db";
import {
  lockThrottleRows,
  releaseThrottleCheck,
  saveThrottleRow,
  clearThrottle,
} from "@/db/queries/throttles";
import { authSecret } from "@/lib/env";

/*
 * Sign-in throttling, designed so that guessing is slow and nobody can lock a member out.
 *
 * - Per handle + client (a device that signed in to this handle before, or the address a
 *   trusted proxy reports): at most MAX_CHECKS password checks per WINDOW, then 429 until the
 *   window ends. Attempts are reserved atomically (row locks) BEFORE the password is checked,
 *   so a burst of concurrent guesses cannot slip past the count.
 * - Per handle, whatever the client: after MAX_CHECKS checks in the window, each further check
 *   must wait a delay that doubles from 1 s up to MAX_DELAY: a delay, never a lock.
 * - A browser that signed in to this handle before carries a device cookie and is exempt from
 *   the per-handle delay: someone guessing at a member's handle slows down only strangers.
 */
export const MAX_CHECKS = 5;
const WINDOW_MS = 15 * 60_000;
export const MAX_DELAY_MS = 60_000;

export const DEVICE_COOKIE = "concert-device";
const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;

interface ThrottleDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Who is signing in, as far as throttling can tell. */
export interface SignInClient {
  /** From X-Forwarded-For, only behind a declared proxy (CONCERT_TRUST_PROXY=1). */
  address: string | null;
  /** The raw device cookie, checked against the account before it counts. */
  deviceCookie: string | null;
}

/**
 * The client's address for throttling, from X-Forwarded-For, but only when the operator says
 * a reverse proxy sets it (CONCERT_TRUST_PROXY=1): otherwise anyone could send a new address
 * with every guess, and without a proxy Next fills in its own.
 */
function clientAddress(forwardedFor: string | null | undefined): string | null {
  if (process.env.CONCERT_TRUST_PROXY !== "1" || !forwardedFor) return null;
  return forwardedFor.split(",")[0]?.trim() || null;
}

function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

/** The throttling view of a request's headers. */
export function signInClient(headers: { get(name: string): string | null }): SignInClient {
  return {
    address: clientAddress(headers.get("x-forwarded-for")),
    deviceCookie: readCookie(headers.get("cookie"), DEVICE_COOKIE),
  };
}

function deviceMac(userId: string, deviceId: string): string {
  return crypto
    .createHmac("sha256", authSecret())
    .update(`device:${userId}:${deviceId}`)
    .digest("base64url");
}

/** A device cookie value for someone who just signed in: bound to their account, signed. */
export function newDeviceCookie(userId: string): string {
  const deviceId = crypto.randomBytes(16).toString("base64url");
  const value = `${deviceId}.${deviceMac(userId, deviceId)}`;
  return `${DEVICE_COOKIE}=${value}; Path=/; Max-Age=${DEVICE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax`;
}

/** The device id when the cookie was issued to this account, else null. */
export function deviceOf(cookie: string | null, userId: string | null): string | null {
  if (!cookie || !userId) return null;
  const [deviceId, mac] = cookie.split(".");
  if (!deviceId || !mac) return null;
  const expected = Buffer.from(deviceMac(userId, deviceId));
  const given = Buffer.from(mac);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given)
    ? deviceId
    : null;
}

function handleKey(handle: string): string {
  return `handle:${handle.trim().toLowerCase()}`;
}

function clientKey(
  handle: string,
  client: { deviceId: string | null; address: string | null },
): string | null {
  const h = handle.trim().toLowerCase();
  if (client.deviceId) return `device:${h}:${client.deviceId}`;
  if (client.address) return `ip:${h}:${client.address}`;
  return null;
}

/** The wait before the (n+1)-th check of a handle in a window, n >= MAX_CHECKS. */
export function delayAfter(checks: number): number {
  return Math.min(1000 * 2 ** (checks - MAX_CHECKS), MAX_DELAY_MS);
}

interface Reservation extends ThrottleDecision {
  /** Keys whose counts this check consumed (given back on success). */
  keys: string[];
}

/**
 * Reserves one password check for this handle and client, or refuses with how long to wait.
 * Runs in one transaction holding the rows' locks, so concurrent requests queue here.
 */
export async function reserveCheck(
  db: Db,
  handle: string,
  client: { deviceId: string | null; address: string | null },
  now = new Date(),
): Promise<Reservation> {
  const hKey = handleKey(handle);
  const cKey = clientKey(handle, client);
  return db.transaction(async (tx) => {
    const rows = await lockThrottleRows(tx, cKey ? [hKey, cKey] : [hKey], now);
    const fresh = (r: (typeof rows)[number]) =>
      now.getTime() - r.windowStartedAt.getTime() >= WINDOW_MS;
    const current = rows.map((r) =>
      fresh(r) ? { ...r, attempts: 0, failures: 0, windowStartedAt: now, nextAllowedAt: null } : r,
    );
    const h = current.find((r) => r.key === hKey);
    const c = cKey ? current.find((r) => r.key === cKey) : undefined;
    if (!h) throw new Error("throttle row missing");

    if (c && c.attempts >= MAX_CHECKS) {
      const wait = c.windowStartedAt.getTime() + WINDOW_MS - now.getTime();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), keys: [] };
    }
    // Known devices skip the per-handle delay: a stranger's guesses must not lock them out.
    const isKnownDevice = client.deviceId !== null;
    if (!isKnownDevice && h.nextAllowedAt && h.nextAllowedAt > now) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((h.nextAllowedAt.getTime() - now.getTime()) / 1000),
        ),
        keys: [],
      };
    }
    const checks = h.attempts + 1;
    await saveThrottleRow(tx, {
      ...h,
      attempts: checks,
      nextAllowedAt:
        !isKnownDevice && checks >= MAX_CHECKS
          ? new Date(now.getTime() + delayAfter(checks))
          : h.nextAllowedAt,
    });
    if (c) await saveThrottleRow(tx, { ...c, attempts: c.attempts + 1 });
    return { allowed: true, retryAfterSeconds: 0, keys: cKey ? [hKey, cKey] : [hKey] };
  });
}

/**
 * The password was right: this check does not count against the handle, and this client's
 * counter starts again. (A stranger's failures keep counting: one good sign-in by the owner
 * must not hand a guesser a fresh allowance.)
 */
export async function recordSuccess(db: Db, reservation: Reservation): Promise<void> {
  const [hKey, cKey] = reservation.keys;
  if (hKey) await releaseThrottleCheck(db, hKey);
  if (cKey) await clearThrottle(db, cKey);
}
