import type { StatementResults } from "@/deliberation";
import { groupName, OpinionMap } from "./opinion-map";

/** Tallies, the opinion map, what each group stands for, and what most groups share. */
export function StatementResultsView({
  results,
  texts,
}: {
  results: StatementResults;
  texts: Record<string, string>;
}) {
  const text = (id: string) => texts[id] ?? "(statement removed)";
  return (
    <div className="flex flex-col gap-6">
      <OpinionMap points={results.points} groups={results.groups} />
      {results.consensus.length > 0 && (
        <section>
          <h3 className="mb-2 font-semibold">Common ground across groups</h3>
          <ul className="list-disc pl-5 text-sm" data-testid="consensus">
            {results.consensus.map((c) => (
              <li key={c.statementId}>
                {text(c.statementId)} — most groups {c.direction === "agree" ? "agree" : "disagree"}
              </li>
            ))}
          </ul>
        </section>
      )}
      {results.representative
        .filter((g) => g.statements.length > 0)
        .map((g) => (
          <section key={g.groupId}>
            <h3 className="mb-2 font-semibold">What sets {groupName(g.groupId)} apart</h3>
            <ul className="list-disc pl-5 text-sm">
              {g.statements.map((s) => (
                <li key={s.statementId}>
                  {text(s.statementId)} — {Math.round(s.groupProbability * 100)}% {s.direction}{" "}
                  (others {Math.round(s.restProbability * 100)}%)
                </li>
              ))}
            </ul>
          </section>
        ))}
      <section>
        <h3 className="mb-2 font-semibold">All statements</h3>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-2">
                  Statement
                </th>
                <th scope="col" className="px-2">
                  Agree
                </th>
                <th scope="col" className="px-2">
                  Disagree
                </th>
                <th scope="col" className="px-2">
                  Pass
                </th>
              </tr>
            </thead>
            <tbody>
              {results.tallies.map((t) => (
                <tr key={t.statementId} className="border-b border-slate-100">
                  <td className="py-1 pr-2">{text(t.statementId)}</td>
                  <td className="px-2">{t.agree}</td>
                  <td className="px-2">{t.disagree}</td>
                  <td className="px-2">{t.pass}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
