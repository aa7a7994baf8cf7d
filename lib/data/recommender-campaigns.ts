import "server-only";
import type { Db } from "@/db";
import { fail, type Result } from "@/lib/errors";
import type { NewCampaignValues } from "./campaigns";

/** Placeholder until recommender campaigns land (issue 12). */
export function newRecommenderCampaign(
  _db: Db,
  _collectiveId: string,
  _input: unknown,
): Promise<Result<NewCampaignValues>> {
  return Promise.resolve(
    fail("validation", "Recommender campaigns are not available yet", {
      fields: { kind: ["Not available yet"] },
    }),
  );
}
