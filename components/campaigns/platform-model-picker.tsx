import { useId } from "react";
import { PLATFORM_MODELS } from "@/lib/platform-models";
import type { LearnerKind } from "@/ml/types";

/**
 * The plausible platform models a forecast runs against. The real model is unknown, so the
 * organizer ticks the ones the platform might run; the forecast shows the range they span
 * and plans from the most pessimistic, which the text says before the first forecast.
 */
export function PlatformModelPicker({
  value,
  onChange,
  errors,
}: {
  value: readonly LearnerKind[];
  onChange: (v: LearnerKind[]) => void;
  errors?: string[];
}) {
  const id = useId();
  const toggle = (kind: LearnerKind, on: boolean) =>
    onChange(
      PLATFORM_MODELS.map((m) => m.kind).filter((k) => (k === kind ? on : value.includes(k))),
    );
  const none = value.length === 0;
  return (
    <fieldset aria-describedby={`${id}-help`} className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">Models the platform might run</legend>
      <p id={`${id}-help`} className="text-sm text-slate-600">
        Nobody outside the platform knows its real model, and the same campaign can need very
        different numbers of members on different models. The forecast runs your campaign against
        each model you tick and shows the range they span; members still needed follow the most
        pessimistic one, so that model is the assumption that drives the number.
      </p>
      <div className="grid gap-2 sm:grid-cols-2">
        {PLATFORM_MODELS.map((m) => (
          <div key={m.kind} className="flex items-start gap-2">
            <input
              id={`${id}-${m.kind}`}
              type="checkbox"
              className="mt-1"
              checked={value.includes(m.kind)}
              onChange={(e) => toggle(m.kind, e.target.checked)}
              aria-describedby={`${id}-${m.kind}-hint`}
            />
            <div className="text-sm">
              <label htmlFor={`${id}-${m.kind}`}>{m.label}</label>
              <span id={`${id}-${m.kind}-hint`} className="block text-xs text-slate-500">
                {m.hint}
              </span>
            </div>
          </div>
        ))}
      </div>
      {(none || errors) && (
        <p className="text-sm text-red-700" role="alert">
          {none ? "Tick at least one model." : errors?.join(" ")}
        </p>
      )}
      {value.length > 1 && (
        <p className="text-xs text-slate-500">
          Each model adds a full sweep: a forecast with {value.length} models takes about{" "}
          {value.length} times as long.
        </p>
      )}
    </fieldset>
  );
}
