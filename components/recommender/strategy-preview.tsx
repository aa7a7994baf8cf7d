"use client";

import type { api } from "@/components/ui/api-client";

type PreviewOutcome = Awaited<ReturnType<typeof api.recommender.preview>>;
/** The designer's strategy comparison, as the preview route answers it. */
export type StrategyPreviewData = Extract<PreviewOutcome, { ok: true }>["data"];

const NAMES: Record<string, string> = {
  dirlof: "DirLoF",
  inclust: "InClust",
  random: "Random place",
  end: "At the end",
};

const pct = (v: number) => `${Number((v * 100).toPrecision(2))}%`;

/**
 * Every strategy's share of recommendation lists holding the item, at a few collective
 * sizes, from a quick forecast on the sample: the evidence behind the advice, as a table
 * (readable by screen readers and on a phone, where it scrolls sideways).
 */
export function StrategyPreview({
  preview,
  chosen,
}: {
  preview: StrategyPreviewData;
  chosen: string;
}) {
  const alphas = preview.strategies[0]?.points ?? [];
  return (
    <section
      className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3"
      aria-labelledby="strategy-preview-title"
      data-testid="strategy-preview"
    >
      <h4 id="strategy-preview-title" className="text-sm font-semibold text-slate-900">
        Which strategy? A quick forecast on {preview.sequences.toLocaleString("en")} playlists
      </h4>
      <p className="text-sm text-slate-700" data-testid="strategy-advice">
        {preview.advice}
      </p>
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">
            Share of recommendation lists holding the item, by strategy and collective size
          </caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 font-medium">
                Strategy
              </th>
              {alphas.map((p) => (
                <th key={p.alpha} scope="col" className="pr-3 font-medium">
                  {pct(p.alpha)} of playlists
                  {p.members !== null ? ` (${p.members.toLocaleString("en")} members)` : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.strategies.map((s) => (
              <tr key={s.strategy} className={s.strategy === chosen ? "font-semibold" : ""}>
                <th scope="row" className="pr-3 font-medium">
                  {NAMES[s.strategy] ?? s.strategy}
                  {s.strategy === chosen ? " (chosen)" : ""}
                </th>
                {s.points.map((p) => (
                  <td key={p.alpha} className="pr-3">
                    {pct(p.share.mean)}{" "}
                    <span className="text-xs text-slate-500">
                      ({p.amplification.mean.toFixed(1)}× lift)
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">
        Mean over 3 seeds, computed in {preview.seconds.toFixed(1)} s; lift is the item&apos;s share
        of recommendations over its share of playlists (1× = no lift). The campaign&apos;s own
        forecast runs 5 seeds with a band.
      </p>
    </section>
  );
}
