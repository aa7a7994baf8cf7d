/**
 * A session's phase: draft -> open -> closed, and closed -> open again (reopen).
 * A close time that has passed closes an open session without anyone acting, so every
 * check takes `now` rather than trusting the stored phase alone.
 */
import { fail, ok, type Result } from "../core/result";

/** Stored phase of a session. */
export type SessionPhase = "draft" | "open" | "closed";

/** Session formats (they differ in when results may be shown). */
export type SessionFormat = "statements" | "dots" | "consent";

/** What is stored about a session's timing. */
export interface PhaseState {
  phase: SessionPhase;
  /** When an open session closes by itself; null for "until a facilitator closes it". */
  closesAt: Date | null;
}

/** Facilitator actions. `closesAt` on open/reopen sets a new close time (null clears it). */
export type PhaseAction =
  | { type: "open"; now: Date; closesAt?: Date | null }
  | { type: "close"; now: Date }
  | { type: "reopen"; now: Date; closesAt?: Date | null }
  | { type: "schedule"; now: Date; closesAt: Date | null };

/** Why a transition was refused: illegal moves are 409 conflicts, bad times 422. */
export type PhaseErrorCode = "illegal_transition" | "closes_at_in_past";

/** The phase as of `now`: an open session past its close time is closed. */
export function effectivePhase(state: PhaseState, now: Date): SessionPhase {
  if (
    state.phase === "open" &&
    state.closesAt !== null &&
    now.getTime() >= state.closesAt.getTime()
  )
    return "closed";
  return state.phase;
}

/** Whether members may vote (or change their vote) right now. */
export function canVote(state: PhaseState, now: Date): boolean {
  return effectivePhase(state, now) === "open";
}

/**
 * Apply a facilitator action. Legal moves:
 * - open: draft -> open;
 * - close: open -> closed (closing an already closed session is refused, so a double
 *   click is reported rather than logged twice in the audit log);
 * - reopen: closed (or open past its close time) -> open. Without a new `closesAt`, a close
 *   time already in the past is cleared, else the session would close again at once;
 * - schedule: change the close time of a draft or open session.
 * A `closesAt` given explicitly must be in the future.
 */
export function transition(
  state: PhaseState,
  action: PhaseAction,
): Result<PhaseState, PhaseErrorCode> {
  const current = effectivePhase(state, action.now);
  switch (action.type) {
    case "open": {
      if (current !== "draft") return illegal("open", current);
      const closesAt = action.closesAt === undefined ? state.closesAt : action.closesAt;
      if (isPast(closesAt, action.now)) return pastClose();
      return ok({ phase: "open", closesAt });
    }
    case "close":
      if (current !== "open") return illegal("close", current);
      return ok({ phase: "closed", closesAt: state.closesAt });
    case "reopen": {
      if (current !== "closed") return illegal("reopen", current);
      if (action.closesAt !== undefined) {
        if (isPast(action.closesAt, action.now)) return pastClose();
        return ok({ phase: "open", closesAt: action.closesAt });
      }
      return ok({
        phase: "open",
        closesAt: isPast(state.closesAt, action.now) ? null : state.closesAt,
      });
    }
    case "schedule":
      if (current === "closed") return illegal("schedule", current);
      if (isPast(action.closesAt, action.now)) return pastClose();
      return ok({ phase: state.phase, closesAt: action.closesAt });
    default:
      return assertNever(action);
  }
}

/**
 * Whether results may be shown. Dot-vote results stay hidden until the session closes
 * (as in Loomio), so early totals do not steer later voters; statement and consent results
 * are live during a meeting. In every format nothing shows below `minimum` participants
 * (the application's minimum-count rule), and nothing shows for a draft.
 */
export function canShowResults(
  format: SessionFormat,
  state: PhaseState,
  now: Date,
  participants: number,
  minimum: number,
): boolean {
  if (participants < minimum) return false;
  const phase = effectivePhase(state, now);
  switch (format) {
    case "dots":
      return phase === "closed";
    case "statements":
    case "consent":
      return phase !== "draft";
    default:
      return assertNever(format);
  }
}

function isPast(closesAt: Date | null, now: Date): boolean {
  return closesAt !== null && closesAt.getTime() <= now.getTime();
}

function illegal(action: PhaseAction["type"], phase: SessionPhase) {
  return fail("illegal_transition", `Cannot ${action} a session that is ${phase}.`);
}

function pastClose() {
  return fail("closes_at_in_past", "The closing time must be in the future.");
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
