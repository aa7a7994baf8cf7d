/**
 * Label, control, hint and errors for one form control: the one place that wires the
 * hint and errors to the control (aria-describedby) so screen readers announce them.
 */
export function describedBy(id: string, hint?: string, errors?: string[]): string | undefined {
  return (
    [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") ||
    undefined
  );
}

export function FieldShell({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.map((e) => (
            <span key={e} className="block">
              {e}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
