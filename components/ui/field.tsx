import type { InputHTMLAttributes } from "react";
import { describedBy, FieldShell } from "./field-shell";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** Form field name; also gives the default id (`field-<name>`). */
  name?: string;
  hint?: string;
  errors?: string[];
}

/** A labelled input whose hint and errors are announced with it. */
export function Field({ label, name, hint, errors, id, ...rest }: FieldProps) {
  const inputId = id ?? `field-${name ?? label}`;
  return (
    <FieldShell id={inputId} label={label} hint={hint} errors={errors}>
      <input
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(inputId, hint, errors)}
        className="rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm aria-invalid:border-red-600"
        {...rest}
      />
    </FieldShell>
  );
}
