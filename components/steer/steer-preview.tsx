import type { SteerPreviewDto } from "@/components/ui/api-client";

const fmt = (v: number) => Number(v.toPrecision(3)).toLocaleString("en");
const pct = (v: number) => `${Number((v * 100).toPrecision(3))}%`;

/** The design's consequence before launch: the model today, the target, the critical size. */
export function SteerPreview({
  preview,
  population,
}: {
  preview: SteerPreviewDto;
  population: number;
}) {
  const { baseFit, target, critical } = preview;
  const names = Object.keys(target.weights);
  return (
    <div
      className="flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm"
      data-testid="steer-preview"
    >
      <table className="w-full text-left">
        <caption className="sr-only">The platform&apos;s model today and the target</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Today</th>
            <th scope="col">Target</th>
          </tr>
        </thead>
        <tbody>
          {names.map((f) => (
            <tr key={f}>
              <th scope="row" className="font-normal">
                weight of {f}
              </th>
              <td>{fmt(baseFit.weights[f] ?? 0)}</td>
              <td>{fmt(target.weights[f] ?? 0)}</td>
            </tr>
          ))}
          {target.intercept !== undefined && (
            <tr>
              <th scope="row" className="font-normal">
                intercept
              </th>
              <td>{fmt(baseFit.intercept ?? 0)}</td>
              <td>{fmt(target.intercept)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {critical.planned === null ? (
        <p className="text-red-700" data-testid="critical-size">
          Within these bounds no collective can move the model to this target. Widen what members
          can report, or choose a nearer target.
        </p>
      ) : (
        <p data-testid="critical-size">
          <strong>
            Critical size: {pct(critical.planned)} of the platform&apos;s data
            {critical.members !== undefined && Number.isFinite(population)
              ? `, about ${critical.members.toLocaleString("en")} of ${population.toLocaleString("en")} people`
              : ""}
            .
          </strong>{" "}
          Below it the members pull the model towards the target without reaching it; from it on,
          their reports together make the platform&apos;s fit land on the target.
          {critical.alpha !== null && critical.alpha < critical.planned
            ? ` (The bound from the data alone, ${pct(critical.alpha)}, assumes every member could push in the best direction at once.)`
            : ""}
        </p>
      )}
    </div>
  );
}
