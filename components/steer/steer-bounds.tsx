type Bounds = Record<string, { low: string; high: string }>;

/**
 * What each member can plausibly report, per field: a low and a high. A field left blank is
 * never changed (members report their own value).
 */
export function SteerBounds({
  fields,
  bounds,
  onChange,
  errors,
}: {
  fields: string[];
  bounds: Bounds;
  onChange: (b: Bounds) => void;
  errors: Record<string, string[]>;
}) {
  const edit = (f: string, side: "low" | "high", v: string) =>
    onChange({
      ...bounds,
      [f]: { low: bounds[f]?.low ?? "", high: bounds[f]?.high ?? "", [side]: v },
    });
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-slate-600">
        A member&apos;s computed numbers stay within these. Leave a field blank to never change it.
      </p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-2">
              Field
            </th>
            <th scope="col" className="px-2">
              Lowest
            </th>
            <th scope="col" className="px-2">
              Highest
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row" className="py-1 pr-2 font-normal">
                {f}
              </th>
              {(["low", "high"] as const).map((side) => (
                <td key={side} className="px-2 py-1">
                  <input
                    type="number"
                    aria-label={`${f}, ${side === "low" ? "lowest" : "highest"}`}
                    className="w-28 rounded-md border border-slate-300 px-2 py-1"
                    value={bounds[f]?.[side] ?? ""}
                    onChange={(e) => edit(f, side, e.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {Object.entries(errors)
        .filter(([k]) => k.startsWith("campaign.bounds"))
        .map(([k, v]) => (
          <p key={k} className="text-sm text-red-700">
            {v.join("; ")}
          </p>
        ))}
    </div>
  );
}
