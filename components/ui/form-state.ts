/** What a server action hands back to its form: a message and per-field errors, or success. */
export type FormState =
  | { ok: true; message?: string; data?: Record<string, string> }
  | { ok: false; message: string; fields?: Record<string, string[]> }
  | null;
