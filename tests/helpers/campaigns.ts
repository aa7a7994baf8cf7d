import type { Db } from "@/db";
import { insertCampaign } from "@/db/queries/campaigns";

/**
 * A launched campaign on the built-in gig-work sample that plants the token "zqx" in bios,
 * with the fast `bayes` learner: the forecast tests' common subject, inserted directly.
 */
export async function insertGigPlantCampaign(db: Db, collectiveId: string) {
  return insertCampaign(db, {
    collectiveId,
    name: "Plant a token",
    sampleName: "gig-work",
    data: {
      label: "label",
      text: ["bio"],
      categorical: ["city", "vehicle", "group"],
      numeric: ["hours", "rating"],
      group: "group",
    },
    learner: { kind: "bayes" },
    campaign: {
      goal: "plant",
      strategy: "feature-label",
      target: "accepted",
      signal: { kind: "text", token: "zqx" },
    },
    populationSize: 2000,
    targetSuccess: 0.8,
    status: "launched",
  });
}
