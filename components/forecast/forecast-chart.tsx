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
import type { ForecastDto, ForecastResult } from "@/lib/data/forecasts";
import { pct, signedPoints } from "./format";
import { measureRows } from "./headline";
import { Swatch } from "./legend-swatch";

/**
 * The measure against collective size: the share of the rows the campaign must change that
 * it changes, mean and 95% band over seeds (evidence), with no campaign as a horizontal line,
 * raw success as a thin secondary line, the guarantee restated on the same rows as a dashed
 * line, the target and a marker where the collective stands. A table and a sentence carry
 * the same numbers for screen readers.
 */
export function ForecastChart({
  forecast,
  result,
}: {
  forecast: ForecastDto;
  result: ForecastResult;
}) {
  const population = forecast.populationSize;
  const rows = measureRows(result, population);
  const baseline = rows.find((r) => r.alpha === 0)?.moved ?? null;
  const measure = forecast.measure.short;
  const membersNow =
    forecast.snapshot.alpha === null ? null : Math.round(forecast.snapshot.alpha * population);
  const hasBound = rows.some((r) => r.bound !== null);
  const models = forecast.platformModels;
  const hasModels = models !== null && rows.some((r) => r.models !== null);
  return (
    <figure className="flex flex-col gap-2" data-testid="forecast-chart">
      <div className="h-72 w-full min-w-0" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 12, right: 12, bottom: 20, left: 0 }}>
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
              domain={[0, 1]}
              tickFormatter={(v: number) => pct(v)}
              tick={{ fontSize: 12 }}
              width={44}
            />
            <Tooltip
              formatter={(value, name) =>
                (Array.isArray(value)
                  ? value.map((v) => pct(Number(v))).join(" – ")
                  : pct(Number(value))) + ` ${String(name)}`
              }
              labelFormatter={(m: unknown) =>
                `${typeof m === "number" || typeof m === "string" ? m : ""} members`
              }
            />
            {hasModels && (
              <Area
                dataKey="models"
                name="range across platform models"
                stroke="#0f766e"
                strokeDasharray="3 3"
                fill="#14b8a6"
                fillOpacity={0.12}
                isAnimationActive={false}
              />
            )}
            <Area
              dataKey="band"
              name="95% band over seeds"
              stroke="none"
              fill="#6366f1"
              fillOpacity={0.18}
              isAnimationActive={false}
            />
            <Line
              dataKey="moved"
              name={`${measure} (mean)`}
              stroke="#4338ca"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
            <Line
              dataKey="success"
              name="raw success, all rows"
              stroke="#94a3b8"
              strokeWidth={1}
              dot={false}
              isAnimationActive={false}
            />
            {baseline !== null && (
              <ReferenceLine
                y={baseline}
                stroke="#64748b"
                strokeDasharray="1 3"
                label={{
                  value: `no campaign ${pct(baseline)}`,
                  position: "insideBottomRight",
                  fontSize: 12,
                  fill: "#475569",
                }}
              />
            )}
            {hasBound && (
              <Line
                dataKey="bound"
                name="guarantee under assumptions"
                stroke="#b45309"
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            )}
            <ReferenceLine
              y={forecast.targetSuccess}
              stroke="#047857"
              strokeDasharray="2 3"
              label={{
                value: `target ${pct(forecast.targetSuccess)}`,
                position: "insideTopLeft",
                fontSize: 12,
                fill: "#047857",
              }}
            />
            {membersNow !== null && (
              <ReferenceLine
                x={membersNow}
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
          <Swatch color="#4338ca" />
          {measure} (mean)
        </li>
        <li className="flex items-center gap-1">
          <Swatch color="#94a3b8" width={1} />
          raw success, all rows
        </li>
        {baseline !== null && (
          <li className="flex items-center gap-1">
            <Swatch color="#64748b" dash="1 3" />
            no campaign
          </li>
        )}
        <li className="flex items-center gap-1">
          <Swatch color="#6366f1" area={{ opacity: 0.25 }} />
          95% band over seeds
        </li>
        {hasModels && (
          <li className="flex items-center gap-1">
            <Swatch color="#14b8a6" area={{ opacity: 0.2, stroke: "#0f766e" }} dash="3 3" />
            range across the {models.models.length} platform models
          </li>
        )}
        {hasBound && (
          <li className="flex items-center gap-1">
            <Swatch color="#b45309" dash="6 4" />
            guarantee under assumptions
          </li>
        )}
        <li className="flex items-center gap-1">
          <Swatch color="#047857" dash="2 3" />
          target
        </li>
        {membersNow !== null && (
          <li className="flex items-center gap-1">
            <Swatch color="#be123c" vertical />
            where you are now
          </li>
        )}
      </ul>
      <figcaption className="text-sm text-slate-600">
        Share of the rows the campaign must change that it changes ({measure}), by number of active
        members, out of {population.toLocaleString("en")} platform users
        {baseline === null ? "." : `; with no campaign it is ${pct(baseline)}.`}
        {membersNow === null
          ? " Fewer than 5 members are active now."
          : ` ${membersNow} members are active now.`}
        {models
          ? ` The line follows the ${models.drivenBy.name}, the most pessimistic of the platform models ticked (${models.models.map((m) => m.name).join(", ")}); the shaded range spans them.`
          : ""}
      </figcaption>
      {/* A wrapper clips the table: a <table> ignores the 1px width of sr-only and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>Forecast: {measure} by number of active members</caption>
          <thead>
            <tr>
              <th scope="col">Active members</th>
              <th scope="col">Share of platform users</th>
              <th scope="col">Rows to change that changed (mean)</th>
              <th scope="col">95% band over seeds</th>
              {hasModels && <th scope="col">Range across platform models</th>}
              <th scope="col">Change over no campaign</th>
              <th scope="col">Raw success, all rows</th>
              <th scope="col">Guarantee under assumptions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.alpha}>
                <td>{r.members}</td>
                <td>{pct(r.alpha, 1)}</td>
                <td>{pct(r.moved)}</td>
                <td>
                  {pct(r.band[0])} to {pct(r.band[1])}
                </td>
                {hasModels && (
                  <td>{r.models ? `${pct(r.models[0])} to ${pct(r.models[1])}` : "unknown"}</td>
                )}
                <td>{r.lift === null ? "unknown" : signedPoints(r.lift)}</td>
                <td>{pct(r.success)}</td>
                <td>{r.bound === null ? "none" : pct(r.bound)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
