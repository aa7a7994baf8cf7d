/** What a server action hands back to its form: a message and per-field errors, or success. */
export type FormState =
  | { ok: true; message?: string; data?: Record<string, string> }
  | { ok: false; message: string; fields?: Record<string, string[]> }
  | null;

/**
 * A server action as a form receives it: the page binds the ids and passes it in as a prop,
 * so components never import app/ (the action lives in the route's actions.ts).
 */
export type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;
