import { Choice, Input } from "./designer-inputs";
import type { DesignerSectionProps } from "./designer-state";

/** The "erase a signal" goal: a whole field, or a token in the text. */
export function EraseGoalFields({
  state: s,
  set,
  columns,
}: Pick<DesignerSectionProps, "state" | "set"> & { columns: string[] }) {
  return (
    <>
      <Choice
        label="Erase"
        value={s.eraseKind}
        onChange={(v) => set("eraseKind", v === "token" ? "token" : "field")}
        options={[
          { value: "field", label: "A whole field" },
          { value: "token", label: "A token in text" },
        ]}
      />
      {s.eraseKind === "field" ? (
        <Choice
          label="Field"
          value={s.column}
          onChange={(v) => set("column", v)}
          options={[
            { value: "", label: "Choose…" },
            ...columns.map((c) => ({ value: c, label: c })),
          ]}
        />
      ) : (
        <Input label="Token" value={s.token} onChange={(v) => set("token", v)} />
      )}
    </>
  );
}
