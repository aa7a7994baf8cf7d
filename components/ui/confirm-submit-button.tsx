"use client";

import { useFormStatus } from "react-dom";
import { Button } from "./button";

/** A submit button for destructive actions: asks first, says what it is doing while pending. */
export function ConfirmSubmitButton({
  children,
  question,
  pendingText = "Working…",
  label,
}: {
  children: React.ReactNode;
  question: string;
  pendingText?: string;
  /** Accessible name when the visible text alone is ambiguous (e.g. "Revoke" in a list). */
  label?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button
      type="submit"
      variant="danger"
      disabled={pending}
      aria-label={label}
      onClick={(e) => {
        if (!window.confirm(question)) e.preventDefault();
      }}
    >
      {pending ? pendingText : children}
    </Button>
  );
}
