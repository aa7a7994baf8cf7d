import type { FormState } from "./form-state";

/** One line under a form; a live region so screen readers hear the outcome. */
export function FormMessage({ state }: { state: FormState }) {
  return (
    <p
      aria-live="polite"
      data-testid="form-message"
      className={state && !state.ok ? "text-sm text-red-700" : "text-sm text-green-800"}
    >
      {state?.message ?? ""}
    </p>
  );
}
