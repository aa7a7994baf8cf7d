import { z } from "zod";
import { isStorableText, UNSTORABLE_MESSAGE } from "./storable";

// NUL and lone surrogates are also refused here, not only in parseInput: these schemas guard
// sign-in, which other callers may parse directly.

const handleSchema = z
  .string()
  .trim()
  .min(3, "A handle has at least 3 characters")
  .max(32, "A handle has at most 32 characters")
  .regex(/^[\p{L}\p{N}_.-]+$/u, "Use letters, numbers, dots, dashes or underscores");

const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters")
  .refine(isStorableText, UNSTORABLE_MESSAGE);

export const signUpSchema = z.object({
  handle: handleSchema,
  password: passwordSchema,
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email("Enter a valid email address or leave it empty"))
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const signInSchema = z.object({
  handle: z
    .string()
    .trim()
    .min(1, "Enter your handle")
    .max(64)
    .refine(isStorableText, UNSTORABLE_MESSAGE),
  password: z
    .string()
    .min(1, "Enter your password")
    .max(200)
    .refine(isStorableText, UNSTORABLE_MESSAGE),
});

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "Name the token")
  .max(64)
  .refine(isStorableText, UNSTORABLE_MESSAGE);

export const createTokenSchema = z.object({
  name: tokenNameSchema,
  handle: z.string().trim().max(64).refine(isStorableText, UNSTORABLE_MESSAGE).optional(),
  password: z.string().max(200).refine(isStorableText, UNSTORABLE_MESSAGE).optional(),
});
