import type { SteerPlanDto } from "@/lib/data/steer-campaigns";

const fmt = (v: number) => Number(v.toPrecision(3)).toLocaleString("en");
const pct = (v: number) => `${Number((v * 100).toPrecision(3))}%`;

/** A regression campaign's plan: what changes in the model, and how many it takes. */
export function SteerPlan({ plan }: { plan: SteerPlanDto }) {
  const changed = Object.keys(plan.target.weights).filter(
    (f) => plan.target.weights[f] !== plan.baseFit.weights[f],
  );
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="steer-plan">
      <ul className="list-disc pl-5">
        {changed.map((f) => (
          <li key={f}>
            The weight of {f}: {fmt(plan.baseFit.weights[f] ?? 0)} today, target{" "}
            {fmt(plan.target.weights[f] ?? 0)}.
          </li>
        ))}
        {plan.target.intercept !== undefined &&
          plan.target.intercept !== plan.baseFit.intercept && (
            <li>
              The intercept: {fmt(plan.baseFit.intercept ?? 0)} today, target{" "}
              {fmt(plan.target.intercept)}.
            </li>
          )}
      </ul>
      <p data-testid="steer-critical">
        {plan.criticalShare === null
          ? "Within the bounds members can report, no collective can reach this target."
          : `Critical size: ${pct(plan.criticalShare)} of the platform's data, about ${(plan.criticalMembers ?? 0).toLocaleString("en")} people.`}{" "}
        Each member&apos;s numbers are computed for a collective of{" "}
        {plan.plannedFor.toLocaleString("en")}.
      </p>
    </div>
  );
}
