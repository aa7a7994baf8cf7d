import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * next-auth's authorize() cannot set cookies, so a successful sign-in leaves its device
 * cookie (see lib/data/throttle.ts) here, and the auth route adds it to its response.
 */
const slot = new AsyncLocalStorage<{ setCookie: string | null }>();

export function withDeviceCookieSlot<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; setCookie: string | null }> {
  const store = { setCookie: null as string | null };
  return slot.run(store, async () => ({ value: await fn(), setCookie: store.setCookie }));
}

export function offerDeviceCookie(setCookie: string): void {
  const store = slot.getStore();
  if (store) store.setCookie = setCookie;
}
