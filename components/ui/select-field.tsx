import type { SelectHTMLAttributes } from "react";
import { describedBy, FieldShell } from "./field-shell";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  /** Form field name; also gives the default id (`field-<name>`). */
  name?: string;
  options: readonly { value: string; label: string }[];
  errors?: string[];
}

export function SelectField({ label, name, options, errors, id, ...rest }: SelectFieldProps) {
  const selectId = id ?? `field-${name ?? label}`;
  return (
    <FieldShell id={selectId} label={label} errors={errors}>
      <select
        id={selectId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(selectId, undefined, errors)}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
