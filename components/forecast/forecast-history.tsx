import type { ForecastSummaryDto } from "@/lib/data/forecasts";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC";

/** Earlier forecasts side by side, so organizers can see how the outlook moved. */
export function ForecastHistory({ forecasts }: { forecasts: ForecastSummaryDto[] }) {
  if (forecasts.length < 2) return null;
  return (
    <details className="mt-4" data-testid="forecast-history">
      <summary className="cursor-pointer text-sm font-medium">
        Earlier forecasts ({forecasts.length})
      </summary>
      <div className="overflow-x-auto">
        <table className="mt-2 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-1 pr-2">
                When
              </th>
              <th scope="col" className="px-2">
                Why
              </th>
              <th scope="col" className="px-2">
                Data
              </th>
              <th scope="col" className="px-2">
                Status
              </th>
              <th scope="col" className="px-2">
                Members still needed
              </th>
            </tr>
          </thead>
          <tbody>
            {forecasts.map((f) => (
              <tr key={f.id} className="border-b border-slate-100">
                <td className="py-1 pr-2">{when(f.createdAt)}</td>
                <td className="px-2">
                  {f.trigger === "auto" ? "confirmations changed" : "requested"}
                </td>
                <td className="px-2">{f.dataSourceLabel}</td>
                <td className="px-2">{f.status}</td>
                <td className="px-2">
                  {f.membersNeeded?.stillNeeded === null || f.membersNeeded === null
                    ? "not reached in range"
                    : `${f.membersNeeded.isUpperBound ? "at most " : ""}${f.membersNeeded.stillNeeded}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
