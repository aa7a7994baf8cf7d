import { fail } from "@/lib/errors";
import type { RecordRules } from "./types";

// Placeholder until the recommender member flow lands (issue 12): no recommender campaign can
// be created before then, so these are never reached.
const notYet = () => {
  throw new Error("recommender campaigns are not built yet");
};

export const recommenderRules: RecordRules = {
  fields: () => [],
  check: () => fail("validation", "Recommender campaigns do not take records yet"),
  instruct: notYet,
  verify: notYet,
};
