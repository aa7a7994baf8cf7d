"use client";

import { useCallback, useEffect, useState } from "react";
import type { ForecastDto, LatestForecasts } from "@/lib/data/forecasts";
import { api } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { ForecastChart } from "./forecast-chart";
import { ForecastDetails } from "./forecast-details";
import { ForecastProgress } from "./forecast-progress";
import { forecastHeadline } from "./headline";
import { platformModelName } from "@/lib/platform-models";
import { RecommenderForecastView } from "@/components/recommender/recommender-forecast-view";
import { SteerForecastView } from "@/components/steer/steer-forecast-view";

const POLL_MS = 1500;

function isPending(f: ForecastDto | null): boolean {
  return f !== null && (f.status === "queued" || f.status === "running");
}

/** Throws on a failed request: the polling loop retries, the first load says it failed. */
async function fetchForecast(id: string): Promise<ForecastDto> {
  const res = await api.forecasts.get(id);
  if (!res.ok) throw new Error(res.message);
  return res.data;
}

async function fetchLatest(campaignId: string): Promise<LatestForecasts> {
  const res = await api.campaigns.forecasts(campaignId);
  if (!res.ok) throw new Error(res.message);
  const list = res.data;
  const first = list.forecasts[0];
  const done = list.forecasts.find((f) => f.status === "done");
  const [latest, lastDone] = await Promise.all([
    first ? fetchForecast(first.id) : null,
    done ? fetchForecast(done.id) : null,
  ]);
  return { latest, lastDone };
}

/**
 * The campaign's shadow-model forecast: a "Run forecast" button for organizers, a live
 * progress bar while one runs (polling the API), and the last finished forecast's chart
 * and figures.
 */
export function ForecastPanel({
  campaignId,
  canRequest,
  initial,
  platformModels = [],
}: {
  campaignId: string;
  canRequest: boolean;
  initial?: LatestForecasts;
  /** The models the campaign is forecast against (learner kinds). */
  platformModels?: readonly string[];
}) {
  const [latest, setLatest] = useState<ForecastDto | null>(initial?.latest ?? null);
  const [lastDone, setLastDone] = useState<ForecastDto | null>(initial?.lastDone ?? null);
  const [error, setError] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);

  useEffect(() => {
    if (initial) return;
    fetchLatest(campaignId).then(
      (l) => {
        setLatest(l.latest);
        setLastDone(l.lastDone);
      },
      () => setError("Could not load the forecast."),
    );
  }, [campaignId, initial]);

  const pendingId = isPending(latest) ? latest?.id : undefined;
  useEffect(() => {
    if (!pendingId) return;
    let isActive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const f = await fetchForecast(pendingId);
        if (!isActive) return;
        setLatest(f);
        if (f.status === "done") setLastDone(f);
        if (isPending(f)) timer = setTimeout(() => void tick(), POLL_MS);
      } catch {
        if (isActive) timer = setTimeout(() => void tick(), POLL_MS * 4);
      }
    };
    timer = setTimeout(() => void tick(), POLL_MS);
    return () => {
      isActive = false;
      if (timer) clearTimeout(timer);
    };
  }, [pendingId]);

  const run = useCallback(async () => {
    setIsSending(true);
    setError(null);
    try {
      const res = await api.campaigns.requestForecast(campaignId);
      if (!res.ok) {
        setError(
          res.status === 0
            ? "Could not reach the server. Check your connection."
            : res.status === 403
              ? "Only organizers can run a forecast."
              : "The forecast could not be started.",
        );
        return;
      }
      setLatest(await fetchForecast(res.data.id));
    } catch {
      setError("Could not reach the server. Check your connection.");
    } finally {
      setIsSending(false);
    }
  }, [campaignId]);

  const shown = lastDone;
  const summary = shown ? forecastHeadline(shown)?.text : undefined;
  return (
    <section
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
      aria-labelledby="forecast-title"
      data-testid="forecast-panel"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="forecast-title" className="text-lg font-semibold text-slate-900">
          Forecast
        </h2>
        {canRequest && (
          <Button
            type="button"
            onClick={() => void run()}
            disabled={isSending || isPending(latest)}
          >
            {isPending(latest) ? "Forecast running…" : "Run forecast"}
          </Button>
        )}
      </div>
      {platformModels.length > 0 && (
        <p className="text-sm text-slate-600" data-testid="forecast-models">
          {platformModels.length === 1
            ? `Forecast against one platform model: the ${platformModelName(platformModels[0] ?? "")}. The real model is unknown; a campaign designed with several shows the range they span.`
            : `Forecast against ${platformModels.length} platform models (${platformModels.map(platformModelName).join(", ")}). Members still needed follow the most pessimistic of them: which model the platform really runs is the assumption that drives the number.`}
        </p>
      )}
      {error && <p className="text-sm text-red-700">{error}</p>}
      {latest && (latest.status === "queued" || latest.status === "running") && (
        <ForecastProgress status={latest.status} progress={latest.progress} />
      )}
      {latest?.status === "failed" && (
        <p className="text-sm text-red-700">
          The last forecast failed: {latest.error ?? "unknown error"}
        </p>
      )}
      {latest?.error && isPending(latest) && (
        <p className="text-sm text-slate-600">{latest.error}</p>
      )}
      {shown?.steer ? (
        <SteerForecastView forecast={shown} view={shown.steer} />
      ) : shown?.recommender ? (
        <RecommenderForecastView view={shown.recommender} />
      ) : shown?.result ? (
        <>
          {summary && (
            <p className="text-sm text-slate-800" data-testid="forecast-headline">
              {summary}
            </p>
          )}
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <ForecastChart forecast={shown} result={shown.result} />
            <ForecastDetails forecast={shown} />
          </div>
          <p className="text-xs text-slate-500">
            Forecast of{" "}
            {new Date(shown.finishedAt ?? shown.createdAt)
              .toISOString()
              .slice(0, 16)
              .replace("T", " ")}{" "}
            UTC
            {shown.trigger === "auto" ? " (automatic, after confirmations changed)" : ""}. The solid
            line and band are simulated evidence on the rows the campaign must change; the grey line
            is raw success over all rows; the dashed line is a guarantee under assumptions.
          </p>
        </>
      ) : (
        !isPending(latest) && (
          <p className="text-sm text-slate-600">
            No forecast yet.
            {canRequest ? " Run one to see how many members the campaign needs." : ""}
          </p>
        )
      )}
    </section>
  );
}
