import type { SelectHTMLAttributes } from "react";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  errors?: string[];
}

export function SelectField({ label, name, options, errors, id, ...rest }: SelectFieldProps) {
  const selectId = id ?? `field-${name}`;
  const errorId = errors?.length ? `${selectId}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={selectId} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={selectId}
        name={name}
        aria-describedby={errorId}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errorId && (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
