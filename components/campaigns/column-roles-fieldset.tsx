import { Choice } from "./designer-inputs";
import type { Role } from "./designer-state";

const roleOptions: Role[] = ["ignore", "label", "text", "categorical", "numeric", "group"];

/** One role per column of the chosen sample: which is the label, the text, a group, and so on. */
export function ColumnRolesFieldset({
  columns,
  roles,
  onChange,
  errors,
}: {
  columns: string[];
  roles: Record<string, Role>;
  onChange: (roles: Record<string, Role>) => void;
  errors?: string[];
}) {
  return (
    <fieldset className="mt-4">
      <legend className="mb-2 text-sm font-medium">What each column is</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {columns.map((c) => (
          <Choice
            key={c}
            label={c}
            value={roles[c] ?? "ignore"}
            onChange={(v) =>
              onChange({ ...roles, [c]: roleOptions.find((r) => r === v) ?? "ignore" })
            }
            options={roleOptions.map((r) => ({ value: r, label: r }))}
          />
        ))}
      </div>
      {errors && <p className="mt-1 text-sm text-red-700">{errors.join(" ")}</p>}
    </fieldset>
  );
}
