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
import type { ForecastDto } from "@/lib/data/forecasts";
import type { SteerForecastView as View } from "@/lib/data/steer-forecast-dto";
import { Swatch } from "@/components/forecast/legend-swatch";

const fmt = (v: number) => Number(v.toPrecision(3)).toLocaleString("en");
const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * A steering forecast: the followed parameter's fitted value against active members (mean and
 * 95% band over seeds), the target and today's value as horizontal lines, the critical size
 * and where the collective stands as vertical ones. A table carries the same numbers.
 */
export function SteerForecastView({ forecast, view }: { forecast: ForecastDto; view: View }) {
  const rows = view.points.map((p) => ({
    members: p.members,
    value: p.value.mean,
    band: [p.value.low, p.value.high],
  }));
  const planned = view.critical.planned;
  const needed = forecast.membersNeeded;
  return (
    <div className="flex flex-col gap-3" data-testid="steer-forecast">
      <p className="text-sm text-slate-800" data-testid="forecast-headline">
        {view.headline}
      </p>
      {needed?.stillNeeded !== null && needed !== null && (
        <p className="text-sm font-medium text-slate-900" data-testid="members-needed">
          Members still needed: {needed.isUpperBound ? "at most " : ""}
          {needed.stillNeeded.toLocaleString("en")}
          {needed.isUpperBound ? " (fewer than 5 are active, so counted from zero)" : ""}.
        </p>
      )}
      <figure className="flex flex-col gap-2" data-testid="forecast-chart">
        <div className="h-72 w-full min-w-0" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={rows} margin={{ top: 12, right: 12, bottom: 20, left: 8 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis
                dataKey="members"
                type="number"
                domain={[0, "dataMax"]}
                tick={{ fontSize: 12 }}
                label={{
                  value: "active members",
                  position: "insideBottom",
                  offset: -12,
                  fontSize: 12,
                }}
              />
              <YAxis
                domain={["auto", "auto"]}
                tickFormatter={(v: number) => fmt(v)}
                tick={{ fontSize: 12 }}
                width={52}
              />
              <Tooltip
                formatter={(value, name) =>
                  (Array.isArray(value)
                    ? value.map((v) => fmt(Number(v))).join(" – ")
                    : fmt(Number(value))) + ` ${String(name)}`
                }
                labelFormatter={(m: unknown) =>
                  `${typeof m === "number" || typeof m === "string" ? m : ""} members`
                }
              />
              <Area
                dataKey="band"
                name="95% band over seeds"
                stroke="none"
                fill="#6366f1"
                fillOpacity={0.18}
                isAnimationActive={false}
              />
              <Line
                dataKey="value"
                name={`${view.parameter.label} (fitted, mean)`}
                stroke="#4338ca"
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
              <ReferenceLine
                y={view.parameter.target}
                stroke="#047857"
                strokeDasharray="2 3"
                label={{
                  value: `target ${fmt(view.parameter.target)}`,
                  position: "insideTopLeft",
                  fontSize: 12,
                  fill: "#047857",
                }}
              />
              <ReferenceLine
                y={view.parameter.base}
                stroke="#64748b"
                strokeDasharray="1 3"
                label={{
                  value: `today ${fmt(view.parameter.base)}`,
                  position: "insideBottomRight",
                  fontSize: 12,
                  fill: "#475569",
                }}
              />
              {planned !== null && (
                <ReferenceLine
                  x={planned}
                  stroke="#b45309"
                  strokeDasharray="6 4"
                  label={{
                    value: "critical size",
                    position: "insideTopRight",
                    fontSize: 12,
                    fill: "#b45309",
                  }}
                />
              )}
              {view.activeNow !== null && (
                <ReferenceLine
                  x={view.activeNow}
                  stroke="#be123c"
                  label={{
                    value: "you are here",
                    position: "insideTopLeft",
                    fontSize: 12,
                    fill: "#be123c",
                  }}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-hidden="true">
          <li className="flex items-center gap-1">
            <Swatch color="#4338ca" /> fitted {view.parameter.label} (mean)
          </li>
          <li className="flex items-center gap-1">
            <Swatch color="#6366f1" area={{ opacity: 0.25 }} /> 95% band over seeds
          </li>
          <li className="flex items-center gap-1">
            <Swatch color="#047857" dash="2 3" /> target
          </li>
          <li className="flex items-center gap-1">
            <Swatch color="#64748b" dash="1 3" /> the platform&apos;s model today
          </li>
          {planned !== null && (
            <li className="flex items-center gap-1">
              <Swatch color="#b45309" dash="6 4" /> critical size ({planned.toLocaleString("en")}{" "}
              members)
            </li>
          )}
        </ul>
        <figcaption className="text-sm text-slate-600">
          The platform&apos;s fitted {view.parameter.label} by number of active members, out of{" "}
          {forecast.populationSize.toLocaleString("en")} people
          {view.strategy === "control" ? ", with the platform training step by step (SGD)" : ""}.
          {view.activeNow === null
            ? " Fewer than 5 members are active now."
            : ` ${view.activeNow.toLocaleString("en")} members are active now.`}
          {view.critical.theoretical !== null
            ? ` The bound from the data and the bounds alone (alpha_crit) is ${view.critical.theoretical.toLocaleString("en")} members.`
            : ""}
          {view.noiseFloor !== null
            ? ` With the platform's step size, its number of steps and its noise, theory expects its step-by-step training to end about ${fmt(Math.sqrt(view.noiseFloor))} from the target (over all parameters).`
            : ""}
        </figcaption>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="steer-table">
            <caption className="sr-only">
              Forecast: fitted {view.parameter.label} by number of active members
            </caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-2">
                  Active members
                </th>
                <th scope="col" className="px-2">
                  Fitted {view.parameter.key}
                </th>
                <th scope="col" className="px-2">
                  95% band
                </th>
                <th scope="col" className="px-2">
                  Of the way to the target
                </th>
                <th scope="col" className="px-2">
                  Platform&apos;s error (held-out {view.learner === "logistic" ? "log-loss" : "MSE"}
                  )
                </th>
              </tr>
            </thead>
            <tbody>
              {view.points.map((p) => (
                <tr key={p.alpha} className="border-b border-slate-100">
                  <td className="py-1 pr-2">{p.members.toLocaleString("en")}</td>
                  <td className="px-2">{fmt(p.value.mean)}</td>
                  <td className="px-2">
                    {fmt(p.value.low)} to {fmt(p.value.high)}
                  </td>
                  <td className="px-2">{pct(p.progress)}</td>
                  <td className="px-2">{fmt(p.cleanLoss.mean)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
    </div>
  );
}
