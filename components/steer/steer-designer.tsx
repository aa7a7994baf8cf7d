"use client";

/** Being built (issue 13). */
export function SteerDesigner(_props: {
  collectiveId: string;
  datasets: { value: string; label: string; columns: string[] }[];
  initialName?: string;
}) {
  return null;
}
