import "server-only";
import type { CampaignRow, ForecastRow } from "@/db/schema";
import type { MembersNeeded } from "./forecast-dto";

// Placeholder until recommender campaigns land (issue 12).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecommenderForecastView {}

export function recommenderForecastView(
  _row: ForecastRow,
  _campaign: CampaignRow,
): RecommenderForecastView | null {
  return null;
}

export function recommenderMembersNeeded(
  _row: ForecastRow,
  _campaign: CampaignRow,
): MembersNeeded | null {
  return null;
}
