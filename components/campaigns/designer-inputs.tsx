import { useId } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";

// The designer's controlled inputs are the shared form controls with a generated id
// (column names can repeat labels used elsewhere on the page) and a value-only onChange.

export function Input(p: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  hint?: string;
  errors?: string[];
}) {
  const id = useId();
  return (
    <Field
      id={id}
      label={p.label}
      type={p.type ?? "text"}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
      hint={p.hint}
      errors={p.errors}
    />
  );
}

export function Choice(p: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  errors?: string[];
}) {
  const id = useId();
  return (
    <SelectField
      id={id}
      label={p.label}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
      options={p.options}
      errors={p.errors}
    />
  );
}

export function Toggle(p: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input
        id={id}
        type="checkbox"
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={id} className="text-sm">
        {p.label}
      </label>
    </div>
  );
}
