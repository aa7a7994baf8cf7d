import "server-only";
// Moved to jobs/forecast-input.ts (the forecast pipeline owns its input). Kept only for
// tests/integration/campaigns.test.ts, which imports it from here; delete once it imports
// `buildForecastInput` from "@/jobs/forecast-input" with `minimumCountRule` from lib/privacy.
import type { Db } from "@/db";
import type { CampaignRow } from "@/db/schema";
import { buildForecastInput as build, type ForecastInput } from "@/jobs/forecast-input";
import { minimumCountRule } from "@/lib/privacy";

export async function buildForecastInput(db: Db, campaign: CampaignRow): Promise<ForecastInput> {
  return build(db, campaign, minimumCountRule);
}
