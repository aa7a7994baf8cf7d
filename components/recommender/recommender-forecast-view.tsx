import type { RecommenderForecastView as View } from "@/lib/data/recommender-forecast-dto";

/** Placeholder until recommender campaigns land (issue 12). */
export function RecommenderForecastView(_props: { view: View }) {
  return null;
}
