import { z } from "zod";

/** Years PostgreSQL, JavaScript and ISO 8601 all agree on; anything outside is a typo or a probe. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

/** `before` pages the audit log back: an ISO date or date-time (as `nextBefore` gives it). */
const auditBeforeSchema = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Use an ISO date, e.g. 2025-01-31T12:00:00Z",
  })
  .transform((s) => new Date(s))
  .refine(
    (d) => !Number.isNaN(d.getTime()) && d.getTime() >= EARLIEST && d.getTime() < LATEST,
    "Between 1970 and 9999",
  );

export const auditPageSchema = z.object({ before: auditBeforeSchema.optional() });
