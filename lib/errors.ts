/**
 * Expected failures are values, not exceptions: Next.js hides thrown messages in
 * production, and a value forces the caller to handle it.
 */
import type { Fail, Ok } from "@/core/result";

export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "gone"
  | "rate_limited"
  | "payload_too_large"
  | "method_not_allowed";

/** core/result's failure over the application's codes, with what forms and the API need. */
export interface Failure extends Fail<ErrorCode> {
  /** Per-field messages, keyed by field path (e.g. "handle"). */
  fields?: Record<string, string[]>;
  /** Seconds until a rate-limited caller may retry. */
  retryAfter?: number;
}

export type Result<T> = Ok<T> | Failure;

export const httpStatus: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  method_not_allowed: 405,
  payload_too_large: 413,
  validation: 422,
  rate_limited: 429,
};

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail(code: ErrorCode, message: string, extra?: Partial<Failure>): Failure {
  return { ok: false, code, message, ...extra };
}

/** The one "not found" every hidden or missing thing returns, so nothing leaks existence. */
export const notFound = (what = "Not found") => fail("not_found", what);
