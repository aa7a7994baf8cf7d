import type { ForecastKind } from "./forecast-kinds";

// Placeholder until recommender campaigns land (issue 12): none can be created before then.
export const recommenderForecast: ForecastKind = {
  design: () => ({ ok: false, message: "Recommender forecasts are not built yet" }),
  run: () => Promise.reject(new Error("Recommender forecasts are not built yet")),
};
