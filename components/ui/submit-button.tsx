"use client";

import { useFormStatus } from "react-dom";
import { Button } from "./button";

/** Disables itself and says so while its form is submitting. */
export function SubmitButton({
  children,
  pendingText = "Working…",
  variant,
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
      {pending ? pendingText : children}
    </Button>
  );
}
