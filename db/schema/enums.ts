import { pgEnum } from "drizzle-orm/pg-core";

/** Mirrors `roles` in lib/permissions.ts; the order is least to most powerful. */
export const roleEnum = pgEnum("role", ["member", "facilitator", "organizer"]);
