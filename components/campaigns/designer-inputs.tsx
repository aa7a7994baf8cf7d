import { useId } from "react";

export function Input(p: { label: string; value: string; onChange: (v: string) => void; type?: string; hint?: string; errors?: string[] }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">{p.label}</label>
      <input id={id} type={p.type ?? "text"} value={p.value} onChange={(e) => p.onChange(e.target.value)} aria-invalid={p.errors ? true : undefined} aria-describedby={p.hint || p.errors ? `${id}-d` : undefined} className="rounded-md border border-slate-300 px-3 py-2" />
      {(p.hint || p.errors) && (
        <p id={`${id}-d`} className={p.errors ? "text-sm text-red-700" : "text-xs text-slate-600"}>{p.errors?.join(" ") ?? p.hint}</p>
      )}
    </div>
  );
}

export function Choice(p: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; errors?: string[] }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">{p.label}</label>
      <select id={id} value={p.value} onChange={(e) => p.onChange(e.target.value)} className="rounded-md border border-slate-300 bg-white px-3 py-2" aria-describedby={p.errors ? `${id}-e` : undefined}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
      {p.errors && <p id={`${id}-e`} className="text-sm text-red-700">{p.errors.join(" ")}</p>}
    </div>
  );
}

export function Toggle(p: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} />
      <label htmlFor={id} className="text-sm">{p.label}</label>
    </div>
  );
}
