import type { Db } from "@/db";
import { runForecastJob } from "@/jobs/forecast-job";
import { getForecast, requestForecast } from "@/lib/data/forecasts";
import { minimumCountRule } from "@/lib/privacy";

/** Runs a forecast's job now, in this thread, as the queue would (last attempt, no workers). */
export async function runForecastNow(
  db: Db,
  ids: { forecastId: string; collectiveId: string },
): Promise<void> {
  await runForecastJob({ db, workers: 0, progressIntervalMs: 0, rule: minimumCountRule }, ids, {
    signal: new AbortController().signal,
    isLastAttempt: true,
  });
}

/** An organizer asks for a forecast, its job runs now, and the finished forecast is read back. */
export async function forecastNow(
  db: Db,
  actor: { userId: string; handle: string },
  p: { campaignId: string; collectiveId: string; input?: unknown },
) {
  const req = await requestForecast(db, actor, p.campaignId, { input: p.input ?? {} });
  if (!req.ok) throw new Error(req.message);
  await runForecastNow(db, { forecastId: req.value.id, collectiveId: p.collectiveId });
  const got = await getForecast(db, actor, req.value.id);
  if (!got.ok) throw new Error(got.message);
  return got.value;
}
