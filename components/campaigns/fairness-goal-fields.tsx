import { Choice, Input } from "./designer-inputs";
import type { DesignerSectionProps } from "./designer-state";

/** The "minority fairness relabeling" goal: which group is the minority and how to relabel. */
export function FairnessGoalFields({ state: s, set }: Pick<DesignerSectionProps, "state" | "set">) {
  return (
    <>
      <Input
        label="Minority group value"
        value={s.minority}
        onChange={(v) => set("minority", v)}
        hint="The value of the group column that marks the minority."
      />
      <Choice
        label="Relabeling method"
        value={s.method}
        onChange={(v) => set("method", v === "prob" ? "prob" : v === "dist" ? "dist" : "label")}
        options={[
          { value: "label", label: "label: majority model's label" },
          { value: "prob", label: "prob: sampled from its probability" },
          { value: "dist", label: "dist: match the majority's label rates" },
        ]}
      />
    </>
  );
}
