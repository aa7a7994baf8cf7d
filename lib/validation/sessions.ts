import { z } from "zod";

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} has at most ${max} characters`);

const sessionFormats = ["statements", "dots", "consent"] as const;

export const createSessionSchema = z
  .object({
    title: text(120, "A title"),
    format: z.enum(sessionFormats, { error: "Format must be statements, dots or consent" }),
    prompt: text(2000, "The prompt"),
    options: z.array(text(280, "An option")).max(50, "At most 50 options").optional(),
    seedStatements: z
      .array(text(280, "A statement"))
      .max(100, "At most 100 seed statements")
      .optional(),
    dots: z.coerce
      .number()
      .int("Whole dots")
      .min(1, "At least 1 dot")
      .max(100, "At most 100 dots")
      .optional(),
    maxPerOption: z.coerce.number().int().min(1).max(100).optional(),
    moderated: z.boolean().optional().default(false),
    /** Dot voting: take the options from an earlier (brainstorming) statement session. */
    optionsFromSessionId: z.uuid("Unknown session").optional(),
    closesAt: z.iso
      .datetime({ offset: true, error: "closesAt must be an ISO date-time" })
      .optional()
      .refine(
        (v) => v === undefined || new Date(v).getTime() > Date.now(),
        "The closing time must be in the future",
      ),
  })
  .superRefine((v, ctx) => {
    if (v.format === "dots" && !v.optionsFromSessionId && (v.options?.length ?? 0) < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "Dot voting needs at least 2 options",
      });
    }
  });

export const addStatementSchema = z.object({ text: text(280, "A statement") });

export const voteSchema = z.object({
  statementId: z.uuid("Unknown statement"),
  vote: z.enum(["agree", "disagree", "pass"], { error: "Vote agree, disagree or pass" }),
});

export const allocationsSchema = z.object({
  allocations: z
    .array(z.object({ optionId: z.string(), dots: z.number() }), {
      error: "allocations must be a list",
    })
    .max(100),
});

export const responseSchema = z.object({
  position: z.enum(["consent", "concern", "object", "block"], {
    error: "Position must be consent, concern, object or block",
  }),
  reason: z.string().trim().max(2000, "At most 2000 characters").optional(),
});

export const moderateSchema = z.object({ status: z.enum(["approved", "rejected"]) });
