import { Card } from "@/components/ui/card";
import { ColumnRolesFieldset } from "./column-roles-fieldset";
import { Choice, Input } from "./designer-inputs";
import type { DesignerSectionProps, SourceOption } from "./designer-state";

/** Step 1: the campaign's name, the population sample and what each of its columns is. */
export function DesignerPopulationSection({
  state: s,
  set,
  err,
  sources,
  columns,
  onPickSource,
}: DesignerSectionProps & {
  sources: SourceOption[];
  /** The chosen sample's columns. */
  columns: string[];
  /** Picking a sample also resets the column roles and the target label, so it is not `set`. */
  onPickSource: (value: string) => void;
}) {
  return (
    <Card title="1. The platform and its population">
      <div className="grid gap-4 sm:grid-cols-2">
        <Input
          label="Campaign name"
          value={s.name}
          onChange={(v) => set("name", v)}
          errors={err("name")}
        />
        <Choice
          label="Population sample"
          value={s.source}
          onChange={onPickSource}
          options={sources.map((o) => ({ value: o.value, label: o.label }))}
          errors={err("datasetId") ?? err("sample")}
        />
        <Input
          label="Estimated people on the platform"
          type="number"
          value={s.populationSize}
          onChange={(v) => set("populationSize", v)}
          errors={err("populationSize")}
          hint="alpha = active members / this number"
        />
      </div>
      {columns.length > 0 && (
        <ColumnRolesFieldset
          columns={columns}
          roles={s.roles}
          onChange={(roles) => set("roles", roles)}
          errors={err("data")}
        />
      )}
    </Card>
  );
}
