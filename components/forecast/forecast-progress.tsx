import type { ForecastProgressDto } from "@/lib/data/forecasts";
import { duration } from "./format";

/** The live progress of a running forecast: runs done of total and the time left. */
export function ForecastProgress({
  status,
  progress,
}: {
  status: "queued" | "running";
  progress: ForecastProgressDto | null;
}) {
  const done = progress?.done ?? 0;
  const total = Math.max(1, progress?.total ?? 1);
  const text =
    status === "queued"
      ? "Waiting for a worker…"
      : `${done} of ${total} runs done, ${duration(progress?.etaSeconds ?? null)}`;
  return (
    <div className="flex flex-col gap-1" data-testid="forecast-progress">
      <div className="flex justify-between text-sm text-slate-700">
        <span>{status === "queued" ? "Forecast queued" : "Forecast running"}</span>
        <span aria-hidden="true">{Math.round((done / total) * 100)}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Forecast progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="bg-brand-600 h-full rounded-full transition-all"
          style={{ width: `${(done / total) * 100}%` }}
        />
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
