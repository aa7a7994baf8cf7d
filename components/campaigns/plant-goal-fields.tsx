import { useMemo } from "react";
import { Choice, Input } from "./designer-inputs";
import type { DesignerSectionProps } from "./designer-state";

/** The "plant a signal" goal: strategy, target label, and the signal (a token or a field value). */
export function PlantGoalFields({
  state: s,
  set,
  err,
  columns,
  labels,
}: DesignerSectionProps & {
  columns: string[];
  /** The sample's known labels; without them the target label is typed in. */
  labels?: string[];
}) {
  const textColumns = useMemo(
    () =>
      Object.entries(s.roles)
        .filter(([, r]) => r === "text")
        .map(([c]) => c),
    [s.roles],
  );
  return (
    <>
      <Choice
        label="Strategy"
        value={s.strategy}
        onChange={(v) => set("strategy", v === "feature-only" ? "feature-only" : "feature-label")}
        options={[
          { value: "feature-label", label: "Members add the signal and set the label" },
          { value: "feature-only", label: "Members can only add the signal" },
        ]}
      />
      {labels ? (
        <Choice
          label="Target label"
          value={s.target}
          onChange={(v) => set("target", v)}
          options={labels.map((l) => ({ value: l, label: l }))}
          errors={err("campaign.target")}
        />
      ) : (
        <Input
          label="Target label"
          value={s.target}
          onChange={(v) => set("target", v)}
          errors={err("campaign.target")}
        />
      )}
      <Choice
        label="Signal"
        value={s.signalKind}
        onChange={(v) => set("signalKind", v === "field" ? "field" : "text")}
        options={[
          { value: "text", label: "A token in a text field" },
          { value: "field", label: "A value in a field" },
        ]}
      />
      {s.signalKind === "text" ? (
        <>
          <Input
            label="Token"
            value={s.token}
            onChange={(v) => set("token", v)}
            errors={err("campaign.signal.token")}
          />
          <Choice
            label="Text field"
            value={s.column}
            onChange={(v) => set("column", v)}
            options={[
              {
                value: "",
                label: textColumns[0]
                  ? `${textColumns[0]} (first text column)`
                  : "first text column",
              },
              ...textColumns.slice(1).map((c) => ({ value: c, label: c })),
            ]}
          />
          <Choice
            label="Placement"
            value={s.placement}
            onChange={(v) =>
              set("placement", v === "start" ? "start" : v === "every" ? "every" : "end")
            }
            options={[
              { value: "end", label: "At the end" },
              { value: "start", label: "At the start" },
              { value: "every", label: "After every k-th word" },
            ]}
          />
          {s.placement === "every" && (
            <Input
              label="Every k words"
              type="number"
              value={s.every}
              onChange={(v) => set("every", v)}
            />
          )}
          <Input
            label="Variants (optional, comma-separated tokens)"
            value={s.variants}
            onChange={(v) => set("variants", v)}
            hint="Each member gets one; harder to filter, but each variant is rarer."
          />
        </>
      ) : (
        <>
          <Choice
            label="Field"
            value={s.column}
            onChange={(v) => set("column", v)}
            options={[
              { value: "", label: "Choose…" },
              ...columns.map((c) => ({ value: c, label: c })),
            ]}
          />
          <Input label="Value" value={s.value} onChange={(v) => set("value", v)} />
        </>
      )}
    </>
  );
}
