import type { ForecastDto, StressTest } from "@/lib/data/forecasts";
import { pct, signedPoints } from "./format";
import { stressBaselineText, stressCells, stressColumns } from "./headline";

function MembersNeededView({ forecast }: { forecast: ForecastDto }) {
  const m = forecast.membersNeeded;
  if (!m) return <p className="text-sm text-slate-600">No estimate yet.</p>;
  const approx = m.isUpperBound ? "at most " : "";
  return (
    <div className="flex flex-col gap-1">
      {m.stillNeeded === null ? (
        <p className="text-2xl font-semibold text-slate-900">
          Target not reached in the simulated range
        </p>
      ) : m.stillNeeded === 0 ? (
        <p className="text-2xl font-semibold text-emerald-700">Enough members now</p>
      ) : (
        <p className="text-2xl font-semibold text-slate-900">
          {approx}
          {m.stillNeeded.toLocaleString("en")} more
        </p>
      )}
      <p className="text-sm text-slate-600">
        Simulated:{" "}
        {m.total === null ? "not reached" : `${m.total.toLocaleString("en")} active members in all`}
        . Guarantee under assumptions:{" "}
        {m.theoreticalTotal === null
          ? "not reached"
          : `${m.theoreticalTotal.toLocaleString("en")} in all`}
        {m.theoreticalStillNeeded !== null && m.theoreticalStillNeeded > 0
          ? ` (${m.theoreticalStillNeeded.toLocaleString("en")} more)`
          : ""}
        .{m.isUpperBound ? " Fewer than 5 members are active, so this counts from zero." : ""}
      </p>
      {forecast.platformModels && (
        <p className="text-sm text-slate-600" data-testid="forecast-driven-by">
          {forecast.platformModels.sentence}
        </p>
      )}
    </div>
  );
}

function StressTable({ stress, population }: { stress: StressTest[]; population: number }) {
  const reference = stress.find((s) => s.id === "reference");
  const columns = stressColumns(stress, population);
  if (!reference?.points || columns.length === 0) return null;
  return (
    <section className="flex flex-col gap-1" aria-labelledby="fc-stress">
      <h3 id="fc-stress" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Stress tests
      </h3>
      <p className="text-sm text-slate-600">
        Share of the rows the campaign must change that it changes (fewer seeds), by active members;
        below it, the change over the same scenario with no campaign, and from the reference.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[18rem] text-left text-sm" data-testid="forecast-stress">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-2 font-medium">
                Scenario
              </th>
              {columns.map((c) => (
                <th key={c.alpha} scope="col" className="px-2 py-1 font-medium">
                  {c.label}
                  <span className="block text-xs font-normal text-slate-500">{c.share}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stress.map((s) => {
              const cells = stressCells(s, reference);
              const baseline = stressBaselineText(s);
              return (
                <tr key={s.id} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-1 pr-2 font-normal">
                    <span className="font-medium text-slate-900">{s.label}</span>
                    <span className="block text-xs text-slate-500">{s.description}</span>
                    {baseline && <span className="block text-xs text-slate-500">{baseline}</span>}
                    {s.privacy && (
                      <span className="block text-xs text-slate-500">
                        ε = {s.privacy.epsilon.toFixed(2)}
                      </span>
                    )}
                  </th>
                  {cells ? (
                    cells.map((c, i) => (
                      <td key={columns[i]?.alpha ?? i} className="px-2 py-1 tabular-nums">
                        {pct(c.moved)}
                        {c.lift !== null && (
                          <span className="block text-xs text-slate-700">
                            {signedPoints(c.lift)} over no campaign
                          </span>
                        )}
                        {c.vsReference !== null && (
                          <span className="block text-xs text-slate-500">
                            {signedPoints(c.vsReference)} vs reference
                          </span>
                        )}
                      </td>
                    ))
                  ) : (
                    <td colSpan={columns.length} className="px-2 py-1 text-slate-500">
                      {s.skipped ?? `Did not run: ${s.error ?? "unknown error"}`}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Beside the chart: members still needed, clean-accuracy change, data source, stress tests. */
export function ForecastDetails({ forecast }: { forecast: ForecastDto }) {
  const result = forecast.result;
  return (
    <div className="flex flex-col gap-4" data-testid="forecast-details">
      <section aria-labelledby="fc-needed">
        <h3 id="fc-needed" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Members still needed to change {pct(forecast.targetSuccess)} of the rows
        </h3>
        <MembersNeededView forecast={forecast} />
      </section>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Clean accuracy change (no collective vs now)</dt>
          <dd className="font-medium text-slate-900">
            {forecast.cleanAccuracyChange === null
              ? "not shown (fewer than 5 active)"
              : signedPoints(forecast.cleanAccuracyChange)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Simulated on</dt>
          <dd className="font-medium text-slate-900">{forecast.dataSourceLabel}</dd>
          <dd className="text-xs text-slate-500">
            {forecast.dataSource === "members"
              ? "Enough members confirmed that their own records shape the simulation."
              : "Too few confirmed records yet: the platform's proxy sample stands in for the collective."}
          </dd>
        </div>
        {result?.privacy && (
          <div>
            <dt className="text-slate-500">Platform model privacy</dt>
            <dd className="font-medium text-slate-900">
              ε = {result.privacy.epsilon.toFixed(2)}, δ = {result.privacy.delta}
            </dd>
          </div>
        )}
        {result && (
          <div>
            <dt className="text-slate-500">Computed</dt>
            <dd className="text-slate-900">
              {result.runs} runs in {result.seconds.toFixed(0)} s ({result.backend}), seed{" "}
              {forecast.seed}
            </dd>
          </div>
        )}
      </dl>
      {result && <StressTable stress={result.stress} population={forecast.populationSize} />}
    </div>
  );
}
