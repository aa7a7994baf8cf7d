/**
 * The `session-results` queue: one pending job per session (stately + singletonKey), started
 * after a short quiet period, so a burst of ballots costs one computation. A job already
 * running does not absorb later ballots: the next send waits behind it and runs after.
 */
import type PgBoss from "pg-boss";

const SESSION_RESULTS_QUEUE = "session-results";
/** Quiet period before a session's results job starts. */
const SESSION_RESULTS_DELAY_SECONDS = 2;

export interface SessionResultsJobData {
  sessionId: string;
}

export async function createSessionResultsQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(SESSION_RESULTS_QUEUE, {
    name: SESSION_RESULTS_QUEUE,
    policy: "stately",
    retryLimit: 3,
    retryDelay: 2,
    expireInSeconds: 5 * 60,
  });
}

/** Asks for a results job for the session (a no-op while one is already waiting). */
export function sendSessionResults(
  boss: PgBoss,
  data: SessionResultsJobData,
  delaySeconds = SESSION_RESULTS_DELAY_SECONDS,
): Promise<string | null> {
  return boss.send(SESSION_RESULTS_QUEUE, data, {
    singletonKey: data.sessionId,
    startAfter: delaySeconds,
  });
}

export async function workSessionResults(
  boss: PgBoss,
  pollingIntervalSeconds: number,
  handler: (data: SessionResultsJobData) => Promise<void>,
): Promise<void> {
  await boss.work(SESSION_RESULTS_QUEUE, { pollingIntervalSeconds }, async (jobs) => {
    for (const job of jobs) {
      const data: unknown = job.data;
      if (
        typeof data === "object" &&
        data !== null &&
        "sessionId" in data &&
        typeof data.sessionId === "string"
      )
        await handler({ sessionId: data.sessionId });
    }
  });
}
