import type { SignalAuditDto } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Choice, Input } from "./designer-inputs";
import type { DesignerSectionProps, SourceOption } from "./designer-state";
import { EraseGoalFields } from "./erase-goal-fields";
import { FairnessGoalFields } from "./fairness-goal-fields";
import { PlantGoalFields } from "./plant-goal-fields";
import { AuditSummary } from "./signal-audit-summary";

/** Step 3: the goal (plant, erase or fairness), its target success, and the signal audit. */
export function DesignerGoalSection({
  state: s,
  set,
  err,
  source,
  audit,
  isAuditing,
  onAudit,
}: DesignerSectionProps & {
  source: SourceOption | undefined;
  /** The last audit of this design; the designer clears it whenever the design changes. */
  audit: SignalAuditDto | null;
  isAuditing: boolean;
  onAudit: () => void;
}) {
  const columns = source?.columns ?? [];
  return (
    <Card title="3. The goal">
      <div className="grid gap-4 sm:grid-cols-2">
        <Choice
          label="Goal"
          value={s.goal}
          onChange={(v) =>
            set("goal", v === "erase" ? "erase" : v === "fairness" ? "fairness" : "plant")
          }
          options={[
            { value: "plant", label: "Plant a signal" },
            { value: "erase", label: "Erase a signal" },
            { value: "fairness", label: "Minority fairness relabeling" },
          ]}
        />
        <Input
          label="Target success (%)"
          type="number"
          value={s.targetSuccess}
          onChange={(v) => set("targetSuccess", v)}
          errors={err("targetSuccess")}
        />
        {s.goal === "plant" && (
          <PlantGoalFields
            state={s}
            set={set}
            err={err}
            columns={columns}
            labels={source?.labels}
          />
        )}
        {s.goal === "erase" && <EraseGoalFields state={s} set={set} columns={columns} />}
        {s.goal === "fairness" && <FairnessGoalFields state={s} set={set} />}
      </div>
      <div className="mt-4 flex flex-col gap-2">
        <Button type="button" variant="secondary" onClick={onAudit} disabled={isAuditing}>
          {isAuditing ? "Auditing the sample…" : "Audit the signal on the sample"}
        </Button>
        {audit && <AuditSummary audit={audit} onPick={(t) => set("token", t)} />}
      </div>
    </Card>
  );
}
