import type { SessionViewDto } from "@/lib/data/sessions";
import { StatementResultsView } from "./statement-results-view";

/** Aggregate results, or why they are withheld. */
export function ResultsPanel({ results }: { results: SessionViewDto["results"] }) {
  if (!results.visible) {
    return (
      <p className="text-slate-700" data-testid="results-hidden">
        {results.reason} Taking part so far: {results.participantsLabel}.
      </p>
    );
  }
  switch (results.format) {
    case "statements":
      return <StatementResultsView results={results.statements} texts={results.texts} />;
    case "dots":
      return (
        <ol className="flex flex-col gap-2" aria-label="Dot-vote results">
          {results.dots.options.map((o) => (
            <li
              key={o.optionId}
              className="flex justify-between rounded-md border border-slate-200 p-2"
            >
              <span>
                {o.rank}. {results.texts[o.optionId] ?? "(removed)"}
              </span>
              <span className="text-sm">
                {o.dots} dots · {o.supporters} supporters
              </span>
            </li>
          ))}
        </ol>
      );
    case "consent":
      return (
        <div className="flex flex-col gap-2" data-testid="consent-outcome">
          <p className="font-semibold">{results.consent.status}</p>
          {!results.hasReasons && (
            <p className="text-sm text-slate-700">Reasons are shared when the round closes.</p>
          )}
          {[
            ["Blocks", results.consent.blocks],
            ["Objections to address", results.consent.objections],
            ["Concerns", results.consent.concerns],
          ].map(([title, list]) =>
            Array.isArray(list) && list.length > 0 ? (
              <section key={String(title)}>
                <h3 className="font-medium">{title}</h3>
                <ul className="list-disc pl-5 text-sm">
                  {list.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </section>
            ) : null,
          )}
        </div>
      );
  }
}
