import { z } from "zod";
import { roles } from "@/lib/permissions";

const roleSchema = z.enum(roles, { error: "Role must be member, facilitator or organizer" });

export const createCollectiveSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "A name has at least 2 characters")
    .max(80, "At most 80 characters"),
  description: z.string().trim().max(2000, "At most 2000 characters").optional().default(""),
  platform: z.string().trim().max(120, "At most 120 characters").optional().default(""),
});

export const createInviteSchema = z.object({
  role: roleSchema.default("member"),
  expiresInHours: z.coerce
    .number()
    .int("Whole hours")
    .min(1, "At least 1 hour")
    .max(24 * 90, "At most 90 days")
    .default(24 * 7),
  maxUses: z.coerce
    .number()
    .int("A whole number")
    .min(1, "At least 1")
    .max(1000, "At most 1000")
    .default(10),
});

export const changeRoleSchema = z.object({ role: roleSchema });

export const uuidSchema = z.uuid("Not a valid id");
