import * as z from "zod";

/** `true` when `schema` accepts `value`. */
export const ok = (schema: z.ZodType, value: unknown): boolean => schema.safeParse(value).success;
/** `n` ASCII letters: `n` code points and `n` UTF-16 units. */
export const a = (n: number): string => "a".repeat(n);
/** `n` fire emoji: `n` code points (what Discord counts) but `2n` UTF-16 units. */
export const fire = (n: number): string => "🔥".repeat(n);
/** An embed field. */
export const field = (name = "n", value = "v") => ({ name, value });
