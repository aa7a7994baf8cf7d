"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { RecommenderForecastView as View } from "@/lib/data/recommender-forecast-dto";

const pct = (v: number) => `${Number((v * 100).toPrecision(2))}%`;
const times = (v: number) => `${v.toFixed(1)}×`;
const count = (n: number) => n.toLocaleString("en");

function rowsOf(view: View) {
  return view.points.map((p) => {
    const s = view.stress.find((x) => x.alpha === p.alpha);
    return {
      members: count(p.members),
      amplification: p.amplification.mean,
      ampBand: [p.amplification.low, p.amplification.high] as [number, number],
      share: p.share.mean,
      shareBand: [p.share.low, p.share.high] as [number, number],
      stressed: s?.share.mean ?? null,
    };
  });
}

/** One small chart: a mean line with its 95% band against active members (a category axis). */
function Chart({
  rows,
  mean,
  band,
  name,
  format,
  reference,
  extra,
}: {
  rows: ReturnType<typeof rowsOf>;
  mean: "amplification" | "share";
  band: "ampBand" | "shareBand";
  name: string;
  format: (v: number) => string;
  reference: { y: number; label: string; color: string };
  extra?: { key: "stressed"; name: string };
}) {
  return (
    <div className="h-56 w-full min-w-0" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 12, right: 12, bottom: 20, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis
            dataKey="members"
            tick={{ fontSize: 11 }}
            label={{ value: "active members", position: "insideBottom", offset: -12, fontSize: 12 }}
          />
          <YAxis tickFormatter={format} tick={{ fontSize: 11 }} width={48} />
          <Tooltip
            formatter={(value, n) =>
              (Array.isArray(value)
                ? value.map((v) => format(Number(v))).join(" – ")
                : format(Number(value))) + ` ${String(n)}`
            }
          />
          <Area
            dataKey={band}
            name="95% band over seeds"
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.18}
            isAnimationActive={false}
          />
          <Line
            dataKey={mean}
            name={name}
            stroke="#4338ca"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          {extra && (
            <Line
              dataKey={extra.key}
              name={extra.name}
              stroke="#b45309"
              strokeDasharray="5 4"
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          )}
          <ReferenceLine
            y={reference.y}
            stroke={reference.color}
            strokeDasharray="2 3"
            label={{
              value: reference.label,
              position: "insideTopLeft",
              fontSize: 12,
              fill: reference.color,
            }}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * A recommender forecast: how much more often the item is recommended than its share of
 * playlists (amplification) and the share of recommendation lists holding it, against active
 * members, each with its 95% band over seeds; the target share; the stress test with a
 * second collective; and the side effect on recommendation quality (NDCG). A table carries
 * the same numbers for screen readers.
 */
export function RecommenderForecastView({ view }: { view: View }) {
  const rows = rowsOf(view);
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-800" data-testid="forecast-headline">
        {view.headline}
      </p>
      <p className="text-sm text-slate-800" data-testid="members-needed">
        {view.critical === null
          ? "Members still needed: more than the simulated range."
          : `Members needed for the target: about ${count(view.critical)}${
              view.activeNow !== null
                ? `, ${count(Math.max(0, view.critical - view.activeNow))} more than the ${count(view.activeNow)} active now`
                : " (active members are counted once there are at least 5)"
            }.`}
      </p>
      <figure className="flex flex-col gap-2" data-testid="forecast-chart">
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <div>
            <h3 className="text-sm font-medium text-slate-800">
              Amplification (recommendations over presence)
            </h3>
            <Chart
              rows={rows}
              mean="amplification"
              band="ampBand"
              name="amplification (mean)"
              format={times}
              reference={{ y: 1, label: "1× = no lift", color: "#64748b" }}
            />
          </div>
          <div>
            <h3 className="text-sm font-medium text-slate-800">
              Share of recommendation lists holding the item
            </h3>
            <Chart
              rows={rows}
              mean="share"
              band="shareBand"
              name="share (mean)"
              format={pct}
              reference={{ y: view.target, label: `target ${pct(view.target)}`, color: "#047857" }}
              extra={{ key: "stressed", name: "with a second collective as large" }}
            />
          </div>
        </div>
        <figcaption className="text-xs text-slate-600">
          Lines are means and shaded bands 95% intervals over seeds, from the shadow recommender (
          {view.learner}, top {view.topK}) retrained on {count(view.sample.sequences)} playlists
          with members inserting the item ({view.strategy}); the dashed orange line is the share
          when a second collective of the same size promotes another item.
        </figcaption>
      </figure>
      <p className="text-sm text-slate-700" data-testid="forecast-stress">
        Stress test: {view.stressSentence}
      </p>
      <p className="text-sm text-slate-700" data-testid="forecast-ndcg">
        Side effect: {view.ndcgSentence}
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">The numbers as a table</summary>
        <div className="overflow-x-auto">
          <table className="mt-2 min-w-full text-left">
            <caption className="sr-only">
              Amplification, share of recommendation lists and NDCG by active members
            </caption>
            <thead>
              <tr>
                {[
                  "Active members",
                  "Amplification (95% band)",
                  "Share of lists",
                  "With a second collective",
                  "NDCG",
                ].map((h) => (
                  <th key={h} scope="col" className="pr-3 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.points.map((p) => {
                const s = view.stress.find((x) => x.alpha === p.alpha);
                return (
                  <tr key={p.alpha}>
                    <th scope="row" className="pr-3 font-normal">
                      {count(p.members)}
                    </th>
                    <td className="pr-3">
                      {times(p.amplification.mean)} ({times(p.amplification.low)}–
                      {times(p.amplification.high)})
                    </td>
                    <td className="pr-3">{pct(p.share.mean)}</td>
                    <td className="pr-3">{s ? pct(s.share.mean) : "–"}</td>
                    <td className="pr-3">{p.ndcg.mean.toFixed(3)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
      <p className="text-xs text-slate-500">
        Forecast on {count(view.sample.sequences)} sample playlists ({count(view.sample.evaluated)}{" "}
        held out per run) in {view.sample.seconds.toFixed(1)} s. The simulated collective is drawn
        from the sample: members&apos; own playlists are never pooled.
      </p>
    </div>
  );
}
