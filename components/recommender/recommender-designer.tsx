/** Placeholder until recommender campaigns land (issue 12). */
export function RecommenderDesigner(_props: { collectiveId: string; initialName?: string }) {
  return (
    <p className="text-sm text-slate-600" data-testid="recommender-designer">
      Recommender campaigns are coming: the engine is ready (npm run sim), the designer is not yet.
    </p>
  );
}
