/**
 * The one Result shape: a value, or an expected failure with a machine-readable code and a
 * one-line message. The house style returns these instead of throwing, because Next.js hides
 * thrown messages in production and callers must handle each case. The engines use it with
 * their own codes (e.g. "illegal_transition"); lib/errors.ts has the same shape over the
 * application's ErrorCode (with HTTP statuses), and lib/data converts at the boundary.
 */

/** A successful result carrying a value. */
export interface Ok<T> {
  ok: true;
  value: T;
}

/** An expected failure: a machine-readable code and a one-line human message. */
export interface Fail<C extends string = string> {
  ok: false;
  code: C;
  message: string;
}

/** Either a value or an expected failure. */
export type Result<T, C extends string = string> = Ok<T> | Fail<C>;

/** Wrap a value as a success. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Build an expected failure. */
export function fail<C extends string>(code: C, message: string): Fail<C> {
  return { ok: false, code, message };
}
