/** Placeholder until recommender campaigns land (issue 12). */
export function MySequence(_props: { campaignId: string; status: string }) {
  return null;
}
