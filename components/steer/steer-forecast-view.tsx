"use client";

import type { ForecastDto } from "@/lib/data/forecasts";
import type { SteerForecastView as View } from "@/lib/data/steer-forecast-dto";

/** Being built (issue 13). */
export function SteerForecastView({ view }: { forecast: ForecastDto; view: View }) {
  return <p data-testid="forecast-headline">{view.headline}</p>;
}
